/**
 * An issuer's life after registration, end to end against a running service: replacing a leaked
 * API key (`POST /admin/issuers/{id}/rotate-key`: the old key must stop working at once, nothing
 * else changes) and suspending then reinstating (`/suspend`, `/reinstate`), over HTTP and the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey } from '../../shared/issuers/api-key.ts';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let svc: TestService;

beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.destroy();
});

interface Rotated {
  id: string;
  name: string;
  status: string;
  apiKey: string;
  apiKeyRotatedAt?: string;
}

const rotate = (id: string) => svc.request('POST', `/admin/issuers/${id}/rotate-key`, { bearer: svc.adminToken });
const listStatus = async (apiKey: string) => (await svc.request('GET', '/labels', { bearer: apiKey })).status;
const verify = async (token: string) => ((await (await svc.request('POST', '/verify', { body: { token } })).json()) as { status: string }).status;

describe('issuer API key rotation', () => {
  it('the old key stops working at once, the new one works, and labels already issued stay valid', async () => {
    const acme = await svc.createIssuer('Leaky Steel');
    const before = (await (await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: acme.apiKey })).json()) as {
      id: string;
      token: string;
    };

    const res = await rotate(acme.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const rotated = (await res.json()) as Rotated & Record<string, unknown>;
    expect(rotated).toMatchObject({ id: acme.id, name: 'Leaky Steel', status: 'active' });
    expect(parseApiKey(rotated.apiKey)?.issuerId).toBe(acme.id);
    expect(rotated.apiKey).not.toBe(acme.apiKey);
    expect(Date.parse(rotated.apiKeyRotatedAt!)).not.toBeNaN();
    expect(rotated).not.toHaveProperty('apiKeyHash');

    expect(await listStatus(acme.apiKey)).toBe(401);
    expect((await svc.request('POST', '/labels', { body: validFixture('roasted-coffee'), bearer: acme.apiKey })).status).toBe(401);
    expect(await listStatus(rotated.apiKey)).toBe(200);
    expect(await verify(before.token)).toBe('valid');
    // The issuer keeps its labels under the new key: it can list and revoke them.
    const mine = (await (await svc.request('GET', '/labels', { bearer: rotated.apiKey })).json()) as { items: { id: string }[] };
    expect(mine.items.map((l) => l.id)).toContain(before.id);
    expect((await svc.request('POST', `/labels/${before.id}/revoke`, { bearer: rotated.apiKey, body: { reason: 'Re-issued after key change' } })).status).toBe(
      200,
    );

    // Listed with the rotation time, never with a key or its hash; neither key reaches the logs.
    const listed = (await (await svc.request('GET', '/admin/issuers?limit=100', { bearer: svc.adminToken })).json()) as { items: Record<string, unknown>[] };
    expect(listed.items.find((i) => i.id === acme.id)).toMatchObject({ apiKeyRotatedAt: rotated.apiKeyRotatedAt });
    const everything = JSON.stringify(listed) + svc.logs.join('\n');
    for (const key of [acme.apiKey, rotated.apiKey]) expect(everything).not.toContain(parseApiKey(key)!.secret);
  });

  it('a suspended issuer stays suspended with its new key', async () => {
    const s = await svc.createIssuer('Suspended Then Rekeyed');
    expect((await svc.request('POST', `/admin/issuers/${s.id}/suspend`, { bearer: svc.adminToken })).status).toBe(200);
    const rotated = (await (await rotate(s.id)).json()) as Rotated;
    expect(rotated.status).toBe('suspended');
    const refused = await svc.request('POST', '/labels', { body: validFixture('roasted-coffee'), bearer: rotated.apiKey });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('issuer_suspended');
  });

  it('concurrent rotations: each answer is a new key or a 409, and exactly one returned key works', async () => {
    const c = await svc.createIssuer('Raced Rekey');
    const answers = await Promise.all(Array.from({ length: 8 }, () => rotate(c.id)));
    const keys: string[] = [];
    for (const res of answers) {
      if (res.status === 200) {
        keys.push(((await res.json()) as Rotated).apiKey);
      } else {
        expect(res.status).toBe(409);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(((await res.json()) as { code: string }).code).toBe('api_key_changed_meanwhile');
      }
    }
    expect(keys.length).toBeGreaterThanOrEqual(1);
    const working = [];
    for (const key of [...keys, c.apiKey]) if ((await listStatus(key)) === 200) working.push(key);
    expect(working).toHaveLength(1);
    expect(keys).toContain(working[0]);
  });

  it('an unknown or malformed issuer id gets 404 problem+json', async () => {
    for (const id of ['org_000000000000', 'not-an-id']) {
      const res = await rotate(id);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('the CLI prints the new key once; the old key then gets 401', async () => {
    const cli = await svc.createIssuer('CLI Rekeyed');
    const run = await runCli(['issuer', 'rotate-key', cli.id, '--url', svc.url, '--admin-token', svc.adminToken]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = /^(clk_\S+)$/m.exec(run.stdout)?.[1];
    expect(printed).toBeDefined();
    expect(await listStatus(printed!)).toBe(200);
    expect(await listStatus(cli.apiKey)).toBe(401);
    const missing = await runCli(['issuer', 'rotate-key', '--url', svc.url, '--admin-token', svc.adminToken]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/rotate-key needs an issuer id/);
  });
});

describe('suspend and reinstate', () => {
  const post = (path: string) => svc.request('POST', path, { bearer: svc.adminToken });

  it('a reinstated issuer issues again with the same key; reinstating twice changes nothing', async () => {
    const r = await svc.createIssuer('Paused Cement');
    expect((await post(`/admin/issuers/${r.id}/suspend`)).status).toBe(200);
    expect((await svc.request('POST', '/labels', { body: validFixture('cement-clinker'), bearer: r.apiKey })).status).toBe(403);

    const res = await post(`/admin/issuers/${r.id}/reinstate`);
    expect(res.status).toBe(200);
    const reinstated = (await res.json()) as Record<string, unknown>;
    expect(reinstated).toMatchObject({ id: r.id, status: 'active' });
    expect(reinstated).not.toHaveProperty('suspendedAt');
    expect(reinstated).not.toHaveProperty('apiKeyHash');
    const issued = await svc.request('POST', '/labels', { body: validFixture('cement-clinker'), bearer: r.apiKey });
    expect(issued.status).toBe(201);
    expect(await verify(((await issued.json()) as { token: string }).token)).toBe('valid');

    const again = await post(`/admin/issuers/${r.id}/reinstate`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('active');
  });

  it('unknown issuers get 404, and the CLI reinstates', async () => {
    expect((await post('/admin/issuers/org_000000000000/reinstate')).status).toBe(404);
    const c = await svc.createIssuer('CLI Paused');
    expect((await post(`/admin/issuers/${c.id}/suspend`)).status).toBe(200);
    const run = await runCli(['issuer', 'reinstate', c.id, '--url', svc.url, '--admin-token', svc.adminToken]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Issuer reinstated: CLI Paused (${c.id})`);
    expect((await svc.request('POST', '/labels', { body: validFixture('roasted-coffee'), bearer: c.apiKey })).status).toBe(201);
  });
});
