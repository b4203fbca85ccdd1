import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { QR_ERROR_CORRECTION, QR_QUIET_ZONE, qrContent } from '../../../../shared/qr/qr-content.ts';
import { QrImages } from '../../../../shared/qr/qr-images.ts';
import { QrQuerySchema } from '../../../../shared/qr/qr-query.ts';
import { QR_PNG_MAX_WIDTH, qrSymbol, renderQrPng, renderQrSvg } from '../../../../shared/qr/render-qr.ts';
import { decodeQrPng } from './decode-png.ts';

const BASE = 'https://labels.example.com';
const TOKEN = `eyJhbGciOiJFUzI1NiIsImtpZCI6IngiLCJ0eXAiOiJjYXJib24tbGFiZWwrand0In0.${'QUJD'.repeat(160)}.${'c2ln'.repeat(21)}`;
const FULL = qrContent(BASE, { id: '0123456789abcdef', token: TOKEN }, 'full');
const COMPACT = qrContent(BASE, { id: '0123456789abcdef', token: TOKEN }, 'compact');

describe('QR PNG', () => {
  it('is a 1-bit greyscale PNG whose pixels are exactly the symbol, with its quiet zone', async () => {
    const png = await renderQrPng(COMPACT, 'Q', 300);
    const image = PNG.sync.read(png);
    expect(png.readUInt8(24)).toBe(1); // bit depth
    expect(png.readUInt8(25)).toBe(0); // colour type: greyscale
    const symbol = qrSymbol(COMPACT, 'Q');
    const scale = image.width / (symbol.size + 2 * QR_QUIET_ZONE);
    expect(Number.isInteger(scale)).toBe(true);
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        const r = Math.floor(y / scale) - QR_QUIET_ZONE;
        const c = Math.floor(x / scale) - QR_QUIET_ZONE;
        const dark = r >= 0 && c >= 0 && r < symbol.size && c < symbol.size && symbol.data[r * symbol.size + c] === 1;
        expect(image.data[(y * image.width + x) * 4]).toBe(dark ? 0 : 255);
      }
    }
    expect(decodeQrPng(png).text).toBe(COMPACT);
  });

  it.each([4096, 2048, 1025])('is never wider than %s would make it past the cap of 1024 pixels', async (size) => {
    expect(QR_PNG_MAX_WIDTH).toBe(1024);
    for (const text of [FULL, COMPACT]) {
      const { width, text: decoded } = decodeQrPng(await renderQrPng(text, 'M', size));
      expect(width).toBeLessThanOrEqual(QR_PNG_MAX_WIDTH);
      expect(width).toBeGreaterThan(QR_PNG_MAX_WIDTH * 0.8);
      expect(decoded).toBe(text);
    }
  });

  it('the query still accepts every size it did (64 to 4096) and says what a PNG gets', () => {
    expect(QrQuerySchema.parse({ size: '4096' })).toEqual({ mode: 'full', size: 4096 });
    expect(QrQuerySchema.safeParse({ size: '4097' }).success).toBe(false);
    expect(QrQuerySchema.shape.size.description).toContain('never wider than 1024');
  });
});

describe('QR image cache', () => {
  it('serves exactly what the renderers make', async () => {
    const images = new QrImages();
    expect((await images.png(FULL, QR_ERROR_CORRECTION.full, 700)).equals(await renderQrPng(FULL, 'M', 700))).toBe(true);
    expect(await images.svg(COMPACT, 'Q', 240)).toBe(await renderQrSvg(COMPACT, 'Q', 240));
    expect(await images.svg(COMPACT, 'Q')).toBe(await renderQrSvg(COMPACT, 'Q'));
  });

  it('renders a burst for one image once, and shares an entry between sizes that give the same image', async () => {
    const images = new QrImages();
    const pngs = await Promise.all(Array.from({ length: 20 }, () => images.png(FULL, 'M', 4096)));
    expect(new Set(pngs.map((p) => p.toString('base64'))).size).toBe(1);
    // One symbol and one PNG were made; the rest joined or hit.
    expect(images.stats().misses).toBe(2);
    const before = images.stats().entries;
    await images.png(FULL, 'M', 1024); // the same scale as 4096 (capped)
    await images.png(FULL, 'M', 1030);
    expect(images.stats().entries).toBe(before);
    // Any SVG size shares the one SVG entry.
    await images.svg(FULL, 'M', 100);
    await images.svg(FULL, 'M', 4000);
    expect(images.stats().entries).toBe(before + 1);
  });

  it('keys by content: another token, base URL, error correction or scale is another image', async () => {
    const images = new QrImages();
    const other = qrContent('https://other.example.com', { id: '0123456789abcdef', token: TOKEN }, 'compact');
    const a = await images.png(COMPACT, 'Q', 300);
    const b = await images.png(other, 'Q', 300);
    const c = await images.png(COMPACT, 'M', 300);
    const d = await images.png(COMPACT, 'Q', 600);
    expect(new Set([a, b, c, d].map((p) => p.toString('base64'))).size).toBe(4);
    expect(decodeQrPng(b).text).toBe(other);
  });

  it('stays within its byte budget', async () => {
    const images = new QrImages(64 * 1024);
    for (let i = 0; i < 20; i++) await images.png(qrContent(BASE, { id: `${i}`.padStart(16, '0'), token: TOKEN }, 'compact'), 'Q', 1024);
    expect(images.stats().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(images.stats().entries).toBeGreaterThan(0);
  });
});
