/**
 * Storage faults against a real service: dynalite stopped mid-run and restarted on the same port
 * and path; storage that hangs (a black-holing proxy); and writes cut off before or after they
 * reach storage. Issuance fails cleanly (503 problem+json with `retry-after`, no token for an
 * unsaved label, nothing half-written that a retry cannot finish); verification says plainly that
 * status could not be checked and never `valid`; the service recovers without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import type { Verdict } from '../../shared/verification/verdict.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { countLabels, expectProblem, issue, startSecurityHarness, type SecurityHarness } from './harness.ts';

async function verify(svc: TestService, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await svc.request('POST', '/verify', { body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function expectCleanIssuanceFailure(svc: TestService, apiKey: string, key?: string): Promise<void> {
  const res = await svc.request('POST', '/labels', {
    bearer: apiKey,
    body: validFixture('ev-battery-pack'),
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });
  const problem = await expectProblem(res, 503, 'service_unavailable');
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  // No token, no id, no link: nothing a caller could print on a product.
  expect(JSON.stringify(problem)).not.toMatch(/eyJ|"token"|verifyUrl/);
}

function expectNoSecretsLogged(svc: TestService, secrets: string[]): void {
  const text = svc.logs.join('\n');
  for (const s of secrets) expect(text.includes(s), 'a secret was logged').toBe(false);
  expect(text).not.toMatch(/Bearer\s+\S/i);
}

describe('dynalite stopped mid-run, then restarted on the same port and path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carbon-label-faults-'));
  let dynamo: EmbeddedDynamoDb;
  let port: number;
  let svc: TestService;
  let issuer: { id: string; apiKey: string };
  let label: { id: string; token: string };
  /** Issued before the outage but never verified, so no cached status exists for it. */
  let unseen: { id: string; token: string };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    dynamo = await startEmbeddedDynamoDb({ path: dir });
    port = Number(new URL(dynamo.endpoint).port);
    const setup = DynamoDbStore.connect({ tableName: 'carbon-labels', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await ensureTable(setup.client, 'carbon-labels');
    setup.client.destroy();
    svc = await startTestService({ env: { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: 'carbon-labels' } });
    issuer = await svc.createIssuer('Outage Co');
    label = await issue(svc, issuer.apiKey, validFixture('steel-hot-rolled-coil'));
    unseen = await issue(svc, issuer.apiKey, validFixture('cement-clinker'));
    expect((await verify(svc, { token: label.token })).body.status).toBe('valid');
    await dynamo.close();
  });

  afterAll(async () => {
    await svc?.destroy();
    await dynamo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issuance fails cleanly with 503 problem+json and retry-after, with or without an Idempotency-Key', async () => {
    await expectCleanIssuanceFailure(svc, issuer.apiKey);
    await expectCleanIssuanceFailure(svc, issuer.apiKey, 'outage-retry-1');
  });

  it('verification says status_unavailable (valid: false) for a label whose status it cannot read, single and batch', async () => {
    const single = await verify(svc, { token: unseen.token });
    expect(single.status).toBe(200);
    expect(single.body).toMatchObject({ status: 'status_unavailable', valid: false, statusSource: { kind: 'none' } });
    expect(String(single.body.reason)).toMatch(/could not be checked/i);

    const forged = `${unseen.token.slice(0, unseen.token.lastIndexOf('.'))}.${'A'.repeat(86)}`;
    const batch = await verify(svc, { tokens: [unseen.token, forged, unseen.token] });
    expect(batch.status).toBe(200);
    const results = batch.body.results as Verdict[];
    expect(results.map((r) => r.status)).toEqual(['status_unavailable', 'bad_signature', 'status_unavailable']);
    expect(results.some((r) => r.valid)).toBe(false);
    expect((batch.body.summary as Record<string, number>).valid).toBeUndefined();
  });

  it('a status read shortly before the outage may be served only as "cached", with its age bound, never as live', async () => {
    // The verify path caches status for a few seconds (issue #3); within that bound a verdict may
    // still be valid, but it must say the status is cached and how old it can be.
    const v = await verify(svc, { token: label.token });
    expect(v.status).toBe(200);
    if (v.body.valid === true) {
      expect(v.body.statusSource).toMatchObject({ kind: 'cached' });
      expect((v.body.statusSource as { maxAgeSeconds: number }).maxAgeSeconds).toBeGreaterThan(0);
      expect((v.body.statusSource as { maxAgeSeconds: number }).maxAgeSeconds).toBeLessThanOrEqual(60);
    } else {
      expect(v.body).toMatchObject({ status: 'status_unavailable', valid: false });
    }
  });

  it('a key id the verifier has not loaded cannot be looked up either: a 503 problem, not a guessed verdict', async () => {
    const [, payload, sig] = unseen.token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'B'.repeat(43), typ: 'carbon-label+jwt' })).toString('base64url');
    const res = await svc.request('POST', '/verify', { body: { token: `${header}.${payload}.${sig}` } });
    if (res.status === 200) {
      // Allowed only if the verifier may state it without storage; never valid.
      expect(((await res.json()) as Verdict).valid).toBe(false);
    } else {
      await expectProblem(res, 503, 'service_unavailable');
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });

  it('reads and health answer 503 problem+json, never 500', async () => {
    await expectProblem(await svc.request('GET', '/health'), 503);
    await expectProblem(await svc.request('GET', `/labels/${label.id}`), 503, 'service_unavailable');
    await expectProblem(await svc.request('GET', '/labels', { bearer: issuer.apiKey }), 503, 'service_unavailable');
    await expectProblem(await svc.request('POST', `/labels/${label.id}/revoke`, { bearer: issuer.apiKey, body: { reason: 'x' } }), 503, 'service_unavailable');
    await expectProblem(await svc.request('POST', '/admin/issuers', { bearer: svc.adminToken, body: { name: 'x' } }), 503, 'service_unavailable');
  });

  it('recovers without restarting the service once dynalite is back on the same port and path', async () => {
    // While dynalite was down, another test file's client socket may have been given this port
    // number as its local port; the bind then fails until that socket closes.
    dynamo = await startEmbeddedDynamoDb({ path: dir, port, waitForPortMs: 10_000 });
    expect((await svc.request('GET', '/health')).status).toBe(200);
    expect((await verify(svc, { token: label.token })).body.status).toBe('valid');
    // The retry of the request that failed during the outage now succeeds, once.
    const retried = await issue(svc, issuer.apiKey, validFixture('ev-battery-pack'), 'outage-retry-1');
    expect((await verify(svc, { token: retried.token })).body.status).toBe('valid');
    const again = await issue(svc, issuer.apiKey, validFixture('ev-battery-pack'), 'outage-retry-1');
    expect(again.id).toBe(retried.id);
    // The earlier label is still there; the failed attempts left nothing behind.
    expect((await svc.request('GET', `/labels/${label.id}`)).status).toBe(200);
    expect(await countLabels(svc, issuer.apiKey)).toBe(3);
  });

  it('logged the outage without any credential', () => {
    expect(svc.logs.some((l) => l.includes('dependency unavailable'))).toBe(true);
    expectNoSecretsLogged(svc, [issuer.apiKey, issuer.apiKey.slice(-43), svc.adminToken]);
  });
});

describe('hung storage (a proxy that accepts and never answers), then cut writes', () => {
  let h: SecurityHarness;
  let proxy: FaultProxy;
  let issuer: { id: string; apiKey: string };
  let label: { id: string; token: string };

  beforeAll(async () => {
    h = await startSecurityHarness({ serviceEndpoint: async (upstream) => (proxy = await startFaultProxy(upstream)).endpoint });
    issuer = await h.svc.createIssuer('Hung Store Co');
    label = await issue(h.svc, issuer.apiKey, validFixture('cement-clinker'));
    expect((await verify(h.svc, { token: label.token })).body.status).toBe('valid');
  });

  afterAll(async () => {
    await proxy?.close();
    await h?.close();
  });

  it('client timeouts turn a hung store into 503 / status_unavailable (bounded, not a hang)', async () => {
    proxy.mode = { kind: 'blackhole' };
    await expectCleanIssuanceFailure(h.svc, issuer.apiKey);
    const unseen = await (async () => {
      proxy.mode = { kind: 'pass' };
      const l = await issue(h.svc, issuer.apiKey, validFixture('aluminium-primary-ingot'));
      proxy.mode = { kind: 'blackhole' };
      return l;
    })();
    const v = await verify(h.svc, { token: unseen.token });
    expect(v.body).toMatchObject({ status: 'status_unavailable', valid: false });
    await expectProblem(await h.svc.request('GET', '/health'), 503);
    proxy.mode = { kind: 'pass' };
    expect((await verify(h.svc, { token: label.token })).body.status).toBe('valid');
  });

  it('a refused connection is a 503 too, and passes again at once', async () => {
    proxy.mode = { kind: 'refuse' };
    await expectCleanIssuanceFailure(h.svc, issuer.apiKey);
    proxy.mode = { kind: 'pass' };
    expect((await h.svc.request('GET', '/health')).status).toBe(200);
  });

  it('label write cut before storage: 503, no label, and the idempotent retry finishes it once', async () => {
    const before = await countLabels(h.svc, issuer.apiKey);
    proxy.mode = { kind: 'cut', target: 'PutItem', marker: '"S":"LABEL#', when: 'before', times: 2 };
    await expectCleanIssuanceFailure(h.svc, issuer.apiKey, 'cut-before-1');
    expect(proxy.cuts).toBe(2); // both SDK attempts were cut
    proxy.mode = { kind: 'pass' };
    expect(await countLabels(h.svc, issuer.apiKey)).toBe(before);
    // The key was claimed, the label never written: the retry carries on under the claimed id.
    const claims = await h.store.client.send(
      new ScanCommand({ TableName: h.tableName, FilterExpression: 'sk = :s', ExpressionAttributeValues: { ':s': { S: 'IDEMPOTENCY' } } }),
    );
    expect(claims.Items?.length).toBe(1);
    const retried = await issue(h.svc, issuer.apiKey, validFixture('ev-battery-pack'), 'cut-before-1');
    expect(retried.id).toBe(claims.Items![0]!.labelId!.S);
    expect(await countLabels(h.svc, issuer.apiKey)).toBe(before + 1);
    expect((await verify(h.svc, { token: retried.token })).body.status).toBe('valid');
  });

  it('label write applied but its answer lost: one label, handed out once (with an Idempotency-Key)', async () => {
    const before = await countLabels(h.svc, issuer.apiKey);
    proxy.mode = { kind: 'cut', target: 'PutItem', marker: '"S":"LABEL#', when: 'after', times: 1 };
    const res = await h.svc.request('POST', '/labels', {
      bearer: issuer.apiKey,
      body: validFixture('roasted-coffee'),
      headers: { 'idempotency-key': 'cut-after-1' },
    });
    proxy.mode = { kind: 'pass' };
    expect(proxy.cuts).toBe(1);
    expect(res.status).toBe(201);
    // The label it found is its own write, not a replay of an earlier request.
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    const retried = await issue(h.svc, issuer.apiKey, validFixture('roasted-coffee'), 'cut-after-1');
    expect(((await res.json()) as { id: string }).id).toBe(retried.id);
    expect(await countLabels(h.svc, issuer.apiKey)).toBe(before + 1);
  });

  it('label write applied but its answer lost: one label, even without an Idempotency-Key', async () => {
    const before = await countLabels(h.svc, issuer.apiKey);
    proxy.mode = { kind: 'cut', target: 'PutItem', marker: '"S":"LABEL#', when: 'after', times: 1 };
    const res = await h.svc.request('POST', '/labels', { bearer: issuer.apiKey, body: validFixture('cotton-tshirt') });
    proxy.mode = { kind: 'pass' };
    expect(proxy.cuts).toBe(1);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; token: string };
    // The SDK's retry found its own write in place: that label, not a second one.
    expect(await countLabels(h.svc, issuer.apiKey)).toBe(before + 1);
    expect((await verify(h.svc, { token: body.token })).body.status).toBe('valid');
  });

  it('logged no credential on any of these 5xx paths', () => {
    expectNoSecretsLogged(h.svc, [issuer.apiKey, issuer.apiKey.slice(-43), h.svc.adminToken]);
  });
});
