/**
 * Key rotation and compromise end to end: `carbon-label keys …` as child processes against a
 * running service, verdicts online (POST /verify) and offline (trust bundle, networking forbidden).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyLookupFrom } from '../../shared/keys/signing-key.ts';
import { verifyRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { JwksSchema, recordsFromJwks } from '../../shared/trust/jwks-schema.ts';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let svc: TestService;
let issuer: { id: string; apiKey: string };
let env: Record<string, string>;
let work: string;

interface Label {
  id: string;
  token: string;
}
const kidOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
const issue = async (): Promise<Label> => {
  const res = await svc.request('POST', '/labels', { body: validFixture('cement-clinker'), bearer: issuer.apiKey });
  expect(res.status).toBe(201);
  return (await res.json()) as Label;
};
const online = async (token: string) => ((await (await svc.request('POST', '/verify', { body: { token } })).json()) as { status: string }).status;
const jwks = async () => JwksSchema.parse(await (await svc.request('GET', '/.well-known/jwks.json')).json());
const statusOf = async (kid: string) => (await jwks()).keys.find((k) => k.kid === kid)?.status;
const offline = async (token: string, bundle: string) => {
  const run = await runCli(['verify', token, '--offline', '--trust', bundle, '--json'], { env, offline: true });
  expect(run.networkAttempts).toEqual([]);
  return { code: run.code, status: (JSON.parse(run.stdout) as { status: string }).status };
};
const pull = async (name: string) => {
  const out = join(work, name);
  const run = await runCli(['trust', 'pull', '--url', svc.url, '--out', out], { env: { ADMIN_TOKEN: svc.adminToken, CARBON_LABEL_URL: 'http://127.0.0.1:9' } });
  expect(run.code).toBe(0);
  return out;
};

beforeAll(async () => {
  svc = await startTestService();
  issuer = await svc.createIssuer('Holcim Test Works');
  env = { CARBON_LABEL_URL: svc.url, ADMIN_TOKEN: svc.adminToken };
  work = mkdtempSync(join(tmpdir(), 'rotation-'));
});
afterAll(async () => {
  await svc.destroy();
});

describe('rotation and compromise', () => {
  let first: Label;
  let second: Label;
  let k1: string;
  let k2: string;
  let bundleBefore: string;

  it('rotate: new labels use the new key, the old key stays published as retired, old and new labels both valid', async () => {
    first = await issue();
    k1 = kidOf(first.token);
    const run = await runCli(['keys', 'rotate', '--json'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { active: { kid: string; status: string }; retired: { kid: string; status: string }[] };
    k2 = result.active.kid;
    expect(k2).not.toBe(k1);
    expect(result.retired).toEqual([expect.objectContaining({ kid: k1, status: 'retired' })]);
    expect(await statusOf(k1)).toBe('retired');
    expect(await statusOf(k2)).toBe('active');

    second = await issue();
    expect(kidOf(second.token)).toBe(k2);
    expect(await online(first.token)).toBe('valid');
    expect(await online(second.token)).toBe('valid');
    const list = await runCli(['keys', 'list', '--url', svc.url]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${k1}  retired`));
    expect(list.stdout).toMatch(new RegExp(`${k2}  active`));

    bundleBefore = await pull('before.json');
    expect(await offline(first.token, bundleBefore)).toEqual({ code: 0, status: 'valid' });
    expect(await offline(second.token, bundleBefore)).toEqual({ code: 0, status: 'valid' });
  });

  it('compromise a retired key: its labels are refused online and offline (after a pull); others unaffected', async () => {
    const run = await runCli(['keys', 'compromise', k1], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Marked compromised: ${k1}`);
    expect(await statusOf(k1)).toBe('compromised');
    expect(await online(first.token)).toBe('key_compromised');
    expect(await online(second.token)).toBe('valid');

    // An old bundle cannot know yet: this is the staleness the bundle's age warning is about.
    expect(await offline(first.token, bundleBefore)).toEqual({ code: 0, status: 'valid' });
    const bundleAfter = await pull('after.json');
    expect(await offline(first.token, bundleAfter)).toEqual({ code: 1, status: 'key_compromised' });
    expect(await offline(second.token, bundleAfter)).toEqual({ code: 0, status: 'valid' });
  });

  it('compromise the active key: signing moves to a fresh key first, the list is re-signed by it', async () => {
    const res = await svc.request('POST', `/admin/signing-keys/${k2}/compromise`, { bearer: svc.adminToken });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { compromised: { kid: string; status: string }; active: { kid: string } };
    expect(body.compromised).toMatchObject({ kid: k2, status: 'compromised' });
    const k3 = body.active.kid;
    expect([k1, k2]).not.toContain(k3);

    expect(await online(second.token)).toBe('key_compromised');
    const third = await issue();
    expect(kidOf(third.token)).toBe(k3);
    expect(await online(third.token)).toBe('valid');

    const keys = await jwks();
    expect(keys.keys.map((k) => [k.kid, k.status]).sort()).toEqual(
      [
        [k1, 'compromised'],
        [k2, 'compromised'],
        [k3, 'active'],
      ].sort(),
    );
    const list = verifyRevocationList(await (await svc.request('GET', '/revocations')).text(), keyLookupFrom(recordsFromJwks(keys)));
    expect(list.kid).toBe(k3);

    // Rotating again never revives a compromised key.
    const again = await runCli(['keys', 'rotate', '--json'], { env });
    expect(again.code).toBe(0);
    expect(await statusOf(k2)).toBe('compromised');
    expect(await statusOf(k3)).toBe('retired');
    expect(await online(third.token)).toBe('valid');
  });

  it('refuses strangers and unknown keys with problem+json', async () => {
    const anon = await svc.request('POST', '/admin/signing-keys/rotate');
    expect(anon.status).toBe(401);
    expect(anon.headers.get('content-type')).toBe('application/problem+json');
    for (const kid of ['A'.repeat(43), 'not-a-kid', '..%2F..%2Fetc']) {
      const res = await svc.request('POST', `/admin/signing-keys/${kid}/compromise`, { bearer: svc.adminToken });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    const cli = await runCli(['keys', 'compromise', 'A'.repeat(43)], { env });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('404 not_found');
  });
});
