/**
 * Renders QR codes with the `qrcode` package. The library picks the smallest version that holds
 * the content at the chosen error-correction level, and the most compact mix of encoding modes.
 */
import QRCode from 'qrcode';
import { QR_QUIET_ZONE, type QrErrorCorrection } from './qr-content.ts';

/** Facts about a symbol, for benchmarks and layout. */
export interface QrSymbolInfo {
  /** QR version, 1–40. */
  readonly version: number;
  /** Modules per side, without the quiet zone. */
  readonly modules: number;
  readonly errorCorrection: QrErrorCorrection;
}

/** Default PNG width in pixels when the caller names none. */
export const DEFAULT_QR_PNG_SIZE = 512;

/** Version and module count of the symbol for `text`. */
export function qrSymbolInfo(text: string, errorCorrection: QrErrorCorrection): QrSymbolInfo {
  const qr = QRCode.create(text, { errorCorrectionLevel: errorCorrection });
  return { version: qr.version, modules: qr.modules.size, errorCorrection };
}

/**
 * Whole pixels per module so that the image, quiet zone included, is at most `maxWidth` wide
 * (at least 1: a symbol never gets blurred by fractional modules).
 */
export function pixelsPerModule(modules: number, maxWidth: number): number {
  return Math.max(1, Math.floor(maxWidth / (modules + 2 * QR_QUIET_ZONE)));
}

/**
 * A PNG of the symbol for `text`, black on white, at most `maxWidth` pixels wide (larger only
 * when even one pixel per module would not fit).
 */
export async function renderQrPng(text: string, errorCorrection: QrErrorCorrection, maxWidth = DEFAULT_QR_PNG_SIZE): Promise<Buffer> {
  const { modules } = qrSymbolInfo(text, errorCorrection);
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: errorCorrection,
    margin: QR_QUIET_ZONE,
    scale: pixelsPerModule(modules, maxWidth),
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
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
