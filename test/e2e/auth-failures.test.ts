/**
 * Failed admin and issuer authentication on the local server: every failure is one structured
 * log line without the presented secret, and a source that keeps failing is throttled (`429
 * too_many_requests` with `Retry-After`) while successful calls neither count nor reset the
 * budget. The figures (10 failures, then one more every 6 s) are the local server's defaults.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { PROBLEM_CONTENT_TYPE } from '../../functions/http/problem.ts';
import { validFixture } from '../support/fixtures.ts';
import { externalIPv4 } from '../support/local-process.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

const BURST = 10;
const services: TestService[] = [];
afterAll(async () => {
  for (const svc of services) await svc.destroy();
});

async function service(env?: Record<string, string>): Promise<TestService> {
  const svc = await startTestService(env ? { env } : {});
  services.push(svc);
  return svc;
}

const failureLines = (svc: TestService) => svc.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'authentication failed');

async function status(res: Response): Promise<number> {
  await res.arrayBuffer();
  return res.status;
}

describe('failed authentication on the local server', () => {
  it(`logs each failure once without the secret; after ${BURST} the source gets 429 too_many_requests with Retry-After`, async () => {
    const svc = await service();
    const statuses: number[] = [];
    const wrong = (i: number) => `adm_wrong_${String(i).padStart(4, '0')}_${'z'.repeat(30)}`;
    for (let i = 0; i < 30; i++) statuses.push(await status(await svc.request('GET', '/admin/issuers', { bearer: wrong(i) })));
    expect(statuses.indexOf(429)).toBe(BURST);
    expect(statuses.slice(0, BURST).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(BURST).every((s) => s === 429)).toBe(true);

    const throttled = await svc.request('POST', '/admin/issuers', { bearer: wrong(99), body: { name: 'x' } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(6);
    expect(await throttled.json()).toMatchObject({ status: 429, code: 'too_many_requests', type: 'urn:carbon-label:problem:too_many_requests' });

    // Throttled means throttled: the right token gets 429 too, or the answer would be an oracle.
    expect(await status(await svc.request('GET', '/admin/issuers', { bearer: svc.adminToken }))).toBe(429);
    // Public routes are not affected.
    expect(await status(await svc.request('POST', '/verify', { body: { token: 'x.y.z' } }))).toBe(200);

    // One structured line per failure that was checked, none for the throttled ones, no secret.
    const lines = failureLines(svc);
    expect(lines).toHaveLength(BURST);
    for (const line of lines)
      expect(line).toMatchObject({
        level: 'warn',
        kind: 'admin',
        reason: 'rejected',
        routeKey: 'GET /admin/issuers',
        sourceIp: expect.stringMatching(/127\.0\.0\.1/),
      });
    const text = svc.logs.join('\n');
    for (let i = 0; i < 30; i++) expect(text).not.toContain(wrong(i));
    expect(text).not.toContain(svc.adminToken);
    expect(svc.logs.filter((l) => l.includes('"authentication throttled"'))).toHaveLength(1);
  });

  it('2,000 wrong admin tokens, 50 at a time: only the budget (10, plus one per 6 s) is even checked, the rest get 429, the log stays short', async () => {
    const svc = await service();
    const started = Date.now();
    const results: number[] = [];
    for (let batch = 0; batch < 40; batch++) {
      results.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, i) => svc.request('GET', '/admin/issuers', { bearer: `adm_guess_${batch}_${i}_${'q'.repeat(30)}` }).then(status)),
        )),
      );
    }
    const elapsed = Date.now() - started;
    const count = (s: number) => results.filter((r) => r === s).length;
    // The budget regains one failure every 6 s, and on a busy machine this takes a while.
    const allowed = BURST + Math.floor(elapsed / 6000);
    expect(count(401)).toBeGreaterThanOrEqual(BURST);
    expect(count(401)).toBeLessThanOrEqual(allowed);
    expect(count(429)).toBe(2000 - count(401));
    expect(failureLines(svc)).toHaveLength(count(401));
    expect(svc.logs.length).toBeLessThan(40);
    console.info(`2,000 wrong admin tokens: ${count(401)} × 401, ${count(429)} × 429 in ${elapsed} ms`);
  });

  it('successful calls neither count nor reset the budget', async () => {
    // A budget that does not refill during the test, so only the calls themselves can move it.
    const svc = await startTestService({ authThrottle: { burst: BURST, refillPerMinute: 0.001, maxSources: 10 } });
    services.push(svc);
    for (let i = 0; i < BURST - 1; i++)
      expect(await status(await svc.request('GET', '/admin/issuers', { bearer: `adm_nope_${i}_${'n'.repeat(30)}` }))).toBe(401);
    for (let i = 0; i < 200; i++) expect(await status(await svc.request('GET', '/admin/issuers', { bearer: svc.adminToken }))).toBe(200);
    expect(await status(await svc.request('GET', '/admin/issuers', { bearer: `adm_last_${'n'.repeat(30)}` }))).toBe(401);
    expect(await status(await svc.request('GET', '/admin/issuers', { bearer: `adm_over_${'n'.repeat(30)}` }))).toBe(429);
  });

  it('wrong issuer keys count the same; after Retry-After the right key works again', async () => {
    const svc = await service();
    const issuer = await svc.createIssuer('Patient Steel');
    const wrongKey = `${issuer.apiKey.slice(0, -43)}${'A'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < BURST + 5; i++)
      statuses.push(await status(await svc.request('POST', '/labels', { bearer: wrongKey, body: validFixture('roasted-coffee') })));
    expect(statuses.indexOf(429)).toBe(BURST);
    const lines = failureLines(svc);
    expect(lines).toHaveLength(BURST);
    expect(lines[0]).toMatchObject({ kind: 'issuer', reason: 'rejected', claimedIssuerId: issuer.id, routeKey: 'POST /labels' });
    expect(svc.logs.join('\n')).not.toContain(wrongKey.slice(-43));

    const throttled = await svc.request('GET', '/labels', { bearer: issuer.apiKey });
    expect(throttled.status).toBe(429);
    const retryAfter = Number(throttled.headers.get('retry-after'));
    await throttled.arrayBuffer();
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    expect(await status(await svc.request('POST', '/labels', { bearer: issuer.apiKey, body: validFixture('roasted-coffee') }))).toBe(201);
  });

  it.skipIf(!externalIPv4)('the budget is per source: another address is not throttled by this one', async () => {
    const svc = await service({ HOST: '0.0.0.0' });
    const port = new URL(svc.url).port;
    for (let i = 0; i < BURST; i++) await status(await svc.request('GET', '/admin/issuers', { bearer: `adm_x_${i}_${'x'.repeat(30)}` }));
    expect(await status(await svc.request('GET', '/admin/issuers', { bearer: svc.adminToken }))).toBe(429);
    const elsewhere = await fetch(`http://${externalIPv4}:${port}/admin/issuers`, { headers: { authorization: `Bearer ${svc.adminToken}` } });
    expect(await status(elsewhere)).toBe(200);
  });
});
