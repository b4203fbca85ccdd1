/**
 * QR codes end to end, on the real local service: every fixture's PNG in both modes, decoded by
 * jsQR; the full QR's URL verifies through `POST /verify`; the compact QR's URL opens the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_FIXTURES } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { decodeQrPng } from '../unit/shared/qr/decode-png.ts';

interface IssuedLabel {
  readonly id: string;
  readonly token: string;
  readonly verifyUrl: string;
  readonly compactUrl: string;
  readonly links: { readonly qrSvg: string; readonly qrPng: string; readonly labelSvg: string };
}

let svc: TestService;
const labels = new Map<string, IssuedLabel>();

beforeAll(async () => {
  svc = await startTestService();
  const { apiKey } = await svc.createIssuer('Acme Steel');
  for (const fixture of VALID_FIXTURES) {
    const res = await svc.request('POST', '/labels', { body: fixture.body, bearer: apiKey });
    expect(res.status).toBe(201);
    labels.set(fixture.name, (await res.json()) as IssuedLabel);
  }
});

afterAll(async () => {
  await svc?.destroy();
});

const path = (url: string) => url.slice(svc.url.length);

describe.each(VALID_FIXTURES.map((f) => f.name))('QR codes of %s', (name) => {
  it('full: the PNG decodes to the verify URL, and that URL verifies as valid', async () => {
    const label = labels.get(name)!;
    const res = await svc.request('GET', path(label.links.qrPng));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const decoded = decodeQrPng(Buffer.from(await res.arrayBuffer()));
    expect(decoded.text).toBe(label.verifyUrl);
    expect(decoded.text).toBe(`${svc.url}/v/${label.token}`);

    const token = decodeURIComponent(new URL(decoded.text).pathname.replace(/^\/v\//, ''));
    const verdict = (await (await svc.request('POST', '/verify', { body: { token } })).json()) as { status: string; labelId: string };
    expect(verdict).toMatchObject({ status: 'valid', labelId: label.id });
    // A verify URL is accepted as it is, too.
    const byUrl = (await (await svc.request('POST', '/verify', { body: { token: decoded.text } })).json()) as { status: string };
    expect(byUrl.status).toBe('valid');
  });

  it("compact: the PNG decodes to the short URL, which opens this label's page", async () => {
    const label = labels.get(name)!;
    const res = await svc.request('GET', `${path(label.links.qrPng)}?mode=compact&size=300`);
    expect(res.status).toBe(200);
    const decoded = decodeQrPng(Buffer.from(await res.arrayBuffer()));
    expect(decoded.width).toBeLessThanOrEqual(300);
    expect(decoded.text).toBe(label.compactUrl);
    expect(decoded.text).toBe(`${svc.url}/l/${label.id}`);

    const page = await svc.fetch(decoded.text);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-status="valid"');
    expect(html).toContain(`>${label.id}<`);
  });
});

describe('QR and label-art routes', () => {
  it('serves SVG QR codes in both modes with a size', async () => {
    const label = labels.get('steel-hot-rolled-coil')!;
    for (const mode of ['full', 'compact']) {
      const res = await svc.request('GET', `${path(label.links.qrSvg)}?mode=${mode}&size=240`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const svg = await res.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="240" height="240"/);
    }
  });

  it('serves the label art with the figure and the short URL', async () => {
    const label = labels.get('steel-hot-rolled-coil')!;
    const res = await svc.request('GET', path(label.links.labelSvg));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    expect(svg).toContain('>2.01 t CO₂e<');
    expect(svg).toContain('>per tonne<');
    expect(svg).toContain(`>${label.compactUrl.replace(/^https?:\/\//, '')}<`);

    const zh = await svc.request('GET', `${path(label.links.labelSvg)}?lang=zh-CN`);
    expect(zh.status).toBe(200);
    const zhSvg = await zh.text();
    expect(zhSvg).toContain('lang="zh-CN"');
    expect(zhSvg).toContain('>产品碳足迹<');
    expect(zhSvg).toContain('>2.01 t CO₂e<');
    const unknown = await svc.request('GET', `${path(label.links.labelSvg)}?lang=fr`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain('lang');
  });

  it.each([
    ['?mode=tiny', 'mode'],
    ['?size=huge', 'size'],
    ['?size=10', 'size'],
    ['?size=99999', 'size'],
    ['?colour=red', '(root)'],
  ])('refuses a bad query %s with a 400 problem naming %s', async (query, field) => {
    const label = labels.get('cement-clinker')!;
    for (const link of [label.links.qrPng, label.links.qrSvg]) {
      const res = await svc.request('GET', `${path(link)}${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path)).toContain(field);
    }
    const art = await svc.request('GET', `${path(label.links.labelSvg)}${query === '?mode=tiny' ? query : '?size=100'}`);
    expect(art.status).toBe(400);
  });

  it('documents the query parameters in /openapi.json', async () => {
    const doc = (await (await svc.request('GET', '/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string; in: string }[] } }>;
    };
    const query = (p: string) => doc.paths[p]!.get.parameters.filter((q) => q.in === 'query').map((q) => q.name);
    expect(query('/labels/{id}/qr.png')).toEqual(['mode', 'size']);
    expect(query('/labels/{id}/qr.svg')).toEqual(['mode', 'size']);
    expect(query('/labels/{id}/label.svg')).toEqual(['mode', 'lang']);
    expect(query('/v/{token}')).toEqual(['lang']);
  });

  it.each(['/labels/zzzzzzzzzzzzzzzz/qr.png', '/labels/not-an-id/qr.svg', '/labels/zzzzzzzzzzzzzzzz/label.svg'])('answers 404 problem for %s', async (p) => {
    const res = await svc.request('GET', p);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(((await res.json()) as { code: string }).code).toBe('not_found');
  });
});
