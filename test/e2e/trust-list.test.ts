/**
 * The scheme root and the published trust list, through a listening server: the root is a 0600
 * file made on first start whose thumbprint (the pin) `npm start` prints; the list served at
 * `/trust-list` is accepted by a verifier pinned to the root document's thumbprint; every admin
 * change publishes a higher seq; ETag/304 as `/revocations`; a root file others can read is refused.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEME_ROOT_KEY_FILE } from '../../local/keys/scheme-root-key.ts';
import { startLocalService } from '../../local/local-service.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { acceptTrustList } from '../../shared/trust-list/pinned-trust-list.ts';
import { SchemeRootDocumentSchema } from '../../shared/trust-list/root-document.ts';
import type { TrustList } from '../../shared/trust-list/trust-list.ts';
import { bannerPort, startNpm } from '../support/local-process.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let t: TestService;
const dirs: string[] = [];

beforeAll(async () => {
  t = await startTestService({ env: { SCHEME_ID: 'cn-pcf.example', SCHEME_NAME: 'Example PCF scheme' } });
});
afterAll(async () => {
  await t?.destroy();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function rootDocument(service: TestService = t) {
  const res = await service.fetch('/.well-known/carbon-label-root.json');
  expect(res.status).toBe(200);
  return SchemeRootDocumentSchema.parse(await res.json());
}

async function trustList(service: TestService = t): Promise<{ jws: string; etag: string; res: Response }> {
  const res = await service.fetch('/trust-list');
  expect(res.status).toBe(200);
  return { jws: await res.text(), etag: res.headers.get('etag')!, res };
}

describe('the scheme root', () => {
  it('is a 0600 file made on first start; its thumbprint is the pin the root document names', async () => {
    const file = join(t.dataDir, SCHEME_ROOT_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(t.service.schemeRoot).toMatchObject({ created: true, file });
    const doc = await rootDocument();
    expect(doc).toEqual({ scheme: { id: 'cn-pcf.example', name: 'Example PCF scheme' }, jwk: doc.jwk, thumbprint: t.service.schemeRoot.pin });
    // The root is not a label signing key.
    expect(doc.thumbprint).not.toBe(t.service.signingKey.kid);
  });
});

describe('GET /trust-list', () => {
  it('serves a list a verifier pinned to the root accepts, naming the label key', async () => {
    const { jws, res } = await trustList();
    expect(res.headers.get('content-type')).toBe('application/jwt');
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(300);
    const { thumbprint } = await rootDocument();
    const list = acceptTrustList(jws, { pin: thumbprint });
    expect(list.scheme).toEqual({ id: 'cn-pcf.example', name: 'Example PCF scheme' });
    expect(list.seq).toBe(t.service.trustList.seq);
    expect(list.nxt - list.iat).toBe(24 * 3600);
    expect(list.keys.map((k) => [k.kid, k.status])).toEqual([[t.service.signingKey.kid, 'active']]);
  });

  it('answers 304 to If-None-Match with its ETag, and the list again to another tag', async () => {
    const { etag } = await trustList();
    const same = await t.fetch('/trust-list', { headers: { 'if-none-match': etag } });
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe(etag);
    expect(await same.text()).toBe('');
    const other = await t.fetch('/trust-list', { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('publishes a higher seq after each admin change (not after a read), naming the new issuer', async () => {
    const before = await trustList();
    const pin = t.service.schemeRoot.pin;
    const held = acceptTrustList(before.jws, { pin });

    const issuer = await t.createIssuer('Trusted Steel');
    const afterCreate = await trustList();
    expect(afterCreate.etag).not.toBe(before.etag);
    const created = acceptTrustList(afterCreate.jws, { pin, held });
    expect(created.seq).toBe(held.seq + 1);
    expect(created.issuers.find((i) => i.id === issuer.id)).toMatchObject({ name: 'Trusted Steel', role: 'certification_body', status: 'active' });

    expect((await t.request('GET', '/admin/issuers', { bearer: t.adminToken })).status).toBe(200);
    expect(acceptTrustList((await trustList()).jws, { pin }).seq).toBe(created.seq);

    expect((await t.request('POST', `/admin/issuers/${issuer.id}/suspend`, { bearer: t.adminToken })).status).toBe(200);
    const suspended: TrustList = acceptTrustList((await trustList()).jws, { pin, held: created });
    expect(suspended.seq).toBe(created.seq + 1);
    expect(suspended.issuers.find((i) => i.id === issuer.id)?.status).toBe('suspended');
    // The older list is now a rollback for a verifier holding the newer one.
    expect(() => acceptTrustList(afterCreate.jws, { pin, held: suspended })).toThrow(/seq|older|lower/i);

    // A refused change publishes nothing.
    expect((await t.request('POST', '/admin/issuers/org_000000000000/suspend', { bearer: t.adminToken })).status).toBe(404);
    expect(acceptTrustList((await trustList()).jws, { pin }).seq).toBe(suspended.seq);
  });

  it('after a restart: the same root, a higher seq', async () => {
    const seq = acceptTrustList((await trustList()).jws, { pin: t.service.schemeRoot.pin }).seq;
    const pin = t.service.schemeRoot.pin;
    await t.stop();
    t = await startTestService({ dataDir: t.dataDir, env: { SCHEME_ID: 'cn-pcf.example', SCHEME_NAME: 'Example PCF scheme' } });
    expect(t.service.schemeRoot).toMatchObject({ pin, created: false });
    expect(acceptTrustList((await trustList()).jws, { pin }).seq).toBe(seq + 1);
  });
});

describe('start-up', () => {
  it('refuses a root key file that others may read, naming the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-root-'));
    dirs.push(dataDir);
    const first = await startLocalService({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, createLogger('silent'));
    await first.close();
    chmodSync(join(dataDir, SCHEME_ROOT_KEY_FILE), 0o644);
    await expect(startLocalService({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, createLogger('silent'))).rejects.toMatchObject({
      code: 'invalid_configuration',
      message: expect.stringContaining(SCHEME_ROOT_KEY_FILE),
    });
  });

  it('npm start prints the pin at first start (and again later, without "generated now")', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-pin-'));
    dirs.push(dataDir);
    const first = startNpm({ PORT: '0', DATA_DIR: dataDir });
    await bannerPort(first);
    const pin = /Scheme root pin: ([A-Za-z0-9_-]{43})/.exec(first.output())?.[1];
    expect(pin, first.output()).toBeDefined();
    expect(first.output()).toContain('root generated now');
    expect(await first.stop()).toBe(0);
    const second = startNpm({ PORT: '0', DATA_DIR: dataDir });
    await bannerPort(second);
    expect(second.output()).toContain(`Scheme root pin: ${pin}`);
    expect(second.output()).not.toContain('root generated now');
    expect(await second.stop()).toBe(0);
  });
});
