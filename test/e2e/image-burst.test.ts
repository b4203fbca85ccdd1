/**
 * QR images are public and unauthenticated, so their CPU cost must not stall the service: during a
 * burst of the largest `qr.png` the query schema accepts, for several labels and both modes,
 * `/health` keeps answering. The test asserts order (health answers while the burst is still in
 * flight), never a duration; the latencies it measures are printed for the record. Images are
 * cached, so the test also checks that no cache serves stale art after a revocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QR_SIZE_RANGE } from '../../shared/qr/qr-query.ts';
import { QR_PNG_MAX_WIDTH } from '../../shared/qr/render-qr.ts';
import { VALID_FIXTURES } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { decodeQrPng } from '../unit/shared/qr/decode-png.ts';

/** Concurrent image requests, and how many each of them sends one after the other. */
const CONCURRENCY = 20;
const ROUNDS = 2;

interface IssuedLabel {
  readonly id: string;
  readonly verifyUrl: string;
  readonly compactUrl: string;
  readonly links: { readonly qrPng: string; readonly qrSvg: string; readonly labelSvg: string };
}

let svc: TestService;
let apiKey: string;
const labels: IssuedLabel[] = [];

beforeAll(async () => {
  svc = await startTestService();
  apiKey = (await svc.createIssuer('Acme Steel')).apiKey;
  for (const fixture of VALID_FIXTURES) {
    const res = await svc.request('POST', '/labels', { body: fixture.body, bearer: apiKey });
    expect(res.status).toBe(201);
    labels.push((await res.json()) as IssuedLabel);
  }
});

afterAll(async () => {
  await svc?.destroy();
});

describe('a burst of the largest QR PNGs', () => {
  it('does not stall /health: every poll answers 200, and the first one sent answers before the burst is over', async () => {
    const size = QR_SIZE_RANGE.max;
    let burstOver = false;
    const images: { status: number; png: Buffer; label: IssuedLabel; mode: string }[] = [];
    const burst = Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, worker) => {
        for (let round = 0; round < ROUNDS; round++) {
          const label = labels[(worker + round) % labels.length]!;
          const mode = worker % 2 === 0 ? 'full' : 'compact';
          try {
            const res = await fetch(`${label.links.qrPng}?mode=${mode}&size=${size}`);
            images.push({ status: res.status, png: Buffer.from(await res.arrayBuffer()), label, mode });
          } catch (error) {
            // A connection the server dropped (it timed the request out) counts as status 0.
            images.push({ status: 0, png: Buffer.alloc(0), label, mode });
            console.log(`qr.png request failed: ${String((error as Error).cause ?? error)}`);
          }
        }
      }),
    ).finally(() => {
      burstOver = true;
    });

    // Poll /health one request after the other until the burst is over.
    const polls: { status: number; ms: number; duringBurst: boolean; imagesDoneBefore: number }[] = [];
    const poller = (async () => {
      do {
        const started = performance.now();
        const status = await svc
          .request('GET', '/health')
          .then(async (res) => (await res.arrayBuffer(), res.status))
          .catch(() => 0);
        polls.push({ status, ms: performance.now() - started, duringBurst: !burstOver, imagesDoneBefore: images.length });
      } while (!burstOver);
    })();
    await Promise.all([burst, poller]);

    const ms = polls.map((p) => p.ms).sort((a, b) => a - b);
    const statuses = images.map((i) => i.status);
    console.log(
      `images: ${statuses.filter((c) => c === 200).length} × 200, ${statuses.filter((c) => c !== 200).length} failed (${[...new Set(statuses.filter((c) => c !== 200))].join(', ')}); ` +
        `/health during a burst of ${CONCURRENCY}×${ROUNDS} qr.png?size=${size}: ${polls.length} polls, ` +
        `${polls.filter((p) => p.duringBurst).length} answered during the burst; first answered after ${polls[0]!.imagesDoneBefore} of ${CONCURRENCY * ROUNDS} images; ` +
        `latency median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms (measured, not asserted)`,
    );

    expect(statuses).toEqual(Array(CONCURRENCY * ROUNDS).fill(200));
    expect(polls.map((p) => p.status)).toEqual(Array(polls.length).fill(200));
    expect(polls[0]!.duringBurst).toBe(true);

    // The images are the real thing, and no wider than the cap whatever the size asked: one of
    // each mode decodes to its URL.
    for (const mode of ['full', 'compact']) {
      const image = images.find((i) => i.mode === mode)!;
      const decoded = decodeQrPng(image.png);
      expect(decoded.text).toBe(mode === 'full' ? image.label.verifyUrl : image.label.compactUrl);
      expect(decoded.width).toBeLessThanOrEqual(QR_PNG_MAX_WIDTH);
    }
  }, 600_000);
});

describe('cached images', () => {
  it('never serve stale art: after a revocation the art says so at once, while the QR images stay byte for byte the same', async () => {
    const label = labels[0]!;
    const get = async (url: string) => {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      return { body: Buffer.from(await res.arrayBuffer()), cacheControl: res.headers.get('cache-control') };
    };
    const before = { art: await get(label.links.labelSvg), png: await get(`${label.links.qrPng}?size=800`), svg: await get(`${label.links.qrSvg}?size=300`) };
    expect(before.art.body.toString('utf8')).toContain('>CARBON FOOTPRINT<');
    expect(before.art.cacheControl).toBe('no-cache');
    expect(before.png.cacheControl).toBe('public, max-age=86400');

    const revoke = await svc.request('POST', `/labels/${label.id}/revoke`, { body: { reason: 'Recalculated' }, bearer: apiKey });
    expect(revoke.status).toBe(200);

    const art = (await get(label.links.labelSvg)).body.toString('utf8');
    expect(art).toContain('>REVOKED: DO NOT RELY<');
    expect(art).not.toContain('>CARBON FOOTPRINT<');
    expect((await get(`${label.links.labelSvg}?lang=zh-CN`)).body.toString('utf8')).toContain('>已撤销：请勿采信<');
    expect((await get(`${label.links.qrPng}?size=800`)).body.equals(before.png.body)).toBe(true);
    expect((await get(`${label.links.qrSvg}?size=300`)).body.equals(before.svg.body)).toBe(true);
  });
});
