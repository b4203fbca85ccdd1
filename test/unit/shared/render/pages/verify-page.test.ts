import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimsFor, describeClaims, type HeadlineClaim } from '../../../../../shared/label/claims.ts';
import { buildLabelRecord } from '../../../../../shared/label/record.ts';
import type { LabelRequest } from '../../../../../shared/label/request-schema.ts';
import { en } from '../../../../../shared/render/i18n/en.ts';
import { zhCN } from '../../../../../shared/render/i18n/zh-CN.ts';
import { PAGE_CSP, PAGE_STYLE, PAGE_STYLE_HASH } from '../../../../../shared/render/pages/page-style.ts';
import { VERDICT_VIEWS } from '../../../../../shared/render/pages/verdict-view.ts';
import { renderVerifyPage } from '../../../../../shared/render/pages/verify-page.ts';
import { VERDICT_STATUSES, verdict, type VerdictStatus } from '../../../../../shared/verification/verdict.ts';
import { validFixture } from '../../../../support/fixtures.ts';

const BASE = 'https://labels.example.com';
const NOW = new Date('2026-06-01T12:34:56Z');

function claimFor(productName = 'Hot-rolled steel coil S235JR 2.0 mm'): HeadlineClaim {
  const request = validFixture('steel-hot-rolled-coil') as Record<string, any>;
  request.product.name = productName;
  const record = buildLabelRecord({
    id: '0123456789abcdef',
    issuer: { id: 'org_0123456789ab', name: 'Acme Steel' },
    request: request as LabelRequest,
    issuedAt: new Date('2026-03-01T00:00:00Z'),
    defaultValidityDays: 365,
  });
  return describeClaims(claimsFor(record, 'd'.repeat(43)));
}

const GENUINE: readonly VerdictStatus[] = [
  'valid',
  'revoked',
  'expired',
  'not_yet_valid',
  'unknown_label',
  'record_mismatch',
  'status_unavailable',
  'key_compromised',
  'accreditation_withdrawn',
];

function page(
  status: VerdictStatus,
  options: {
    claim?: HeadlineClaim;
    messages?: typeof en;
    revocation?: { revokedAt: string; reason: string; supersededBy?: string; by?: 'issuer' | 'scheme' };
  } = {},
) {
  const claim = options.claim ?? (GENUINE.includes(status) ? claimFor() : undefined);
  const v = verdict(status, NOW, {
    kid: 'kid-1',
    ...(claim ? { claim, labelId: claim.labelId } : {}),
    ...(options.revocation ? { revocation: options.revocation } : {}),
    statusSource: { kind: 'live' },
  });
  return renderVerifyPage({ verdict: v, messages: options.messages ?? en, baseUrl: BASE });
}

/** The page's visible text, roughly: tags removed, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('verification page', () => {
  it.each(VERDICT_STATUSES)('%s: one verdict with its words, tone and icon', (status) => {
    const html = page(status);
    const view = VERDICT_VIEWS[status];
    expect(html).toContain(`<section class="verdict ${view.tone}" data-status="${status}"`);
    expect(html).toContain(`<h1 id="verdict-h">${en.verdictTitle[status]}</h1>`);
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html).toContain('<html lang="en">');
    expect(Buffer.byteLength(html)).toBeLessThan(30 * 1024);
  });

  it('only valid is green with a tick; status_unavailable never looks verified', () => {
    for (const status of VERDICT_STATUSES) {
      expect(VERDICT_VIEWS[status].tone === 'ok').toBe(status === 'valid');
      expect(VERDICT_VIEWS[status].icon === 'tick').toBe(status === 'valid');
    }
    const html = page('status_unavailable');
    expect(html).not.toContain(en.verdictTitle.valid);
    expect(html).toContain(en.claimHeadingNotValid);
  });

  it('valid: shows the claim under the plain heading, with the figure in human units', () => {
    const t = text(page('valid'));
    expect(t).toContain(en.claimHeadingValid);
    expect(t).toContain('2.01 t CO₂e per tonne');
    expect(t).toContain('2010.4 kg CO₂e / 1000 kilogram');
    expect(t).toContain('Cradle to gate');
    expect(t).toContain('2025-01-01 to 2026-01-01');
    expect(t).toContain('Example Assurance Co. (reasonable assurance)');
    expect(t).toContain('Acme Steel');
    expect(t).toContain('kid-1');
    expect(t).toContain('2026-06-01 12:34 UTC');
    expect(t).not.toContain(en.claimHeadingNotValid);
  });

  it.each(['revoked', 'expired', 'not_yet_valid', 'record_mismatch', 'key_compromised', 'unknown_label'] as const)(
    '%s: a genuine claim is framed as not verified',
    (status) => {
      const html = page(status);
      expect(html).toContain('class="box unverified"');
      expect(text(html)).toContain(en.claimHeadingNotValid);
      expect(text(html)).not.toContain(en.claimHeadingValid);
    },
  );

  it.each(['bad_signature', 'unknown_key', 'malformed'] as const)('%s: no claim at all, only the warning', (status) => {
    const t = text(page(status));
    expect(t).toContain('Not genuine');
    expect(t).toContain(en.noClaim);
    expect(t).not.toContain('Hot-rolled');
    expect(t).not.toContain('CO₂e per');
  });

  it('revoked: shows the reason, the date and a link to the successor', () => {
    const html = page('revoked', { revocation: { revokedAt: '2026-05-01T08:00:00Z', reason: 'Recalculated <b>2026</b>', supersededBy: 'fedcba9876543210' } });
    expect(text(html)).toContain('Reason given by the issuer Recalculated <b>2026</b>');
    expect(html).toContain('Recalculated &lt;b&gt;2026&lt;/b&gt;');
    expect(text(html)).toContain('2026-05-01 08:00 UTC');
    expect(html).toContain(`<a href="${BASE}/l/fedcba9876543210"`);
  });

  it('escapes label strings: an HTML product name is text, not markup', () => {
    const html = page('valid', { claim: claimFor('<img src=x onerror=alert(1)>') });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text(html)).toContain('<img src=x onerror=alert(1)>');
  });

  it('stays under 30 KB with every field at its longest', () => {
    const claim = claimFor('<'.repeat(200));
    const long = { ...claim, issuer: { ...claim.issuer, name: '&'.repeat(200) }, assurance: { providerName: '"'.repeat(200), level: 'reasonable' } };
    const html = page('revoked', { claim: long, revocation: { revokedAt: NOW.toISOString(), reason: "'".repeat(500), supersededBy: 'fedcba9876543210' } });
    expect(Buffer.byteLength(html)).toBeLessThan(30 * 1024);
  });

  it('speaks Simplified Chinese with lang="zh-CN" and offers the switch', () => {
    const html = page('valid', { messages: zhCN });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1 id="verdict-h">已验证</h1>');
    expect(text(html)).toContain('2.01 t CO₂e 每吨');
    expect(html).toContain('<a href="?lang=en" hreflang="en" lang="en">English</a>');
    expect(html).toContain('<a href="?lang=zh-CN" hreflang="zh-CN" lang="zh-CN" aria-current="page">中文</a>');
  });

  it('has no script, and its one style sheet is the one the CSP admits by hash', () => {
    const html = page('valid');
    expect(html).not.toMatch(/<script|\son\w+=/i);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    expect(styles).toEqual([PAGE_STYLE]);
    expect(PAGE_STYLE_HASH).toBe(`sha256-${createHash('sha256').update(styles[0]!).digest('base64')}`);
    expect(PAGE_CSP).toContain(`style-src '${PAGE_STYLE_HASH}'`);
    expect(PAGE_CSP).toContain("default-src 'none'");
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
    expect(html).not.toMatch(/\sstyle="/);
  });
});

describe('who vouches', () => {
  const scheme = { id: 'cn-pcf.example', name: 'Example product carbon footprint scheme', rootThumbprint: 'r'.repeat(43) };
  const accreditation = {
    id: 'acc_0123456789ab',
    scope: { productCategory: '7208', hsCode: '720851', productCategories: ['7208', '7601'], markets: ['EU', 'CN'] },
    accreditedBy: 'CNAS',
    reference: 'CNAS-PCF-0042',
    validUntil: '2028-01-01T00:00:00.000Z',
    status: 'active' as const,
  };
  const render = (extra: Parameters<typeof verdict>[2], messages = en, assuranceListed = false) => {
    const claim = claimFor();
    const v = verdict('valid', NOW, { claim, labelId: claim.labelId, statusSource: { kind: 'live' }, ...extra });
    return renderVerifyPage({ verdict: v, messages, baseUrl: BASE, assuranceListed });
  };

  it('names the scheme and its domain, the accreditation (scope, body), the provider as declared, and the pack check', () => {
    const t = text(render({ scheme, issuer: { id: 'org_0123456789ab', name: 'Acme Steel', accreditation } }));
    expect(t).toContain('Who vouches for this label');
    expect(t).toContain('Example product carbon footprint scheme, at labels.example.com');
    expect(t).toContain('Accredited by CNAS (CNAS-PCF-0042) for HS 7208 · EU, CN (in force)');
    expect(t).toContain('Example Assurance Co., as declared by the issuer (not checked by the scheme)');
    expect(t).toContain('Check that the product name (Hot-rolled steel coil S235JR 2.0 mm) and product id');
  });

  it('a provider the scheme lists as a certification body is said to be listed; no list: the service alone', () => {
    expect(text(render({ scheme }, en, true))).toContain('Example Assurance Co., a certification body listed by the scheme');
    const t = text(render({}));
    expect(t).toContain('The service at labels.example.com (it publishes no signed list of accredited issuers)');
  });

  it('shows warnings and speaks Chinese', () => {
    const warnings = [{ code: 'accreditation_suspended' as const, message: 'x' }];
    expect(text(render({ scheme, warnings }))).toContain('The accreditation is suspended');
    const zh = text(render({ scheme, issuer: { id: 'org_0123456789ab', name: 'Acme Steel', accreditation } }, zhCN));
    expect(zh).toContain('谁为此标签担保');
    expect(zh).toContain('由 CNAS 认可');
  });

  it('escapes everything the trust list says', () => {
    const hostile = '<script>alert(1)</script>';
    const html = render({
      scheme: { ...scheme, name: hostile },
      issuer: { id: 'org_0123456789ab', name: hostile, accreditation: { ...accreditation, accreditedBy: hostile, reference: '"><img src=x>' } },
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x>');
    expect(text(html)).toContain(`Accredited by ${hostile}`);
  });

  it('a revocation by the scheme operator is labelled as the scheme’s', () => {
    const revocation = { revokedAt: NOW.toISOString(), reason: 'Issuer not accredited for this product', by: 'scheme' as const };
    expect(text(page('revoked', { revocation }))).toContain('Reason given by the scheme operator Issuer not accredited');
    expect(text(page('revoked', { revocation: { revokedAt: NOW.toISOString(), reason: 'typo' } }))).toContain('Reason given by the issuer typo');
  });

  it('a forged token gets no vouch block (nothing it says is shown)', () => {
    expect(page('bad_signature')).not.toContain('vouch-h');
    expect(page('untrusted_scheme')).not.toContain('vouch-h');
  });
});
