import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../../local/keys/local-key-signer.ts';
import { keyLookupFrom } from '../../../../../shared/keys/signing-key.ts';
import { sealLabelRecord } from '../../../../../shared/label/issue-label.ts';
import { buildLabelRecord, type StoredLabel } from '../../../../../shared/label/record.ts';
import type { LabelRequest } from '../../../../../shared/label/request-schema.ts';
import { en } from '../../../../../shared/render/i18n/en.ts';
import { LANGUAGES } from '../../../../../shared/render/i18n/languages.ts';
import { zhCN } from '../../../../../shared/render/i18n/zh-CN.ts';
import { LABEL_ART_MAX_SQUEEZE, LABEL_ART_MIN_TEXT_MM, renderLabelArt } from '../../../../../shared/render/label-art/label-art.ts';
import { labelArtState, LABEL_ART_STATES } from '../../../../../shared/render/label-art/label-art-state.ts';
import { estimateWidthEm } from '../../../../../shared/render/label-art/wrap-text.ts';
import { keyRecordFor } from '../../../../security/attack-corpus.ts';
import { validFixture } from '../../../../support/fixtures.ts';
import { textSizesMm } from '../../../../support/label-art-render.ts';

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
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );
}

describe('label art', () => {
  it('shows the figure with its unit, boundary, period, product, issuer, assurance and the short URL', async () => {
    const svg = await renderLabelArt({ state: 'valid', label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE });
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
    const svg = await renderLabelArt({ state: 'valid', label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE, messages: zhCN });
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
      state: 'revoked',
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
    const svg = await renderLabelArt({ state: 'valid', label: storedLabel('cotton-tshirt'), baseUrl: BASE });
    expect(texts(svg)).toContain('Not third-party verified');
    expect(texts(svg)).toContain('per piece');
  });

  it('escapes every string: a hostile product or issuer name stays text', async () => {
    const hostile = '<img src=x onerror=alert(1)>"&\'';
    const svg = await renderLabelArt({
      state: 'valid',
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
      state: 'revoked',
      label: storedLabel('steel-hot-rolled-coil', () => {}, { status: 'revoked', revocation: { revokedAt: '2026-04-01T09:30:00Z', reason: 'recalculated' } }),
      baseUrl: BASE,
    });
    expect(texts(svg)).toContain('REVOKED: DO NOT RELY');
    expect(texts(svg)).toContain('Revoked 2026-04-01. Scan for details.');
    expect(svg).toContain('aria-label="REVOKED carbon label');
    const active = await renderLabelArt({ state: 'valid', label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE });
    expect(active).not.toContain('REVOKED');
  });

  it('keeps text at least 1.6 mm high so it is legible at 40 mm', async () => {
    const svg = await renderLabelArt({ state: 'valid', label: storedLabel('ev-battery-pack'), baseUrl: BASE });
    const sizes = textSizesMm(svg);
    expect(sizes.length).toBeGreaterThan(5);
    expect(LABEL_ART_MIN_TEXT_MM).toBe(1.6);
    for (const { text, mm } of sizes) expect(mm, text).toBeGreaterThanOrEqual(1.6);
  });

  it('never shrinks a long figure, amount or name below 1.6 mm: it wraps, keeping every digit', async () => {
    const label = storedLabel('cotton-tshirt', (r) => {
      r.footprint.pcfExcludingBiogenicUptake = '9'.repeat(40);
      r.footprint.declaredUnitAmount = '1234567890123456789012345678901234567890';
      r.footprint.declaredUnitOfMeasurement = 'megabit second';
      r.product.name = 'W'.repeat(200);
    });
    for (const messages of LANGUAGES) {
      for (const state of LABEL_ART_STATES) {
        const svg = await renderLabelArt({
          state,
          label: { ...label, revocation: { revokedAt: '2026-04-01T09:30:00Z', reason: 'x' } },
          baseUrl: BASE,
          messages,
        });
        for (const { text, mm } of textSizesMm(svg)) expect(mm, `${messages.lang} ${state}: ${text}`).toBeGreaterThanOrEqual(1.6);
        // The headline: 38 digits (rounded to 3 significant, in tonnes) over several lines, none lost.
        const lines = texts(svg);
        expect(lines.join(' ').replace(/(\d) (?=\d)/g, '$1')).toContain(`1${'0'.repeat(37)} t CO₂e`);
        // Nor is the amount, or its unit.
        expect(lines.join('').replace(/\s/g, '')).toContain('1234567890123456789012345678901234567890');
        expect(lines.join(' ')).toContain(messages.lang === 'en' ? 'megabit-seconds' : '兆比特秒');
        expect(lines.join(' ')).not.toMatch(/\d…/);
        // No line is squeezed past the limit (of its estimated width).
        for (const m of svg.matchAll(/<text [^>]*font-size="(\d+(?:\.\d+)?)" textLength="(\d+)"[^>]*>([^<]*)<\/text>/g)) {
          const bold = m[0].includes('font-weight="700"');
          expect(Number(m[2]) / (estimateWidthEm(m[3]!, bold) * Number(m[1])), m[3]).toBeGreaterThanOrEqual(LABEL_ART_MAX_SQUEEZE);
        }
      }
    }
  });

  it.each(LANGUAGES.map((m) => [m.lang, m] as const))('%s: every header fits one line of the band', (_lang, messages) => {
    const headings = [messages.labelArt.heading, ...Object.values(messages.labelArt.warnings).map((w) => w.heading)];
    for (const heading of headings) expect(estimateWidthEm(heading, true) * 24, heading).toBeLessThanOrEqual(372 / LABEL_ART_MAX_SQUEEZE);
  });

  it.each([
    ['expired', 'EXPIRED: DO NOT RELY', 'Expired 2030-12-31. Scan for details.', 'EXPIRED carbon label'],
    ['not_yet_valid', 'NOT YET VALID', 'Valid from 2026-03-01. Scan for details.', 'NOT YET VALID carbon label'],
    ['key_compromised', 'NOT GENUINE: DO NOT RELY', 'Its signing key was reported compromised. Scan for details.', 'NOT GENUINE carbon label'],
    ['not_genuine', 'NOT GENUINE: DO NOT RELY', 'It fails verification. Scan for details.', 'NOT GENUINE carbon label'],
    ['accreditation_withdrawn', 'WITHDRAWN: DO NOT RELY', 'The scheme withdrew the issuer’s accreditation. Scan for details.', 'WITHDRAWN carbon label'],
  ] as const)('%s: prints its warning like a revoked label, with its own words', async (state, heading, line, kind) => {
    const svg = await renderLabelArt({ state, label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE, messages: en });
    const lines = texts(svg);
    expect(lines[0]).toBe(heading);
    expect(lines.join(' ')).toContain(line);
    expect(svg).toContain(`aria-label="${kind}: Hot-rolled steel coil`);
    expect(svg).toMatch(/<rect x="0" y="0" width="400" height="52" fill="#b3261e"\/>/);
    expect(svg).toMatch(/stroke="#b3261e" stroke-width="6"/);
    const zh = texts(await renderLabelArt({ state, label: storedLabel('steel-hot-rolled-coil'), baseUrl: BASE, messages: zhCN }));
    expect(zh[0]).toBe(zhCN.labelArt.warnings[state].heading);
    expect(zh[0]).not.toBe(zhCN.labelArt.heading);
  });
});

describe('label art state', () => {
  const signer = LocalKeySigner.generate();
  const NOW = new Date('2026-06-01T00:00:00Z');

  async function sealed(changes: (request: Record<string, any>) => void = () => {}, extra: Partial<StoredLabel> = {}): Promise<StoredLabel> {
    const { record } = storedLabel('cement-clinker', changes);
    const { digest, token } = await sealLabelRecord(record, signer);
    return { record, digest, token, kid: signer.kid, status: 'active', ...extra };
  }
  const deps = (status: 'active' | 'retired' | 'compromised' = 'active', now = NOW) => ({
    keyring: { lookupFor: async () => keyLookupFrom([keyRecordFor(signer, status)]) },
    now: () => now,
  });

  it('is what the online verifier says of the label in hand', async () => {
    const label = await sealed();
    expect(await labelArtState(deps(), label)).toBe('valid');
    expect(await labelArtState(deps('retired'), label)).toBe('valid');
    expect(await labelArtState(deps('compromised'), label)).toBe('key_compromised');
    expect(await labelArtState(deps('active', new Date('2027-03-02T00:00:00Z')), label)).toBe('expired');
    expect(await labelArtState(deps('active', new Date('2026-02-01T00:00:00Z')), label)).toBe('not_yet_valid');
    const revoked = { ...label, status: 'revoked' as const, revocation: { revokedAt: '2026-05-01T00:00:00Z', reason: 'x' } };
    expect(await labelArtState(deps(), revoked)).toBe('revoked');
    // A revocation wins over expiry, a compromised key over both.
    expect(await labelArtState(deps('active', new Date('2027-03-02T00:00:00Z')), revoked)).toBe('revoked');
    expect(await labelArtState(deps('compromised'), revoked)).toBe('key_compromised');
  });

  it('says accreditation_withdrawn when the scheme trust list withdrew the issuer', async () => {
    const { sampleTrustList } = await import('../../../../support/sample-trust-list.ts');
    const label = await sealed();
    const list = sampleTrustList(LocalKeySigner.generate(), LocalKeySigner.generate());
    const withdrawn = { ...list, issuers: [{ ...list.issuers[0]!, id: label.record.issuer.id, status: 'withdrawn' as const }] };
    expect(await labelArtState({ ...deps(), trustListSource: { current: async () => withdrawn } }, label)).toBe('accreditation_withdrawn');
    expect(await labelArtState({ ...deps(), trustListSource: { current: async () => undefined } }, label)).toBe('valid');
  });

  it('is not_genuine when the stored record or token was altered', async () => {
    const label = await sealed();
    const altered = { ...label, record: { ...label.record, footprint: { ...label.record.footprint, pcfExcludingBiogenicUptake: '0.01' } } };
    expect(await labelArtState(deps(), altered)).toBe('not_genuine');
    const [h, p] = label.token.split('.');
    expect(await labelArtState(deps(), { ...label, token: `${h}.${p}.${'A'.repeat(86)}` })).toBe('not_genuine');
    expect(await labelArtState({ keyring: { lookupFor: async () => keyLookupFrom([]) }, now: () => NOW }, label)).toBe('not_genuine');
  });
});
