/**
 * Pinned verification end to end, the CLI as a child process against two stub deployments: the
 * real scheme and a look-alike (its own root, its own label key, the same names). Pinned to the
 * real root, `trust pull` refuses the look-alike's list and any replayed (lower seq) list, keeping
 * the bundle held; `verify --offline` (networking forbidden) says `valid` for the real labels and
 * `untrusted_scheme` for the look-alike's; with both pinned, each is valid and names its scheme; a
 * withdrawn accreditation flips a label after the next pull.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import { signRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { signTrustList } from '../../shared/tokens/trust-list-token.ts';
import type { TrustList } from '../../shared/trust-list/trust-list.ts';
import { runCli } from '../support/cli.ts';
import { sampleClaims } from '../support/sample-claims.ts';
import { SAMPLE_ACCREDITATION_ID, sampleAccreditedList } from '../support/sample-trust-bundle.ts';
import { startStubServer, type StubServer } from '../support/stub-server.ts';

const realRoot = LocalKeySigner.generate();
const realKey = LocalKeySigner.generate();
const fakeRoot = LocalKeySigner.generate();
const fakeKey = LocalKeySigner.generate();

let real: StubServer;
let fake: StubServer;
let work: string;
let realLabel: string;
let fakeLabel: string;

/** Serves a scheme: its root document, a trust list (seq, recent iat) and an empty revocation list. */
async function serve(stub: StubServer, root: LocalKeySigner, key: LocalKeySigner, list: Partial<TrustList> & { seq: number }): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const signed = await signTrustList(sampleAccreditedList(root, key, { iat: now - 60, nxt: now + 3600, ...list }), root);
  const revocations = await signRevocationList(
    { issuer: stub.url, issuedAt: new Date((now - 60) * 1000).toISOString(), nextUpdate: new Date((now + 300) * 1000).toISOString(), entries: [] },
    key,
  );
  stub.routes = {
    'GET /.well-known/carbon-label-root.json': { body: { scheme: signed.list.scheme, jwk: root.publicJwk, thumbprint: root.kid } },
    'GET /trust-list': { type: 'application/jwt', body: signed.jws },
    'GET /revocations': { type: 'application/jwt', body: revocations.jws },
  };
}

const file = (name: string) => join(work, name);
const cli = (args: string[], offline = false) => runCli(args, { env: { CARBON_LABEL_URL: '' }, offline });
const lookAlikeScheme = { scheme: { id: 'cn-pcf.example', name: 'Example product carbon footprint scheme' } };

beforeAll(async () => {
  [real, fake] = await Promise.all([startStubServer(), startStubServer()]);
  work = mkdtempSync(join(tmpdir(), 'pinned-trust-'));
  await serve(real, realRoot, realKey, { seq: 5 });
  // The look-alike copies the names; only its root differs.
  await serve(fake, fakeRoot, fakeKey, { seq: 9, ...lookAlikeScheme });
  const claims = (sub: string) => sampleClaims(sub, { hsc: '720851', acc: SAMPLE_ACCREDITATION_ID, exp: Date.parse('2099-01-01T00:00:00Z') / 1000 });
  realLabel = await signLabelToken(claims('aaaaaaaaaaaaaaaa'), realKey);
  fakeLabel = await signLabelToken(claims('bbbbbbbbbbbbbbbb'), fakeKey);
});
afterAll(async () => {
  await Promise.all([real?.close(), fake?.close()]);
});

describe('trust root and pinned pulls', () => {
  it('trust root prints the scheme and its pin', async () => {
    const run = await cli(['trust', 'root', '--url', real.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Scheme root pin: ${realRoot.kid}`);
    const json = await cli(['trust', 'root', '--url', real.url, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ thumbprint: realRoot.kid, scheme: { id: 'cn-pcf.example' } });
  });

  it('pulls a pinned bundle; trust show names scheme, pin, seq and issuer counts', async () => {
    const run = await cli(['trust', 'pull', '--url', real.url, '--pin', realRoot.kid, '--out', file('real.json')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const show = await cli(['trust', 'show', '--trust', file('real.json')]);
    expect(show.stdout).toContain('scheme:       Example product carbon footprint scheme (cn-pcf.example)');
    expect(show.stdout).toContain(`pin:          ${realRoot.kid}`);
    expect(show.stdout).toContain('seq 5');
    expect(show.stdout).toContain('issuers:      1 (1 accreditations)');
  });

  it('refuses the look-alike (another root) and keeps the bundle held', async () => {
    const before = readFileSync(file('real.json'), 'utf8');
    const run = await cli(['trust', 'pull', '--url', fake.url, '--pin', realRoot.kid, '--out', file('real.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/refusing the trust list .* \(not_pinned_root\)/);
    expect(readFileSync(file('real.json'), 'utf8')).toBe(before);
  });

  it('refuses a replayed list with a lower seq than the one held (the held pin is used without --pin)', async () => {
    const before = readFileSync(file('real.json'), 'utf8');
    await serve(real, realRoot, realKey, { seq: 4 });
    const run = await cli(['trust', 'pull', '--url', real.url, '--out', file('real.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\(rollback\).*seq 4, lower than the 5/);
    expect(readFileSync(file('real.json'), 'utf8')).toBe(before);
    await serve(real, realRoot, realKey, { seq: 5 });
  });

  it('trust on first use warns loudly and prints the pin to compare', async () => {
    const run = await cli(['trust', 'pull', '--url', fake.url, '--out', file('fake.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('trusting Example product carbon footprint scheme (cn-pcf.example) on first use');
    expect(run.stderr).toContain(fakeRoot.kid);
    expect(existsSync(file('fake.json'))).toBe(true);
  });

  it('a key once held as compromised is never trusted again, even by a signed list', async () => {
    const out = file('compromise.json');
    // The revocation list is signed by a second key; the first is compromised at seq 20.
    const second = LocalKeySigner.generate();
    const key = sampleAccreditedList(realRoot, realKey).keys[0]!;
    const secondKey = sampleAccreditedList(realRoot, second).keys[0]!;
    await serve(real, realRoot, second, { seq: 20, keys: [{ ...key, status: 'compromised', until: key.from + 1 }, secondKey] });
    expect((await cli(['trust', 'pull', '--url', real.url, '--pin', realRoot.kid, '--out', out])).code).toBe(0);
    const before = readFileSync(out, 'utf8');
    await serve(real, realRoot, second, { seq: 21, keys: [key, secondKey] });
    const run = await cli(['trust', 'pull', '--url', real.url, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`lists key ${realKey.kid} as active, but the list held (seq 20) has it compromised`);
    expect(readFileSync(out, 'utf8')).toBe(before);
    await serve(real, realRoot, realKey, { seq: 5 });
  });

  it('a malformed --pin is a usage error', async () => {
    const run = await cli(['trust', 'pull', '--url', real.url, '--pin', 'nope', '--out', file('x.json')]);
    expect(run.code).toBe(2);
  });
});

describe('verify --offline with pinned bundles (networking forbidden)', () => {
  it('pinned to the real scheme: its label valid and named; the look-alike label untrusted_scheme', async () => {
    const ok = await cli(['verify', realLabel, '--offline', '--trust', file('real.json'), '--json'], true);
    expect(ok.networkAttempts).toEqual([]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'valid',
      scheme: { id: 'cn-pcf.example', rootThumbprint: realRoot.kid },
      issuer: { id: 'org_0123456789ab', accreditation: { id: SAMPLE_ACCREDITATION_ID, accreditedBy: 'CNAS', scope: { productCategory: '7208' } } },
    });
    const bad = await cli(['verify', fakeLabel, '--offline', '--trust', file('real.json')], true);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('UNTRUSTED_SCHEME');
  });

  it('with both pinned, each label is valid and names its own scheme root (even under a copied scheme id)', async () => {
    for (const [label, root] of [
      [realLabel, realRoot],
      [fakeLabel, fakeRoot],
    ] as const) {
      const run = await cli(['verify', label, '--offline', '--trust', file('real.json'), '--trust', file('fake.json'), '--json'], true);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'valid', scheme: { rootThumbprint: root.kid } });
    }
    const same = await cli(['verify', realLabel, '--offline', '--trust', file('real.json'), '--trust', file('real.json')], true);
    expect(same.code).toBe(2);
  });

  it('a withdrawn accreditation flips the label after the next pull', async () => {
    const base = sampleAccreditedList(realRoot, realKey);
    const issuer = base.issuers[0]!;
    await serve(real, realRoot, realKey, { seq: 6, issuers: [{ ...issuer, accreditations: [{ ...issuer.accreditations[0]!, status: 'withdrawn' }] }] });
    const pull = await cli(['trust', 'pull', '--url', real.url, '--out', file('real.json')]);
    expect(pull.code).toBe(0);
    const run = await cli(['verify', realLabel, '--offline', '--trust', file('real.json'), '--json'], true);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'accreditation_withdrawn', issuer: { accreditation: { status: 'withdrawn' } } });
  });
});
