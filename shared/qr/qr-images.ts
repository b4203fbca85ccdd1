/**
 * QR images as the routes serve them, cached. A label's QR content never changes (the token is
 * fixed at issuance), so an image is fully determined by its content, error correction and pixel
 * scale, and that is the cache key: the encoded URL itself (base URL and token or id included),
 * never a label id alone. Bounded by bytes (LRU); a burst for one image renders it once.
 */
import { ByteLruCache, type ByteLruStats } from '../cache/byte-lru-cache.ts';
import type { QrErrorCorrection } from './qr-content.ts';
import { DEFAULT_QR_PNG_SIZE, encodeQrPng, pngScale, qrSymbol, renderQrSvg, type QrSymbol } from './render-qr.ts';

/**
 * Bytes of images kept per process. A label's full QR costs about 12 KB as a symbol, 20 KB as SVG
 * and 2 to 20 KB per PNG scale, so this holds every image of a few hundred labels.
 */
export const QR_IMAGE_CACHE_BYTES = 16 * 1024 * 1024;

/** Cached QR symbols, SVGs and PNGs. */
export class QrImages {
  private readonly cache: ByteLruCache<QrSymbol | Buffer | string>;

  constructor(maxBytes = QR_IMAGE_CACHE_BYTES) {
    this.cache = new ByteLruCache(maxBytes);
  }

  private async symbol(text: string, errorCorrection: QrErrorCorrection): Promise<QrSymbol> {
    return (await this.cache.get(`symbol ${errorCorrection} ${text}`, () => {
      const symbol = qrSymbol(text, errorCorrection);
      return { value: symbol, bytes: symbol.data.length };
    })) as QrSymbol;
  }

  /**
   * The PNG for `text`, at most `maxWidth` wide (see `renderQrPng`). Keyed by its pixel scale, so
   * every `maxWidth` that gives the same image shares one entry.
   */
  async png(text: string, errorCorrection: QrErrorCorrection, maxWidth = DEFAULT_QR_PNG_SIZE): Promise<Buffer> {
    const symbol = await this.symbol(text, errorCorrection);
    const scale = pngScale(symbol.size, maxWidth);
    return (await this.cache.get(`png ${errorCorrection} ${scale} ${text}`, async () => {
      const png = await encodeQrPng(symbol, scale);
      return { value: png, bytes: png.length };
    })) as Buffer;
  }

  /** The SVG for `text`; `size` only sets its width and height attributes, so all sizes share one entry. */
  async svg(text: string, errorCorrection: QrErrorCorrection, size?: number): Promise<string> {
    const svg = (await this.cache.get(`svg ${errorCorrection} ${text}`, async () => {
      const rendered = await renderQrSvg(text, errorCorrection);
      return { value: rendered, bytes: Buffer.byteLength(rendered) };
    })) as string;
    return size === undefined ? svg : svg.replace(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /, `$&width="${size}" height="${size}" `);
  }

  stats(): ByteLruStats {
    return this.cache.stats();
  }
}

/** The process's QR images (one per Lambda instance, one in the local server). */
export const qrImages = new QrImages();
