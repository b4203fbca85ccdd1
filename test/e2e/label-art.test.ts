/**
 * Label art tells the truth, on paper and to a scanner. Every valid fixture is issued through the
 * real local service and its art fetched in English and Chinese, in four states: active, revoked
 * (through the revoke route), expired (issued while the service's clock was moved 30 days back,
 * valid until yesterday) and signed by a key marked compromised (through the admin route). Each
 * art must say its state in words; keep every text at least 1.6 mm; render in librsvg and in
 * Chromium; leave a quiet zone of at least 4 modules around its QR in both renderings; and its QR
 * must read with zbar, in both renderings, as the label's verify URL. Chromium here and in CI
 * has no CJK font, so Chinese is checked as text content, never as pixels.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser } from '../support/browser.ts';
import { VALID_FIXTURES, validFixture } from '../support/fixtures.ts';
import { artGeometry, artTexts, measureQuietZone, rasteriseWithRsvg, textSizesMm, zbarDecodeBuffer } from '../support/label-art-render.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

const STATES = ['active', 'revoked', 'expired', 'key_compromised'] as const;
type State = (typeof STATES)[number];
const LANGS = ['en', 'zh-CN'] as const;
type Lang = (typeof LANGS)[number];

/** The promise: no text on the art is smaller than this (SECURITY.md, docs/qr-and-pages.md). */
const MIN_TEXT_MM = 1.6;
/** ISO/IEC 18004's quiet zone, in modules. */
const QUIET_ZONE_MODULES = 4;
/** librsvg renders the 40 mm art this many pixels wide (25 px/mm); Chromium at this device scale. */
const RSVG_WIDTH_PX = 1000;
const CHROMIUM_SCALE = 6;

interface IssuedLabel {
  readonly id: string;
  readonly token: string;
  readonly verifyUrl: string;
  readonly record: { readonly validUntil: string };
  readonly links: { readonly labelSvg: string };
}

let svc: TestService;
let apiKey: string;
let browser: Browser;
let context: BrowserContext;
const labels = new Map<string, IssuedLabel>();
const revokedOn = new Map<string, string>();
/** Quiet zones and smallest text seen, for the report at the end. */
const measured: { case: string; renderer: string; quietZone: number; modulePx: number }[] = [];
let smallestTextMm = Infinity;

const LONG_FIGURE = 'long-figure';

async function issue(body: Record<string, unknown>): Promise<IssuedLabel> {
  const res = await svc.request('POST', '/labels', { body, bearer: apiKey });
  if (res.status !== 201) throw new Error(`issue: ${res.status} ${await res.text()}`);
  return (await res.json()) as IssuedLabel;
}

/** Issues a label while the service's clock reads 30 days ago, valid until yesterday: expired now. */
async function issueExpired(body: Record<string, unknown>): Promise<IssuedLabel> {
  const services = svc.service.services as { now: () => Date };
  const real = services.now;
  const day = 86_400_000;
  services.now = () => new Date(real().getTime() - 30 * day);
  try {
    return await issue({ ...body, validUntil: new Date(real().getTime() - day).toISOString() });
  } finally {
    services.now = real;
  }
}

/** A label with the longest figure, amount and name the request schema allows. */
function longFigureBody(): Record<string, unknown> {
  const body = validFixture('cotton-tshirt') as { product: { name: string }; footprint: Record<string, string> };
  body.footprint.pcfExcludingBiogenicUptake = '9'.repeat(40);
  body.footprint.declaredUnitAmount = '1234567890123456789012345678901234567890';
  body.footprint.declaredUnitOfMeasurement = 'megabit second';
  body.product.name =
    'Organic cotton T-shirt, heavyweight jersey, garment-dyed, with a product name long enough to need every line the label art allows and then some more words beyond those lines '.slice(
      0,
      200,
    );
  return body;
}

beforeAll(async () => {
  svc = await startTestService();
  {
    // Accredited 31 days ago, so the labels issued "30 days ago" (issueExpired) fall inside it.
    const services = svc.service.services as { now: () => Date };
    const real = services.now;
    services.now = () => new Date(real().getTime() - 31 * 86_400_000);
    try {
      apiKey = (await svc.createIssuer('Acme Steel')).apiKey;
    } finally {
      services.now = real;
    }
  }
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 200, height: 900 }, deviceScaleFactor: CHROMIUM_SCALE });

  // First the labels whose key will be compromised, then the compromise (which rotates signing
  // to a fresh key), then every other label under the fresh key.
  for (const { name, body } of VALID_FIXTURES) labels.set(`${name}/key_compromised`, await issue(body));
  const kid = (
    JSON.parse(Buffer.from(labels.get(`${VALID_FIXTURES[0]!.name}/key_compromised`)!.token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }
  ).kid;
  const compromise = await svc.request('POST', `/admin/signing-keys/${kid}/compromise`, { bearer: svc.adminToken });
  expect(compromise.status).toBe(200);

  for (const { name, body } of VALID_FIXTURES) {
    labels.set(`${name}/active`, await issue(body));
    const revoked = await issue(body);
    const res = await svc.request('POST', `/labels/${revoked.id}/revoke`, { body: { reason: 'Footprint recalculated' }, bearer: apiKey });
    expect(res.status).toBe(200);
    revokedOn.set(revoked.id, ((await res.json()) as { revocation: { revokedAt: string } }).revocation.revokedAt.slice(0, 10));
    labels.set(`${name}/revoked`, revoked);
    labels.set(`${name}/expired`, await issueExpired(body));
  }
  labels.set(`${LONG_FIGURE}/active`, await issue(longFigureBody()));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await svc?.destroy();
  for (const renderer of ['librsvg', 'chromium']) {
    const of = measured.filter((m) => m.renderer === renderer);
    if (of.length === 0) continue;
    const least = of.reduce((a, b) => (b.quietZone < a.quietZone ? b : a));
    console.log(
      `label art, ${renderer}: ${of.length} renderings; smallest quiet zone ${least.quietZone.toFixed(2)} modules (${least.case}, ${least.modulePx.toFixed(1)} px/module); smallest text ${smallestTextMm.toFixed(2)} mm`,
    );
  }
});

/** What each state must print, per language: the header band, the line under the figure, and the accessible name. */
function expectedWords(state: State, lang: Lang, label: IssuedLabel): { heading: string; line?: string; title: string } {
  const expiry = label.record.validUntil.slice(0, 10);
  const revoked = revokedOn.get(label.id);
  const words: Record<Lang, Record<State, { heading: string; line?: string; title: string }>> = {
    en: {
      active: { heading: 'CARBON FOOTPRINT', title: 'Carbon label' },
      revoked: { heading: 'REVOKED: DO NOT RELY', line: `Revoked ${revoked}. Scan for details.`, title: 'REVOKED carbon label' },
      expired: { heading: 'EXPIRED: DO NOT RELY', line: `Expired ${expiry}. Scan for details.`, title: 'EXPIRED carbon label' },
      key_compromised: {
        heading: 'NOT GENUINE: DO NOT RELY',
        line: 'Its signing key was reported compromised. Scan for details.',
        title: 'NOT GENUINE carbon label',
      },
    },
    'zh-CN': {
      active: { heading: '产品碳足迹', title: '碳标签' },
      revoked: { heading: '已撤销：请勿采信', line: `已于 ${revoked} 撤销，扫码查看详情。`, title: '已撤销的碳标签' },
      expired: { heading: '已过期：请勿采信', line: `已于 ${expiry} 过期，扫码查看详情。`, title: '已过期的碳标签' },
      key_compromised: { heading: '非真实标签：请勿采信', line: '签署它的密钥已被报告泄露，扫码查看详情。', title: '非真实的碳标签' },
    },
  };
  return words[lang][state];
}

/** Lines may wrap: compare text with its spaces taken out. */
const squash = (s: string) => s.replace(/\s+/g, '');

const CASES = [
  ...VALID_FIXTURES.flatMap(({ name }) => STATES.flatMap((state) => LANGS.map((lang) => ({ name, state, lang })))),
  ...LANGS.map((lang) => ({ name: LONG_FIGURE, state: 'active' as State, lang })),
];

describe.each(CASES)('label art of $name, $state, $lang', ({ name, state, lang }) => {
  const key = `${name}-${state}-${lang}`;

  it('says its state, keeps text at least 1.6 mm, renders in librsvg and Chromium with a 4-module quiet zone, and its QR reads with zbar as the verify URL', async () => {
    const label = labels.get(`${name}/${state}`)!;
    const url = `${label.links.labelSvg}?lang=${lang}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();

    // Words: the state, plainly, and nothing of a warning on an active label.
    const texts = artTexts(svg);
    const words = expectedWords(state, lang, label);
    expect(texts[0]).toBe(words.heading);
    if (words.line) expect(squash(texts.join(''))).toContain(squash(words.line));
    expect(svg).toMatch(new RegExp(`aria-label="${words.title}[:：]`));
    if (state === 'active') {
      expect(texts.join(' ')).not.toMatch(/DO NOT RELY|请勿采信/);
      expect(svg).not.toContain('#b3261e');
    } else {
      expect(svg).toMatch(/<rect [^>]*fill="#b3261e"/); // the red header band
      expect(svg).toMatch(/<rect [^>]*stroke="#b3261e"/); // the red frame
    }

    // Text size, in millimetres on the printed art.
    const sizes = textSizesMm(svg);
    expect(sizes.length).toBeGreaterThan(5);
    for (const { text, mm } of sizes) expect(mm, `"${text}" is ${mm.toFixed(2)} mm`).toBeGreaterThanOrEqual(MIN_TEXT_MM);
    smallestTextMm = Math.min(smallestTextMm, ...sizes.map((s) => s.mm));

    const geometry = artGeometry(svg);
    expect(geometry.widthMm).toBe(40);

    // librsvg.
    const rsvgPng = await rasteriseWithRsvg(svg, RSVG_WIDTH_PX);
    const rsvgScale = RSVG_WIDTH_PX / geometry.viewBox.width;
    expect(await zbarDecodeBuffer(rsvgPng, artifactPath(`label-art-${key}.rsvg.png`))).toEqual([label.verifyUrl]);
    const rsvgZone = measureQuietZone(
      rsvgPng,
      { x: geometry.qr.x * rsvgScale, y: geometry.qr.y * rsvgScale, size: geometry.qr.size * rsvgScale },
      geometry.qr.modules,
    );
    measured.push({ case: key, renderer: 'librsvg', quietZone: rsvgZone.min, modulePx: rsvgZone.modulePx });
    expect(rsvgZone.min, `librsvg quiet zone ${JSON.stringify(rsvgZone)}`).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES);

    // Chromium.
    const page = await context.newPage();
    try {
      await page.goto(url);
      expect(await page.locator('text').allTextContents()).toEqual(texts);
      if (lang === 'en') {
        // Every line stays inside the art (Latin fonts are installed; CJK ones are not).
        const overflow = await page.evaluate((width) => {
          return Array.from(document.querySelectorAll('text'))
            .map((t) => ({ text: t.textContent, box: t.getBBox() }))
            .filter(({ box }) => box.x < 0 || box.x + box.width > width)
            .map(({ text, box }) => `${text} [${box.x.toFixed(1)}, ${(box.x + box.width).toFixed(1)}]`);
        }, geometry.viewBox.width);
        expect(overflow).toEqual([]);
      }
      const shot = await page.locator('svg').first().screenshot();
      const chromiumScale = ((geometry.widthMm / 25.4) * 96 * CHROMIUM_SCALE) / geometry.viewBox.width;
      expect(await zbarDecodeBuffer(shot, artifactPath(`label-art-${key}.chromium.png`))).toEqual([label.verifyUrl]);
      const chromiumZone = measureQuietZone(
        shot,
        { x: geometry.qr.x * chromiumScale, y: geometry.qr.y * chromiumScale, size: geometry.qr.size * chromiumScale },
        geometry.qr.modules,
      );
      measured.push({ case: key, renderer: 'chromium', quietZone: chromiumZone.min, modulePx: chromiumZone.modulePx });
      expect(chromiumZone.min, `Chromium quiet zone ${JSON.stringify(chromiumZone)}`).toBeGreaterThanOrEqual(QUIET_ZONE_MODULES);
    } finally {
      await page.close();
    }
  });
});
