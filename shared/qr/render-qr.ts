/**
 * Renders QR codes. The `qrcode` package builds the symbol: it picks the smallest version that
 * holds the content at the chosen error-correction level, and the most compact mix of encoding
 * modes. PNGs are encoded here, 1 bit per pixel, with the deflate step on libuv's thread pool, so a
 * large image costs the event loop little more than copying its rows.
 */
import { DEFAULT_QR_PNG_SIZE, QR_PNG_MAX_WIDTH } from './qr-sizes.ts';

export { DEFAULT_QR_PNG_SIZE, QR_PNG_MAX_WIDTH };
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import QRCode from 'qrcode';
import { QR_QUIET_ZONE, type QrErrorCorrection } from './qr-content.ts';

const deflateAsync = promisify(deflate);

/** Facts about a symbol, for benchmarks and layout. */
export interface QrSymbolInfo {
  /** QR version, 1–40. */
  readonly version: number;
  /** Modules per side, without the quiet zone. */
  readonly modules: number;
  readonly errorCorrection: QrErrorCorrection;
}

/** A symbol's modules: `size` × `size`, row by row, 1 for dark. */
export interface QrSymbol {
  readonly version: number;
  readonly size: number;
  readonly data: Uint8Array;
}

/** The symbol for `text` (the costly step: the library tries every mask). */
export function qrSymbol(text: string, errorCorrection: QrErrorCorrection): QrSymbol {
  const qr = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
  return { version: qr.version, size: qr.modules.size, data: qr.modules.data };
}

/** Version and module count of the symbol for `text`. */
export function qrSymbolInfo(text: string, errorCorrection: QrErrorCorrection): QrSymbolInfo {
  const { version, size } = qrSymbol(text, errorCorrection);
  return { version, modules: size, errorCorrection };
}

/**
 * Whole pixels per module so that the image, quiet zone included, is at most `maxWidth` wide
 * (at least 1: a symbol never gets blurred by fractional modules).
 */
export function pixelsPerModule(modules: number, maxWidth: number): number {
  return Math.max(1, Math.floor(maxWidth / (modules + 2 * QR_QUIET_ZONE)));
}

/** Pixels per module of a PNG of `modules` modules asked to be at most `maxWidth` wide (capped at {@link QR_PNG_MAX_WIDTH}). */
export function pngScale(modules: number, maxWidth = DEFAULT_QR_PNG_SIZE): number {
  return pixelsPerModule(modules, Math.min(maxWidth, QR_PNG_MAX_WIDTH));
}

/**
 * A PNG of the symbol for `text`, black on white, at most `maxWidth` pixels wide and never wider
 * than {@link QR_PNG_MAX_WIDTH} (larger only when even one pixel per module would not fit).
 */
export async function renderQrPng(text: string, errorCorrection: QrErrorCorrection, maxWidth = DEFAULT_QR_PNG_SIZE): Promise<Buffer> {
  const symbol = qrSymbol(text, errorCorrection);
  return encodeQrPng(symbol, pngScale(symbol.size, maxWidth));
}

/**
 * Encodes a symbol as a 1-bit greyscale PNG with its quiet zone, `scale` pixels per module. Each
 * module row's scanline is built once and copied `scale` times; only deflate touches every byte,
 * and it runs off the event loop.
 */
export async function encodeQrPng(symbol: QrSymbol, scale: number): Promise<Buffer> {
  const n = symbol.size;
  const side = (n + 2 * QR_QUIET_ZONE) * scale;
  const rowBytes = Math.ceil(side / 8);
  const stride = rowBytes + 1; // a filter byte (0: none) before each scanline
  const raw = Buffer.alloc(stride * side);
  const line = Buffer.alloc(rowBytes);
  for (let row = 0; row < n + 2 * QR_QUIET_ZONE; row++) {
    line.fill(0xff); // 1 is white in 1-bit greyscale
    const r = row - QR_QUIET_ZONE;
    if (r >= 0 && r < n) {
      for (let c = 0; c < n; c++) {
        if (!symbol.data[r * n + c]) continue;
        const x0 = (c + QR_QUIET_ZONE) * scale;
        for (let x = x0; x < x0 + scale; x++) line[x >> 3]! &= ~(0x80 >> (x & 7));
      }
    }
    for (let k = 0; k < scale; k++) line.copy(raw, (row * scale + k) * stride + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  // compression, filter and interlace methods: 0
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', header), pngChunk('IDAT', await deflateAsync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'ascii');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/**
 * An SVG of the symbol for `text`: one path, with the quiet zone, scalable without loss. `size`
 * sets its width and height attributes (in CSS pixels); without it the SVG fills its container.
 */
export async function renderQrSvg(text: string, errorCorrection: QrErrorCorrection, size?: number): Promise<string> {
  return QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: errorCorrection,
    margin: QR_QUIET_ZONE,
    ...(size !== undefined ? { width: size } : {}),
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}
