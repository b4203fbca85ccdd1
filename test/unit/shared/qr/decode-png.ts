/**
 * Decodes a QR code from PNG bytes with jsQR, a decoder we did not write, on the raw pixels
 * (pngjs). Shared by the QR unit and end-to-end tests.
 */
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string; version: number } | null;

// jsqr is CommonJS with `exports.default`: depending on the loader the default import is the
// function itself or the module object holding it.
const jsQR: JsQr = ((jsQRModule as unknown as { default?: JsQr }).default ?? jsQRModule) as unknown as JsQr;

/** The decoded text, the symbol version jsQR saw and the image width; throws when no QR is found. */
export function decodeQrPng(png: Buffer): { text: string; version: number; width: number; height: number } {
  const image = PNG.sync.read(png);
  const decoded = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  if (!decoded) throw new Error('jsQR found no QR code in the image');
  return { text: decoded.data, version: decoded.version, width: image.width, height: image.height };
}
