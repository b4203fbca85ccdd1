import { describe, expect, it } from 'vitest';
import { buildLabelRecord, type StoredLabel } from '../../../../../shared/label/record.ts';
import type { LabelRequest } from '../../../../../shared/label/request-schema.ts';
import { zhCN } from '../../../../../shared/render/i18n/zh-CN.ts';
import { renderLabelArt } from '../../../../../shared/render/label-art/label-art.ts';
import { validFixture } from '../../../../support/fixtures.ts';

const BASE = 'https://labels.example.com';

function storedLabel(fixture: string, changes: (request: Record<string, any>) => void = () => {}, extra: Partial<StoredLabel> = {}): StoredLabel {
  const request = validFixture(fixture) as Record<string, any>;
  changes(request);
  const record = buildLabelRecord({
    id: '0123456789abcdef',
    issuer: { id: 'org_0123456789ab', name: request.issuerName ?? 'Acme Steel' },
    request: request as LabelRequest,
    issuedAt: new Date('2026-03-01T00:00:00Z'),
    defaultValidityDays: 365,
  });
  return { record, digest: 'd'.repeat(43), token: 'aaa.bbb.ccc', kid: 'kid', status: 'active', ...extra };
}

/** Text content of every <text> element, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
  );
}

describe('label art', () => {
  it('shows the figure with its unit, boundary, period, product, issuer, assurance and the short URL', async () => {
    const svg = await renderLabelArt({ label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE });
    const lines = texts(svg);
    expect(lines).toContain('2.01 t CO₂e');
    expect(lines).toContain('per tonne');
    expect(lines).toContain('excl. biogenic uptake · Cradle to gate');
    expect(lines).toContain('Period 2025-01-01 to 2026-01-01');
    expect(lines).toContain('Issued by Acme Steel');
    expect(lines.join(' ')).toContain('Verified by Example Assurance Co. (reasonable assurance)');
    expect(lines.join(' ')).toContain('Hot-rolled steel coil S235JR 2.0 mm');
    expect(lines).toContain('labels.example.com/l/0123456789abcdef');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" lang="en" width="40mm"/);
    // The embedded QR symbol.
    expect(svg).toMatch(/<svg x="\d+" y="\d+(\.\d+)?" width="372" height="372" xmlns/);
  });

  it('speaks Simplified Chinese when asked, with the same figures', async () => {
    const svg = await renderLabelArt({ label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE, messages: zhCN });
    const lines = texts(svg);
    expect(svg).toMatch(/^<svg [^>]*lang="zh-CN"/);
    expect(lines).toContain('产品碳足迹');
    expect(lines).toContain('2.01 t CO₂e');
    expect(lines).toContain('每吨');
    expect(lines).toContain('不含生物源碳吸收 · 从摇篮到大门');
    expect(lines).toContain('发布方：Acme Steel');
    expect(lines.join(' ')).toContain('核查机构：Example Assurance Co.（合理保证）');
    expect(lines).toContain('扫码或访问以验证：');
    expect(lines).toContain('labels.example.com/l/0123456789abcdef');
    expect(svg).toContain("'Noto Sans CJK SC'");
    const revoked = await renderLabelArt({
      label: storedLabel('cotton-tshirt', () => {}, { status: 'revoked', revocation: { revokedAt: '2026-04-01T09:30:00Z', reason: 'x' } }),
      baseUrl: BASE,
      messages: zhCN,
    });
    expect(texts(revoked)).toContain('已撤销：请勿采信');
    expect(texts(revoked)).toContain('已于 2026-04-01 撤销，扫码查看详情。');
    expect(texts(revoked)).toContain('未经第三方核查');
    expect(revoked).toContain('aria-label="已撤销的碳标签：');
  });

  it('says when there is no third-party verification', async () => {
    const svg = await renderLabelArt({ label: storedLabel('cotton-tshirt'), baseUrl: BASE });
    expect(texts(svg)).toContain('Not third-party verified');
    expect(texts(svg)).toContain('per piece');
  });

  it('escapes every string: a hostile product or issuer name stays text', async () => {
    const hostile = '<img src=x onerror=alert(1)>"&\'';
    const svg = await renderLabelArt({
      label: storedLabel('steel-hot-rolled-coil', (r) => {
        r.product.name = hostile;
        r.issuerName = '</text><script>alert(1)</script>';
      }),
      baseUrl: BASE,
    });
    expect(svg).not.toContain('<img');
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&amp;&#39;');
    expect(texts(svg).join(' ')).toContain('</text><script>alert(1)</script>');
  });

  it('says plainly when the label is revoked', async () => {
    const svg = await renderLabelArt({
      label: storedLabel('steel-hot-rolled-coil', () => {}, { status: 'revoked', revocation: { revokedAt: '2026-04-01T09:30:00Z', reason: 'recalculated' } }),
      baseUrl: BASE,
    });
    expect(texts(svg)).toContain('REVOKED: DO NOT RELY');
    expect(texts(svg)).toContain('Revoked 2026-04-01. Scan for details.');
    expect(svg).toContain('aria-label="REVOKED carbon label');
    const active = await renderLabelArt({ label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE });
    expect(active).not.toContain('REVOKED');
  });

  it('keeps text at least 1.6 mm high (17 units of 0.1 mm) so it is legible at 40 mm', async () => {
    const svg = await renderLabelArt({ label: storedLabel('ev-battery-pack'), baseUrl: BASE });
    const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(17);
  });
});
