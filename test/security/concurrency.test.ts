/**
 * Concurrency and idempotency on a real server: truly overlapping issuance with concurrent
 * retries under the same `Idempotency-Key`, and concurrent revocations of one label. Every
 * invariant rests on single-item conditional writes; these tests race them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_FIXTURES } from '../support/fixtures.ts';
import type { Verdict } from '../../shared/verification/verdict.ts';
import { countLabels, expectProblem, issue, startSecurityHarness, type SecurityHarness } from './harness.ts';

let h: SecurityHarness;

/** Runs `tasks` with at most `limit` in flight at once; results in order. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    }),
  );
  return results;
}

async function post(
  apiKey: string,
  body: unknown,
  key?: string,
): Promise<{ status: number; id: string | undefined; token: string | undefined; replayed: boolean; code: string | undefined }> {
  const res = await h.svc.request('POST', '/labels', { body, bearer: apiKey, ...(key ? { headers: { 'idempotency-key': key } } : {}) });
  const json = (await res.json()) as { id?: string; token?: string; code?: string };
  return { status: res.status, id: json.id, token: json.token, code: json.code, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

async function allTokens(apiKey: string): Promise<{ id: string; token: string }[]> {
  const out: { id: string; token: string }[] = [];
  let cursor: string | undefined;
  do {
    const res = await h.svc.request('GET', `/labels?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { bearer: apiKey });
    const page = (await res.json()) as { items: { id: string; token: string }[]; nextCursor?: string };
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  h = await startSecurityHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('500 parallel issuances, 10 % retried concurrently with the same Idempotency-Key', () => {
  it('yields exactly 500 labels, every retry lands on its original, every label verifies valid', { timeout: 240_000 }, async () => {
    const issuer = await h.svc.createIssuer('Concurrent Co');
    const N = 500;
    const bodies = Array.from({ length: N }, (_, i) => {
      const body = structuredClone(VALID_FIXTURES[i % VALID_FIXTURES.length]!.body) as { product: { name: string } };
      body.product.name = `${body.product.name} #${i}`;
      return body;
    });
    // Half with a key, half without; every 10th request also gets a concurrent retry.
    const keyOf = (i: number) => (i % 2 === 0 || i % 10 === 0 ? `batch-${i}` : undefined);
    const tasks: (() => Promise<{ i: number; r: Awaited<ReturnType<typeof post>> }>)[] = [];
    for (let i = 0; i < N; i++) {
      tasks.push(async () => ({ i, r: await post(issuer.apiKey, bodies[i], keyOf(i)) }));
      // The retry is queued right behind its original, so with 50 in flight they overlap.
      if (i % 10 === 0) tasks.push(async () => ({ i, r: await post(issuer.apiKey, bodies[i], keyOf(i)) }));
    }
    const results = await pool(tasks, 50);
    expect(results).toHaveLength(N + N / 10);
    for (const { r } of results) expect(r.status, JSON.stringify(r)).toBe(201);

    const byRequest = new Map<number, string[]>();
    for (const { i, r } of results) byRequest.set(i, [...(byRequest.get(i) ?? []), r.id!]);
    for (let i = 0; i < N; i += 10) {
      const ids = byRequest.get(i)!;
      expect(ids).toHaveLength(2);
      expect(ids[0], `retry of request ${i}`).toBe(ids[1]);
    }
    // Exactly one of each retried pair was a replay.
    const replays = results.filter(({ r }) => r.replayed).length;
    expect(replays).toBe(N / 10);

    expect(await countLabels(h.svc, issuer.apiKey)).toBe(N);
    const labels = await allTokens(issuer.apiKey);
    expect(new Set(labels.map((l) => l.id)).size).toBe(N);
    expect(new Set(labels.map((l) => l.id))).toEqual(new Set([...byRequest.values()].map((ids) => ids[0])));

    for (let i = 0; i < labels.length; i += 100) {
      const res = await h.svc.request('POST', '/verify', { body: { tokens: labels.slice(i, i + 100).map((l) => l.token) } });
      const body = (await res.json()) as { summary: { total: number; valid?: number }; results: Verdict[] };
      expect(body.summary.valid).toBe(body.summary.total);
    }
  });

  it('20 simultaneous identical requests under one key make one label', async () => {
    const issuer = await h.svc.createIssuer('Retry Storm Co');
    const body = VALID_FIXTURES[0]!.body;
    const results = await Promise.all(Array.from({ length: 20 }, () => post(issuer.apiKey, body, 'storm-1')));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(new Set(results.map((r) => r.token)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countLabels(h.svc, issuer.apiKey)).toBe(1);
  });

  it('one key raced with different bodies: one label, the others 409 idempotency_key_reused', async () => {
    const issuer = await h.svc.createIssuer('Conflict Co');
    const results = await Promise.all(VALID_FIXTURES.map((f) => post(issuer.apiKey, f.body, 'contested')));
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 201)) expect([r.status, r.code]).toEqual([409, 'idempotency_key_reused']);
    expect(await countLabels(h.svc, issuer.apiKey)).toBe(1);
  });

  it('the same key is per issuer: two issuers racing one key get two labels', async () => {
    const a = await h.svc.createIssuer('Key Owner A');
    const b = await h.svc.createIssuer('Key Owner B');
    const [ra, rb] = await Promise.all([post(a.apiKey, VALID_FIXTURES[0]!.body, 'shared-key'), post(b.apiKey, VALID_FIXTURES[0]!.body, 'shared-key')]);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.id).not.toBe(rb.id);
  });
});

describe('concurrent revocations of one label', () => {
  it('20 at once: one revocation recorded, every caller sees the same revokedAt and reason', async () => {
    const issuer = await h.svc.createIssuer('Revoker Co');
    const label = await issue(h.svc, issuer.apiKey, VALID_FIXTURES[1]!.body);
    const reasons = Array.from({ length: 20 }, (_, i) => `reason number ${i}`);
    const responses = await Promise.all(
      reasons.map((reason) => h.svc.request('POST', `/labels/${label.id}/revoke`, { bearer: issuer.apiKey, body: { reason } })),
    );
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as { status: string; revocation: { revokedAt: string; reason: string } }[];
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const seen = new Set(bodies.map((b) => JSON.stringify(b.revocation)));
    expect(seen.size).toBe(1);
    const revocation = bodies[0]!.revocation;
    expect(reasons).toContain(revocation.reason);

    const stored = await h.store.getLabel(label.id);
    expect(stored?.revocation).toEqual(revocation);
    const revoked = await h.store.listRevokedLabels({ limit: 100 });
    expect(revoked.items.filter((l) => l.record.id === label.id)).toHaveLength(1);

    const verdict = (await (await h.svc.request('POST', '/verify', { body: { token: label.token } })).json()) as Verdict;
    expect(verdict.status).toBe('revoked');
    expect(verdict.revocation).toEqual(revocation);
  });

  it('a stranger racing the issuer never revokes it and always gets 404', async () => {
    const owner = await h.svc.createIssuer('Owner Co');
    const stranger = await h.svc.createIssuer('Stranger Co');
    const label = await issue(h.svc, owner.apiKey, VALID_FIXTURES[2]!.body);
    const calls = Array.from({ length: 20 }, (_, i) =>
      h.svc.request('POST', `/labels/${label.id}/revoke`, { bearer: i % 2 ? owner.apiKey : stranger.apiKey, body: { reason: i % 2 ? 'owner' : 'stranger' } }),
    );
    const responses = await Promise.all(calls);
    for (const [i, res] of responses.entries()) {
      if (i % 2) expect(res.status).toBe(200);
      else await expectProblem(res, 404, 'not_found');
    }
    expect((await h.store.getLabel(label.id))?.revocation?.reason).toBe('owner');
  });
});
