/**
 * `trust pull` against a server that lies, and on a disk someone else can write to, end to end:
 * the CLI as a child process against a stub server serving JWKS and revocation lists signed here.
 *
 * - the bundle file is never written through a symbolic link;
 * - a plain `http://` URL that is not loopback gets a warning;
 * - a key the held bundle knows as compromised stays compromised whatever the new JWKS says;
 * - a revocation list issued by another service than the one it was pulled from is refused.
 */
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { toJwks } from '../../shared/keys/jwks.ts';
import type { SigningKeyRecord } from '../../shared/keys/signing-key.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import { signRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { runCli } from '../support/cli.ts';
import { sampleClaims } from '../support/sample-claims.ts';
import { startStubServer, type StubServer } from '../support/stub-server.ts';

const k1 = LocalKeySigner.generate();
const k2 = LocalKeySigner.generate();
const createdAt = '2026-01-01T00:00:00.000Z';
const record = (s: LocalKeySigner, status: SigningKeyRecord['status'], extra: Partial<SigningKeyRecord> = {}): SigningKeyRecord => ({
  kid: s.kid,
  alg: 'ES256',
  publicJwk: s.publicJwk,
  status,
  createdAt,
  provider: { type: 'local' },
  ...extra,
});
const COMPROMISED_AT = '2026-06-01T00:00:00.000Z';

let stub: StubServer;
let work: string;
let k1Token: string;

/** Serves `keys` as the JWKS and a list signed by k2 whose `iat` is `ageSeconds` ago, issued by `issuer`. */
async function serve(keys: SigningKeyRecord[], options: { ageSeconds: number; issuer?: string }): Promise<void> {
  const issuedAt = new Date(Math.floor(Date.now() / 1000 - options.ageSeconds) * 1000);
  const list = await signRevocationList(
    { issuer: options.issuer ?? stub.url, issuedAt: issuedAt.toISOString(), nextUpdate: new Date(issuedAt.getTime() + 300_000).toISOString(), entries: [] },
    k2,
  );
  stub.routes = {
    'GET /.well-known/jwks.json': { body: JSON.parse(JSON.stringify(toJwks(keys))) },
    'GET /revocations': { type: 'application/jwt', body: list.jws },
  };
}

const pull = (out: string, extra: string[] = []) => runCli(['trust', 'pull', '--url', stub.url, '--out', out, ...extra], {});
const keyStatus = (file: string, kid: string) =>
  (JSON.parse(readFileSync(file, 'utf8')) as { jwks: { keys: { kid: string; status: string; compromisedAt?: string }[] } }).jwks.keys.find(
    (k) => k.kid === kid,
  );

beforeAll(async () => {
  stub = await startStubServer();
  work = mkdtempSync(join(tmpdir(), 'trust-pull-'));
  k1Token = await signLabelToken(
    sampleClaims('abcdefghjkmnpqrs', { iat: Date.parse('2026-02-01T00:00:00Z') / 1000, exp: Date.parse('2099-01-01T00:00:00Z') / 1000 }),
    k1,
  );
});
afterAll(async () => {
  await stub?.close();
});

describe('trust pull never writes through a symbolic link', () => {
  it('refuses an --out that is a symlink, and leaves the link and its target alone', async () => {
    await serve([record(k2, 'active')], { ageSeconds: 60 });
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const link = join(work, 'linked-bundle.json');
    symlinkSync(victim, link);
    const run = await pull(link);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is a symbolic link');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(victim);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('replaces a regular file by rename, leaving no temporary file behind', async () => {
    await serve([record(k2, 'active')], { ageSeconds: 60 });
    const dir = mkdtempSync(join(work, 'plain-'));
    const out = join(dir, 'trust-bundle.json');
    expect((await pull(out)).code).toBe(0);
    expect((await pull(out)).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['trust-bundle.json']);
    expect(lstatSync(out).isFile()).toBe(true);
  });
});

describe('trust pull over plain HTTP', () => {
  it('warns when the URL is http:// and not loopback (before any request)', async () => {
    const run = await runCli(['trust', 'pull', '--url', 'http://labels.example.invalid', '--out', join(work, 'x.json')], { offline: true });
    expect(run.stderr).toContain('carbon-label: warning: http://labels.example.invalid is plain HTTP');
    expect(run.code).toBe(1); // then it cannot reach it (networking is forbidden here)
    expect(existsSync(join(work, 'x.json'))).toBe(false);
  });

  it('does not warn for https:// or for loopback', async () => {
    const https = await runCli(['trust', 'pull', '--url', 'https://labels.example.invalid', '--out', join(work, 'x.json')], { offline: true });
    expect(https.stderr).not.toContain('warning');
    await serve([record(k2, 'active')], { ageSeconds: 60 });
    const loopback = await pull(join(work, 'loopback.json'));
    expect(loopback.code).toBe(0);
    expect(loopback.stderr).toBe('');
  });
});

describe('a compromised key never comes back', () => {
  it('keeps a key compromised when the next JWKS says retired, or leaves it out, and warns', async () => {
    const out = join(work, 'compromise.json');
    await serve([record(k1, 'compromised', { compromisedAt: COMPROMISED_AT }), record(k2, 'active')], { ageSeconds: 120 });
    const first = await pull(out);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(keyStatus(out, k1.kid)?.status).toBe('compromised');

    // The server (or whoever answers in its name) now says k1 is merely retired.
    await serve([record(k1, 'retired', { retiredAt: '2026-03-01T00:00:00.000Z' }), record(k2, 'active')], { ageSeconds: 60 });
    const second = await pull(out, ['--json']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain(`carbon-label: warning: ${stub.url} lists key ${k1.kid} as retired`);
    expect(second.stderr).toContain('keeping it compromised');
    expect((JSON.parse(second.stdout) as { warnings: string[] }).warnings).toHaveLength(1);
    expect(keyStatus(out, k1.kid)).toMatchObject({ status: 'compromised', compromisedAt: COMPROMISED_AT });
    const verdict = await runCli(['verify', k1Token, '--offline', '--trust', out, '--json'], { offline: true });
    expect(verdict.code).toBe(1);
    expect((JSON.parse(verdict.stdout) as { status: string }).status).toBe('key_compromised');

    // Or it drops k1 from the JWKS altogether.
    await serve([record(k2, 'active')], { ageSeconds: 30 });
    const third = await pull(out);
    expect(third.code).toBe(0);
    expect(third.stderr).toContain(`no longer lists key ${k1.kid}`);
    expect(keyStatus(out, k1.kid)).toMatchObject({ status: 'compromised', compromisedAt: COMPROMISED_AT });
  });
});

describe('the revocation list must come from the service it was pulled from', () => {
  it('refuses a list whose iss is another service, and writes nothing', async () => {
    await serve([record(k2, 'active')], { ageSeconds: 60, issuer: 'https://labels.example' });
    const out = join(work, 'foreign.json');
    const run = await pull(out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the revocation list was issued by https://labels.example, not by ${stub.url}`);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a bundle file whose source was edited to another service', async () => {
    await serve([record(k2, 'active')], { ageSeconds: 60 });
    const out = join(work, 'edited-source.json');
    expect((await pull(out)).code).toBe(0);
    const edited = join(work, 'edited-source-2.json');
    writeFileSync(edited, JSON.stringify({ ...(JSON.parse(readFileSync(out, 'utf8')) as object), source: 'https://elsewhere.example' }));
    const run = await runCli(['trust', 'show', '--trust', edited], { offline: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not by https://elsewhere.example');
  });
});
