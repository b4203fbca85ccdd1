import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { QR_ERROR_CORRECTION, QR_QUIET_ZONE, qrContent } from '../../../../shared/qr/qr-content.ts';
import { LabelArtQuerySchema } from '../../../../shared/render/label-art/label-art-query.ts';
import { QrQuerySchema } from '../../../../shared/qr/qr-query.ts';
import { decodeQrPng } from './decode-png.ts';
import { pixelsPerModule, qrSymbolInfo, renderQrPng, renderQrSvg } from '../../../../shared/qr/render-qr.ts';

const BASE = 'https://labels.example.com';
// A token-shaped string as long as a real label token (about 750 characters, base64url).
const TOKEN = `eyJhbGciOiJFUzI1NiIsImtpZCI6IngiLCJ0eXAiOiJjYXJib24tbGFiZWwrand0In0.${'QUJD'.repeat(160)}.${'c2ln'.repeat(21)}`;
const LABEL = { id: '0123456789abcdef', token: TOKEN };

describe('QR content', () => {
  it('full mode carries the whole token in the verify URL; compact carries only the id', () => {
    expect(qrContent(BASE, LABEL, 'full')).toBe(`${BASE}/v/${TOKEN}`);
    expect(qrContent(BASE, LABEL, 'compact')).toBe(`${BASE}/l/0123456789abcdef`);
  });

  it('uses M for the long full QR and Q for the short compact one', () => {
    expect(QR_ERROR_CORRECTION).toEqual({ full: 'M', compact: 'Q' });
  });
});

describe('QR rendering', () => {
  it.each(['full', 'compact'] as const)('a %s PNG decodes with jsQR to exactly its content', async (mode) => {
    const text = qrContent(BASE, LABEL, mode);
    const decoded = decodeQrPng(await renderQrPng(text, QR_ERROR_CORRECTION[mode]));
    expect(decoded.text).toBe(text);
    // The independent decoder sees the version we report.
    expect(decoded.version).toBe(qrSymbolInfo(text, QR_ERROR_CORRECTION[mode]).version);
  });

  it('lets the library pick the smallest version that holds the content', () => {
    for (const mode of ['full', 'compact'] as const) {
      const text = qrContent(BASE, LABEL, mode);
      const info = qrSymbolInfo(text, QR_ERROR_CORRECTION[mode]);
      expect(info.modules).toBe(17 + 4 * info.version);
      // One version smaller cannot hold it.
      expect(() => QRCode.create(text, { errorCorrectionLevel: QR_ERROR_CORRECTION[mode], version: info.version - 1 })).toThrow();
    }
  });

  it('draws whole pixels per module and never exceeds the requested width when it can fit', async () => {
    const text = qrContent(BASE, LABEL, 'compact');
    const { modules } = qrSymbolInfo(text, 'Q');
    const side = modules + 2 * QR_QUIET_ZONE;
    expect(pixelsPerModule(modules, side * 5 + 3)).toBe(5);
    expect(pixelsPerModule(modules, 10)).toBe(1);
    const { width } = decodeQrPng(await renderQrPng(text, 'Q', 200));
    expect(width).toBeLessThanOrEqual(200);
    expect(width % side).toBe(0);
  });

  it('SVG has the quiet zone in its viewBox and the requested size', async () => {
    const text = qrContent(BASE, LABEL, 'compact');
    const { modules } = qrSymbolInfo(text, 'Q');
    const svg = await renderQrSvg(text, 'Q', 300);
    const side = modules + 2 * QR_QUIET_ZONE;
    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
    expect(svg).toMatch(/width="300"/);
    expect(await renderQrSvg(text, 'Q')).not.toMatch(/width="/);
  });
});

describe('QR query', () => {
  it('defaults to the full mode', () => {
    expect(QrQuerySchema.parse({})).toEqual({ mode: 'full' });
    expect(QrQuerySchema.parse({ mode: 'compact', size: '256' })).toEqual({ mode: 'compact', size: 256 });
  });

  it.each([{ mode: 'tiny' }, { size: 'big' }, { size: '12' }, { size: '5000' }, { size: '100.5' }, { colour: 'red' }])('refuses %o', (query) => {
    expect(QrQuerySchema.safeParse(query).success).toBe(false);
  });

  it('label art takes only a mode', () => {
    expect(LabelArtQuerySchema.parse({ mode: 'compact' })).toEqual({ mode: 'compact', lang: 'en' });
    expect(LabelArtQuerySchema.parse({ lang: 'zh-CN' })).toEqual({ mode: 'full', lang: 'zh-CN' });
    expect(LabelArtQuerySchema.safeParse({ lang: 'fr' }).success).toBe(false);
    expect(LabelArtQuerySchema.safeParse({ size: '100' }).success).toBe(false);
  });
});
