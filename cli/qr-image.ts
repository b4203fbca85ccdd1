/**
 * Reading a QR code from a photo or a scan: PNG (pngjs) or JPEG (jpeg-js), decoded by jsQR.
 * Photos are noisy, scaled and a little rotated; jsQR binarises adaptively and finds the code at
 * any angle, and when a first pass fails we retry on smoothed copies (5×5, then 3×3 box blur) and
 * on a half-size copy, which average sensor and JPEG noise away.
 */
import jpeg from 'jpeg-js';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { CarbonLabelError } from '../shared/errors/errors.ts';

// jsqr is CommonJS: its types put the function under `default`, and at run time it is there too.
const jsQR = jsQRModule.default;

/**
 * Largest image accepted, in pixels (a 50-megapixel photo). Checked against the dimensions the
 * file's header declares before anything is decoded: a few kilobytes of PNG can declare a raster
 * of gigabytes, and a decoder that believes it allocates that much first and fails later.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** An RGBA raster. */
export interface Rgba {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Why an image could not be read. */
export class QrImageError extends CarbonLabelError {
  readonly code = 'unreadable_qr_image';
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** `png`, `jpeg`, or `undefined` for anything else, by magic bytes. */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (bytes.length >= 8 && PNG_MAGIC.equals(Buffer.from(bytes.subarray(0, 8)))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/** JPEG start-of-frame markers (baseline, extended, progressive, lossless; Huffman and arithmetic). */
const JPEG_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** Width and height from a JPEG's first frame header (SOF), or a reason why there is none. */
function jpegDimensions(b: Uint8Array): { width: number; height: number } | string {
  let i = 2; // after SOI
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) return 'no frame header (bytes between segments)';
    const marker = b[i + 1]!;
    i += 2;
    if (marker === 0xff) {
      i -= 1; // fill byte: the next 0xFF starts the marker
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return 'no frame header before the image data';
    if (i + 2 > b.length) break;
    const length = (b[i]! << 8) | b[i + 1]!;
    if (length < 2 || i + length > b.length) break;
    if (JPEG_SOF.has(marker)) {
      if (length < 7) return 'a truncated frame header';
      return { height: (b[i + 3]! << 8) | b[i + 4]!, width: (b[i + 5]! << 8) | b[i + 6]! };
    }
    i += length;
  }
  return 'no frame header';
}

/**
 * The dimensions an image's header declares, read without decoding: a PNG's IHDR chunk (which
 * must come first) or a JPEG's first SOF segment.
 * @throws {QrImageError} when the header is missing, truncated or declares no pixels.
 */
export function declaredDimensions(bytes: Uint8Array): { width: number; height: number } {
  const kind = imageKind(bytes);
  if (kind === undefined) throw new QrImageError('not a PNG or JPEG image');
  let found: { width: number; height: number } | string;
  if (kind === 'png') {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    found =
      b.length >= 24 && b.readUInt32BE(8) === 13 && b.toString('latin1', 12, 16) === 'IHDR'
        ? { width: b.readUInt32BE(16), height: b.readUInt32BE(20) }
        : 'no IHDR header';
  } else {
    found = jpegDimensions(bytes);
  }
  if (typeof found === 'string') throw new QrImageError(`the ${kind} image cannot be decoded: ${found}`);
  if (found.width === 0 || found.height === 0)
    throw new QrImageError(`the ${kind} image cannot be decoded: its header declares ${found.width} × ${found.height} pixels`);
  return found;
}

/**
 * Decodes a PNG or JPEG into RGBA, after checking the declared size against
 * {@link MAX_IMAGE_PIXELS}: a larger image is refused without being decoded.
 */
export function decodeImage(bytes: Uint8Array): Rgba {
  const kind = imageKind(bytes);
  if (kind === undefined) throw new QrImageError('not a PNG or JPEG image');
  const declared = declaredDimensions(bytes);
  if (declared.width * declared.height > MAX_IMAGE_PIXELS) {
    throw new QrImageError(
      `the image is too large: its header declares ${declared.width} × ${declared.height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels`,
    );
  }
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(Buffer.from(bytes));
      if (png.width * png.height > MAX_IMAGE_PIXELS) throw new QrImageError('the image is too large');
      return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    if (kind === 'jpeg') {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
      return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length) };
    }
  } catch (cause) {
    if (cause instanceof QrImageError) throw cause;
    throw new QrImageError(`the ${kind} image cannot be decoded: ${(cause as Error).message}`, { cause });
  }
  throw new QrImageError('not a PNG or JPEG image');
}

/** A grey box blur of radius `r` (separable, running sums): averages sensor and JPEG noise away. */
function boxBlur(image: Rgba, r: number): Rgba {
  const { width: w, height: h, data } = image;
  const grey = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) grey[i] = (data[i * 4]! + data[i * 4 + 1]! + data[i * 4 + 2]!) / 3;
  const rows = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let sum = 0;
    let n = 0;
    for (let x = -r; x < w; x++) {
      if (x + r < w) (sum += grey[y * w + x + r]!), n++;
      if (x - r - 1 >= 0) (sum -= grey[y * w + x - r - 1]!), n--;
      if (x >= 0) rows[y * w + x] = sum / n;
    }
  }
  const out = new Uint8ClampedArray(w * h * 4);
  for (let x = 0; x < w; x++) {
    let sum = 0;
    let n = 0;
    for (let y = -r; y < h; y++) {
      if (y + r < h) (sum += rows[(y + r) * w + x]!), n++;
      if (y - r - 1 >= 0) (sum -= rows[(y - r - 1) * w + x]!), n--;
      if (y >= 0) {
        const i = (y * w + x) * 4;
        out[i] = out[i + 1] = out[i + 2] = sum / n;
        out[i + 3] = 255;
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** Halves the image by averaging 2×2 blocks. */
function halve(image: Rgba): Rgba {
  const w = Math.floor(image.width / 2);
  const h = Math.floor(image.height / 2);
  const out = new Uint8ClampedArray(w * h * 4);
  const src = image.data;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (2 * y * image.width + 2 * x) * 4 + c;
        out[(y * w + x) * 4 + c] = (src[i]! + src[i + 4]! + src[i + image.width * 4]! + src[i + image.width * 4 + 4]!) / 4;
      }
      out[(y * w + x) * 4 + 3] = 255;
    }
  }
  return { width: w, height: h, data: out };
}

/** The text of the QR code in an RGBA raster, or `undefined`. */
export function findQrText(image: Rgba): string | undefined {
  const attempts: (() => Rgba)[] = [() => image, () => boxBlur(image, 2), () => boxBlur(image, 1)];
  if (image.width >= 400 && image.height >= 400) attempts.push(() => halve(image));
  for (const attempt of attempts) {
    const raster = attempt();
    const found = jsQR(raster.data, raster.width, raster.height, { inversionAttempts: 'attemptBoth' });
    if (found?.data) return found.data;
  }
  return undefined;
}

/**
 * Reads the QR code of a PNG or JPEG.
 * @throws {QrImageError} when the image cannot be decoded or holds no readable QR code.
 */
export function readQrFromImage(bytes: Uint8Array): string {
  const text = findQrText(decodeImage(bytes));
  if (text === undefined) throw new QrImageError('no readable QR code in the image');
  return text;
}
