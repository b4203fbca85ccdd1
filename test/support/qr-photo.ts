/**
 * Fake photos of QR codes, made with our own small pixel code: a QR rendered by the `qrcode`
 * package, then scaled, rotated, lit unevenly, made noisy and encoded as PNG or JPEG.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import QRCode from 'qrcode';

/** How the photo is distorted. */
export interface PhotoOptions {
  /** Pixels per QR module before rotation (may be fractional). */
  readonly modulePixels: number;
  readonly rotateDegrees: number;
  /** Standard deviation of the Gaussian noise added to each pixel (0–255 scale). */
  readonly noise: number;
  readonly format: 'png' | 'jpeg';
  readonly jpegQuality?: number;
  /** Seed of the noise, so a failing case can be reproduced. */
  readonly seed?: number;
}

/** A deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Renders `text` as a QR code and "photographs" it; returns the encoded image. */
export function qrPhoto(text: string, options: PhotoOptions): Buffer {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const total = size + 2 * quiet;
  const dark = (mx: number, my: number) => mx >= 0 && my >= 0 && mx < size && my < size && qr.modules.get(my, mx) === 1;

  const side = Math.ceil(total * options.modulePixels * 1.25);
  const width = side + 40;
  const height = side + 20;
  const cx = width / 2;
  const cy = height / 2;
  const angle = (options.rotateDegrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const random = prng(options.seed ?? 1);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const data = Buffer.alloc(width * height * 4);
  // Supersample 2×2 per pixel so module edges blur like a lens would.
  const offsets = [-0.25, 0.25];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let ink = 0;
      for (const oy of offsets) {
        for (const ox of offsets) {
          // Inverse rotation about the centre, then into module coordinates.
          const dx = x + ox - cx;
          const dy = y + oy - cy;
          const u = (cos * dx + sin * dy) / options.modulePixels + total / 2;
          const v = (-sin * dx + cos * dy) / options.modulePixels + total / 2;
          if (dark(Math.floor(u) - quiet, Math.floor(v) - quiet)) ink += 0.25;
        }
      }
      // Uneven light: brighter top left, darker bottom right.
      const light = 225 - 40 * ((x / width + y / height) / 2);
      const base = light - ink * (light - 35);
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, Math.round(base + gaussian() * options.noise + (c === 2 ? -8 : 0))));
      data[i + 3] = 255;
    }
  }
  if (options.format === 'jpeg') return jpeg.encode({ width, height, data }, options.jpegQuality ?? 75).data;
  const png = new PNG({ width, height });
  data.copy(png.data);
  return PNG.sync.write(png);
}
