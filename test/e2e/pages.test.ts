/**
 * The verification page in real headless Chromium, served by the real local service. Nothing
 * about verification is mocked; only for the expired case is the service's clock moved forward
 * (see `shiftServiceClock`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { decodeQrPng } from '../unit/shared/qr/decode-png.ts';

const AXE_PATH = join(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const XSS_NAME = '<img src=x onerror=alert(1)>';

interface IssuedLabel {
  readonly id: string;
  readonly token: string;
  readonly verifyUrl: string;
  readonly compactUrl: string;
  readonly links: { readonly labelSvg: string };
}

let svc: TestService;
let browser: Browser;
let apiKey: string;
const issued: Record<'valid' | 'revoked' | 'expiring' | 'xss', IssuedLabel> = {} as never;
let tamperedUrl: string;

async function issue(body: Record<string, unknown>): Promise<IssuedLabel> {
  const res = await svc.request('POST', '/labels', { body, bearer: apiKey });
  if (res.status !== 201) throw new Error(`issue: ${res.status} ${await res.text()}`);
  return (await res.json()) as IssuedLabel;
}

/**
 * Moves the running service's clock (the `now` every verification reads) forward, so a label
 * issued to expire in an hour is checked as if two hours had passed, without waiting and
 * without touching verification. Returns a function that restores the real clock.
 */
function shiftServiceClock(ms: number): () => void {
  const services = svc.service.services as { now: () => Date };
  const real = services.now;
  services.now = () => new Date(real().getTime() + ms);
  return () => {
    services.now = real;
  };
}

/** A token whose payload claims a different figure, with the original signature. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.pcf = '0.1';
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

interface Opened {
  readonly page: Page;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly dialogs: string[];
  readonly cspViolations: string[];
  close(): Promise<void>;
}

async function open(url: string, options: BrowserContextOptions = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${url}`);
  return {
    page,
    status: response.status(),
    headers: response.headers(),
    body: (await response.body()).toString('utf8'),
    dialogs,
    cspViolations,
    close: () => context.close(),
  };
}

async function verdictOf(page: Page): Promise<{ status: string | null; title: string }> {
  const section = page.locator('section.verdict');
  return { status: await section.getAttribute('data-status'), title: (await page.locator('h1').innerText()).trim() };
}

async function seriousAxeViolations(url: string, options: BrowserContextOptions = {}): Promise<{ id: string; impact: string; nodes: number }[]> {
  // axe is injected as a script: bypass our own CSP for this audit only (the CSP tests run without it).
  const opened = await open(url, { ...options, bypassCSP: true });
  try {
    await opened.page.addScriptTag({ path: AXE_PATH });
    const violations = await opened.page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  svc = await startTestService();
  apiKey = (await svc.createIssuer('Acme Steel')).apiKey;
  browser = await launchBrowser();
  issued.valid = await issue(validFixture('steel-hot-rolled-coil'));
  issued.revoked = await issue(validFixture('aluminium-primary-ingot'));
  const revoke = await svc.request('POST', `/labels/${issued.revoked.id}/revoke`, {
    body: { reason: 'Footprint recalculated with 2026 supplier data', supersededBy: issued.valid.id },
    bearer: apiKey,
  });
  expect(revoke.status).toBe(200);
  issued.expiring = await issue({ ...validFixture('cement-clinker'), validUntil: new Date(Date.now() + 3_600_000).toISOString() });
  const xss = validFixture('roasted-coffee');
  (xss.product as { name: string }).name = XSS_NAME;
  issued.xss = await issue(xss);
  tamperedUrl = `${svc.url}/v/${tamper(issued.valid.token)}`;
});

afterAll(async () => {
  await browser?.close();
  await svc?.destroy();
});

describe('verification page in Chromium', () => {
  it('valid: says Verified in green with the claim, under a strict CSP, in under 30 KB', async () => {
    const opened = await open(issued.valid.verifyUrl);
    try {
      expect(opened.status).toBe(200);
      expect(await verdictOf(opened.page)).toEqual({ status: 'valid', title: 'Verified' });
      await expect.poll(() => opened.page.getByText('2.01 t CO₂e per tonne').isVisible()).toBe(true);
      expect(await opened.page.getByText('Hot-rolled steel coil S235JR 2.0 mm', { exact: true }).isVisible()).toBe(true);
      // Who vouches: the pack check names the product to compare with the goods in hand.
      expect(await opened.page.getByText(/Check that the product name \(Hot-rolled steel coil/).isVisible()).toBe(true);
      expect(await opened.page.getByText('What the label says').isVisible()).toBe(true);

      const csp = opened.headers['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]{43}='/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(opened.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(opened.headers['referrer-policy']).toBe('no-referrer');
      expect(Buffer.byteLength(opened.body)).toBeLessThan(30 * 1024);
      // The inline style sheet is admitted by its hash: the verdict frame really is green.
      const border = await opened.page.locator('section.verdict').evaluate((el) => getComputedStyle(el).borderTopColor);
      expect(border).toBe('rgb(19, 115, 51)');
      expect(opened.cspViolations).toEqual([]);
      await opened.page.screenshot({ path: artifactPath('page-valid.png'), fullPage: true });
    } finally {
      await opened.close();
    }
  });

  it('revoked: says Revoked with the reason and the successor, and frames the claim as not verified', async () => {
    const opened = await open(issued.revoked.verifyUrl);
    try {
      expect(await verdictOf(opened.page)).toEqual({ status: 'revoked', title: 'Revoked' });
      expect(await opened.page.getByText('Footprint recalculated with 2026 supplier data').isVisible()).toBe(true);
      expect(await opened.page.getByText('What this label claimed (not verified, see above)').isVisible()).toBe(true);
      const successor = opened.page.getByRole('link', { name: issued.valid.id });
      expect(await successor.getAttribute('href')).toBe(`${svc.url}/l/${issued.valid.id}`);
      await opened.page.screenshot({ path: artifactPath('page-revoked.png'), fullPage: true });
      await successor.click();
      expect(await verdictOf(opened.page)).toEqual({ status: 'valid', title: 'Verified' });
    } finally {
      await opened.close();
    }
  });

  it('tampered: says Not genuine and shows none of the claimed figures', async () => {
    const opened = await open(tamperedUrl);
    try {
      expect(opened.status).toBe(200);
      expect(await verdictOf(opened.page)).toEqual({ status: 'bad_signature', title: 'Not genuine' });
      const text = await opened.page.locator('body').innerText();
      expect(text).not.toContain('Hot-rolled');
      expect(text).not.toContain('0.1');
      expect(text).not.toContain('2010.4');
      expect(text).not.toContain('CO₂e');
      await opened.page.screenshot({ path: artifactPath('page-tampered.png'), fullPage: true });
    } finally {
      await opened.close();
    }
  });

  it('expired: says Expired once the validity has passed', async () => {
    const before = await open(issued.expiring.verifyUrl);
    try {
      expect(await verdictOf(before.page)).toEqual({ status: 'valid', title: 'Verified' });
    } finally {
      await before.close();
    }
    const restore = shiftServiceClock(2 * 3_600_000);
    try {
      const opened = await open(issued.expiring.verifyUrl);
      try {
        expect(await verdictOf(opened.page)).toEqual({ status: 'expired', title: 'Expired' });
        expect(await opened.page.getByText('What this label claimed (not verified, see above)').isVisible()).toBe(true);
        await opened.page.screenshot({ path: artifactPath('page-expired.png'), fullPage: true });
      } finally {
        await opened.close();
      }
    } finally {
      restore();
    }
  });

  it('keeps a hostile product name as text, even with our CSP switched off', async () => {
    const opened = await open(issued.xss.verifyUrl, { bypassCSP: true });
    try {
      expect(await verdictOf(opened.page)).toEqual({ status: 'valid', title: 'Verified' });
      expect(await opened.page.getByText(XSS_NAME, { exact: true }).isVisible()).toBe(true);
      expect(await opened.page.locator('img').count()).toBe(0);
      expect(opened.dialogs).toEqual([]);
      await opened.page.screenshot({ path: artifactPath('page-xss.png'), fullPage: true });
    } finally {
      await opened.close();
    }
  });

  it('works with JavaScript disabled', async () => {
    for (const [url, expected] of [
      [issued.valid.verifyUrl, 'Verified'],
      [tamperedUrl, 'Not genuine'],
      [issued.revoked.compactUrl, 'Revoked'],
    ] as const) {
      const opened = await open(url, { javaScriptEnabled: false });
      try {
        expect((await verdictOf(opened.page)).title).toBe(expected);
      } finally {
        await opened.close();
      }
    }
  });

  it('answers a malformed token with a 200 "not genuine" page and an unknown id with a 404 page', async () => {
    const malformed = await open(`${svc.url}/v/not-a-token`);
    try {
      expect(malformed.status).toBe(200);
      expect(await verdictOf(malformed.page)).toEqual({ status: 'malformed', title: 'Not genuine' });
    } finally {
      await malformed.close();
    }
    const unknown = await open(`${svc.url}/l/zzzzzzzzzzzzzzzz`);
    try {
      expect(unknown.status).toBe(404);
      expect(unknown.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(await verdictOf(unknown.page)).toEqual({ status: 'unknown_label', title: 'Unknown label' });
    } finally {
      await unknown.close();
    }
  });

  it('speaks Simplified Chinese from Accept-Language, and the switch goes back to English', async () => {
    const opened = await open(issued.valid.verifyUrl, { locale: 'zh-CN' });
    try {
      expect(await opened.page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await verdictOf(opened.page)).toEqual({ status: 'valid', title: '已验证' });
      expect(opened.headers['content-language']).toBe('zh-CN');
      await opened.page.getByRole('link', { name: 'English' }).click();
      expect(await opened.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await verdictOf(opened.page)).toEqual({ status: 'valid', title: 'Verified' });
      await opened.page.getByRole('link', { name: '中文' }).click();
      expect((await verdictOf(opened.page)).title).toBe('已验证');
    } finally {
      await opened.close();
    }
  });

  it('has no serious or critical axe-core violations, in any verdict or language', async () => {
    const urls = [issued.valid.verifyUrl, issued.revoked.verifyUrl, tamperedUrl, `${svc.url}/l/zzzzzzzzzzzzzzzz`, `${issued.valid.verifyUrl}?lang=zh-CN`];
    for (const url of urls) expect({ url, violations: await seriousAxeViolations(url) }).toEqual({ url, violations: [] });
    const restore = shiftServiceClock(2 * 3_600_000);
    try {
      expect(await seriousAxeViolations(issued.expiring.verifyUrl)).toEqual([]);
    } finally {
      restore();
    }
  }, 180_000);
});

describe('home page in Chromium', () => {
  it('under its strict CSP and with JavaScript disabled, pasting a token, verify URL or compact URL opens its verification page', async () => {
    for (const [pasted, expected, path] of [
      [issued.valid.token, 'Verified', `/v/${issued.valid.token}`],
      [issued.revoked.verifyUrl, 'Revoked', `/v/${issued.revoked.token}`],
      [issued.revoked.compactUrl, 'Revoked', `/l/${issued.revoked.id}`],
    ] as const) {
      const opened = await open(`${svc.url}/`, { javaScriptEnabled: false });
      try {
        expect(opened.status).toBe(200);
        expect(opened.headers['content-security-policy']).toContain("default-src 'none'");
        expect(await opened.page.locator('script').count()).toBe(0);
        expect(await opened.page.locator('a[href="/openapi.json"]').count()).toBeGreaterThan(0);
        await opened.page.getByLabel('Label token, verify URL or label id').fill(pasted);
        await Promise.all([opened.page.waitForURL(`${svc.url}${path}`), opened.page.getByRole('button', { name: 'Check' }).click()]);
        expect((await verdictOf(opened.page)).title).toBe(expected);
        expect(opened.cspViolations).toEqual([]);
      } finally {
        await opened.close();
      }
    }
  });

  it('has no serious or critical axe-core violations', async () => {
    expect(await seriousAxeViolations(`${svc.url}/`)).toEqual([]);
  });
});

describe('label art in Chromium', () => {
  it('renders, and the QR inside it decodes to the verify URL', async () => {
    const context = await browser.newContext({ viewport: { width: 160, height: 400 }, deviceScaleFactor: 4 });
    try {
      const page = await context.newPage();
      const svgText = await (await svc.fetch(issued.valid.links.labelSvg)).text();
      writeFileSync(artifactPath('label-art.svg'), svgText);
      await page.goto(issued.valid.links.labelSvg);
      const png = await page
        .locator('svg')
        .first()
        .screenshot({ path: artifactPath('label-art.png') });
      expect(decodeQrPng(png).text).toBe(issued.valid.verifyUrl);
      expect(readFileSync(artifactPath('label-art.png')).length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it("a revoked label's art says so", async () => {
    const context = await browser.newContext({ viewport: { width: 160, height: 400 }, deviceScaleFactor: 4 });
    try {
      const page = await context.newPage();
      const res = await page.goto(issued.revoked.links.labelSvg);
      expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
      const texts = await page.locator('text').allTextContents();
      expect(texts).toContain('REVOKED: DO NOT RELY');
      expect(texts.some((t) => /^Revoked \d{4}-\d{2}-\d{2}\. Scan for details\.$/.test(t))).toBe(true);
      const png = await page
        .locator('svg')
        .first()
        .screenshot({ path: artifactPath('label-art-revoked.png') });
      expect(decodeQrPng(png).text).toBe(issued.revoked.verifyUrl);
    } finally {
      await context.close();
    }
  });
});
