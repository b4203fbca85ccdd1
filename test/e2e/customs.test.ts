/**
 * Customs at the border, end to end: the signed revocation list over HTTP, `trust pull`, and
 * `verify` (single, batch, offline with networking forbidden) as real CLI child processes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeyDirectory } from '../../local/keys/key-directory.ts';
import { signRevocationList, verifyRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { keyLookupFrom } from '../../shared/keys/signing-key.ts';
import { JwksSchema, recordsFromJwks } from '../../shared/trust/jwks-schema.ts';
import { pinArgs, runCli } from '../support/cli.ts';
import { craftedJpeg, craftedPng } from '../support/crafted-images.ts';
import { qrPhoto } from '../support/qr-photo.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let svc: TestService;
let issuer: { id: string; apiKey: string };
let work: string;
let env: Record<string, string>;

interface Label {
  id: string;
  token: string;
  verifyUrl: string;
  compactUrl: string;
}
const labels: Record<'a' | 'b' | 'c', Label> = {} as never;
const valid: Label[] = [];
const revokedExtra: Label[] = [];

const issue = async (): Promise<Label> => {
  const res = await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey });
  expect(res.status).toBe(201);
  return (await res.json()) as Label;
};
const revoke = async (label: Label, reason: string, supersededBy?: string) => {
  const res = await svc.request('POST', `/labels/${label.id}/revoke`, { bearer: issuer.apiKey, body: { reason, ...(supersededBy ? { supersededBy } : {}) } });
  expect(res.status).toBe(200);
};
const bundlePath = () => join(work, 'trust-bundle.json');

beforeAll(async () => {
  svc = await startTestService();
  issuer = await svc.createIssuer('Acme Steel');
  work = mkdtempSync(join(tmpdir(), 'customs-'));
  env = { CARBON_LABEL_URL: svc.url, ADMIN_TOKEN: svc.adminToken };
  // Every revocation happens before the first list is built, so every list below includes them.
  labels.a = await issue();
  labels.b = await issue();
  labels.c = await issue();
  await revoke(labels.b, 'Supplier data corrected', labels.c.id);
  await revoke(labels.a, 'Footprint recalculated with 2026 supplier data', labels.b.id);
  for (let i = 0; i < 3; i++) {
    const l = await issue();
    await revoke(l, `Withdrawn batch ${i}`);
    revokedExtra.push(l);
  }
  for (let i = 0; i < 88; i++) valid.push(await issue());
});
afterAll(async () => {
  await svc.destroy();
});

describe('GET /revocations', () => {
  it('is a compact JWS with its own typ, signed by a published key, naming reasons and successors', async () => {
    const res = await svc.request('GET', '/revocations');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/jwt');
    const jws = await res.text();
    const header = JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')) as { typ: string; kid: string };
    expect(header.typ).toBe('carbon-label-revocations+jwt');
    const jwks = JwksSchema.parse(await (await svc.request('GET', '/.well-known/jwks.json')).json());
    const list = verifyRevocationList(jws, keyLookupFrom(recordsFromJwks(jwks)));
    expect(list.kid).toBe(header.kid);
    expect(list.issuer).toBe(svc.url);
    expect(list.entries.map((e) => e.labelId).sort()).toEqual([labels.a.id, labels.b.id, ...revokedExtra.map((l) => l.id)].sort());
    expect(list.entries.find((e) => e.labelId === labels.a.id)).toMatchObject({
      reason: 'Footprint recalculated with 2026 supplier data',
      supersededBy: labels.b.id,
    });
    expect(list.entries.find((e) => e.labelId === labels.b.id)).toMatchObject({ supersededBy: labels.c.id });
    expect(Date.parse(list.nextUpdate)).toBeGreaterThan(Date.parse(list.issuedAt));
  });

  it('is refused as a label token by POST /verify (typ differs)', async () => {
    const jws = await (await svc.request('GET', '/revocations')).text();
    const verdict = (await (await svc.request('POST', '/verify', { body: { token: jws } })).json()) as { status: string; valid: boolean };
    expect(verdict).toMatchObject({ status: 'malformed', valid: false });
  });

  it('has a strong ETag, a max-age bounded by nextUpdate, and answers 304 while unchanged', async () => {
    // A list bucket may end between two requests; then the list (and its tag) legitimately changes once.
    for (let attempt = 0; attempt < 2; attempt++) {
      const before = Date.now();
      const first = await svc.request('GET', '/revocations');
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      const maxAge = Number(/max-age=(\d+)/.exec(first.headers.get('cache-control') ?? '')?.[1]);
      const firstText = await first.text();
      const list = JSON.parse(Buffer.from(firstText.split('.')[1]!, 'base64url').toString('utf8')) as { nxt: number };
      expect(maxAge).toBeGreaterThanOrEqual(0);
      // The clock read before the request, so a slow answer cannot make a correct max-age look long.
      expect(Math.floor(before / 1000) + maxAge).toBeLessThanOrEqual(list.nxt + 1);
      const again = await svc.request('GET', '/revocations');
      const conditional = await svc.request('GET', '/revocations', { headers: { 'if-none-match': etag } });
      const other = await svc.request('GET', '/revocations', { headers: { 'if-none-match': '"something-else"' } });
      if ([again, conditional, other].some((r) => r.headers.get('etag') !== etag)) continue;
      expect(await again.text()).toBe(firstText);
      expect(conditional.status).toBe(304);
      expect(await conditional.text()).toBe('');
      expect(other.status).toBe(200);
      return;
    }
    throw new Error('the ETag changed twice in a row');
  });
});

describe('revocation with a successor', () => {
  it('online verdicts name the replacement', async () => {
    const verdict = (await (await svc.request('POST', '/verify', { body: { token: labels.a.token } })).json()) as {
      status: string;
      revocation: { supersededBy: string; reason: string };
    };
    expect(verdict.status).toBe('revoked');
    expect(verdict.revocation).toMatchObject({ supersededBy: labels.b.id, reason: 'Footprint recalculated with 2026 supplier data' });
  });

  it('POST /verify takes a token, a verify URL and a compact /l/{id} URL alike, single and batch', async () => {
    const unknownCompact = labels.a.compactUrl.replace(labels.a.id, '0000000000000000');
    for (const input of [
      labels.a.token,
      labels.a.verifyUrl,
      labels.a.compactUrl,
      ` ${labels.a.compactUrl.replace(labels.a.id, labels.a.id.toUpperCase())}/ `,
    ]) {
      const res = await svc.request('POST', '/verify', { body: { token: input } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'revoked', labelId: labels.a.id, revocation: { supersededBy: labels.b.id } });
    }
    const res = await svc.request('POST', '/verify', { body: { tokens: [labels.c.compactUrl, labels.a.verifyUrl, unknownCompact, labels.c.token] } });
    expect(res.status).toBe(200);
    const batch = (await res.json()) as { summary: Record<string, number>; results: { status: string; labelId?: string }[] };
    expect(batch.results.map((r) => [r.status, r.labelId])).toEqual([
      ['valid', labels.c.id],
      ['revoked', labels.a.id],
      ['unknown_label', undefined],
      ['valid', labels.c.id],
    ]);
    expect(batch.summary).toEqual({ total: 4, valid: 2, revoked: 1, unknown_label: 1 });
  });

  it('refuses a successor of another issuer, itself, or an unknown label (400, nothing revoked)', async () => {
    const rival = await svc.createIssuer('Rival Metals');
    const res = await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: rival.apiKey });
    const rivalLabel = (await res.json()) as Label;
    const target = await issue();
    for (const supersededBy of [rivalLabel.id, target.id, '0000000000000000']) {
      const r = await svc.request('POST', `/labels/${target.id}/revoke`, { bearer: issuer.apiKey, body: { reason: 'x', supersededBy } });
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
    }
    const verdict = (await (await svc.request('POST', '/verify', { body: { token: target.token } })).json()) as { status: string };
    expect(verdict.status).toBe('valid');
  });
});

describe('carbon-label trust pull / verify', () => {
  beforeAll(async () => {
    // Pinned to the scheme root the service publishes (a legacy bundle from a service without one).
    const pulled = await runCli(['trust', 'pull', '--out', bundlePath(), ...(await pinArgs(svc.url))], { env });
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toContain('revocations:  5');
  });

  it('saves JWKS, signed list and fetch time in one file; trust show describes it', async () => {
    const show = await runCli(['trust', 'show', '--trust', bundlePath()], { env, offline: true });
    expect(show.code).toBe(0);
    expect(show.networkAttempts).toEqual([]);
    expect(show.stdout).toMatch(/keys: +1 \(1 active, 0 retired, 0 compromised\)/);
    expect(show.stdout).toMatch(/revocations: +5, complete up to /);
    const bundle = JSON.parse(readFileSync(bundlePath(), 'utf8')) as {
      format: string;
      version: number;
      fetchedAt: string;
      jwks?: { keys: unknown[] };
      trustLists?: string[];
      revocations: string;
    };
    expect(bundle.format).toBe('carbon-label-trust-bundle');
    // v2 (pinned): the label keys travel in the signed trust list; v1: in the unsigned JWKS.
    if (bundle.version === 2) expect(bundle.trustLists).toHaveLength(1);
    else expect(bundle.jwks?.keys).toHaveLength(1);
    expect(bundle.revocations.split('.')).toHaveLength(3);
    expect(Math.abs(Date.parse(bundle.fetchedAt) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it('verifies offline with every network call forbidden: valid exits 0 and says how old the bundle is', async () => {
    const run = await runCli(['verify', labels.c.token, '--offline', '--trust', bundlePath()], { env, offline: true });
    expect(run.networkAttempts).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VALID {2}label /);
    expect(run.stdout).toContain('Checked offline. Trust bundle fetched');
    expect(run.stderr).not.toContain('warning');
  });

  it('offline: a revoked label exits 1, with its reason and the successor chain', async () => {
    const run = await runCli(['verify', labels.a.verifyUrl, '--offline', '--trust', bundlePath(), '--json'], { env, offline: true });
    expect(run.networkAttempts).toEqual([]);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as {
      status: string;
      revocation: { supersededBy: string };
      statusSource: { kind: string; asOf: string };
      successors: { labelId: string; revocation?: unknown }[];
      trust: { stale: boolean };
    };
    expect(out.status).toBe('revoked');
    expect(out.revocation.supersededBy).toBe(labels.b.id);
    expect(out.statusSource.kind).toBe('offline');
    expect(Number.isNaN(Date.parse(out.statusSource.asOf))).toBe(false);
    expect(out.successors.map((s) => s.labelId)).toEqual([labels.b.id, labels.c.id]);
    expect(out.successors[0]!.revocation).toBeDefined();
    expect(out.successors[1]!.revocation).toBeUndefined();
    expect(out.trust.stale).toBe(false);
    const text = await runCli(['verify', labels.a.token, '--offline', '--trust', bundlePath()], { env, offline: true });
    expect(text.stdout).toContain(`superseded by ${labels.b.id} (also revoked) → ${labels.c.id}`);
  });

  it('online: the CLI shows the same successor chain as offline, from a token or a compact URL', async () => {
    type Link = { labelId: string; revocation?: { reason: string; supersededBy?: string } };
    // The same links, each revoked or not for the same reason (the list keeps times to the second).
    const links = (chain: Link[]) => chain.map((l) => [l.labelId, l.revocation?.reason, l.revocation?.supersededBy]);
    const offline = JSON.parse((await runCli(['verify', labels.a.token, '--offline', '--trust', bundlePath(), '--json'], { env, offline: true })).stdout) as {
      successors: Link[];
    };
    expect(offline.successors).toHaveLength(2);
    for (const input of [labels.a.token, labels.a.compactUrl]) {
      const run = await runCli(['verify', input, '--json'], { env });
      expect(run.code).toBe(1);
      const online = JSON.parse(run.stdout) as { status: string; statusSource: { kind: string }; successors: Link[] };
      expect(online.status).toBe('revoked');
      expect(online.statusSource.kind).not.toBe('offline');
      expect(links(online.successors)).toEqual(links(offline.successors));
      const text = await runCli(['verify', input], { env });
      expect(text.stdout).toContain(`superseded by ${labels.b.id} (also revoked) → ${labels.c.id}\n`);
    }
  });

  it('the guard really catches network use: the same check online under it fails and is recorded', async () => {
    const run = await runCli(['verify', labels.c.token], { env, offline: true });
    expect(run.code).not.toBe(0);
    expect(run.networkAttempts.length).toBeGreaterThan(0);
  });

  it('a stale bundle still answers but warns (on stderr and in JSON), and exits 3, never 0', async () => {
    const run = await runCli(['verify', labels.c.token, '--offline', '--trust', bundlePath(), '--max-age', '0.0001', '--json'], { env, offline: true });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('warning: The trust bundle is stale');
    const out = JSON.parse(run.stdout) as { status: string; trust: { stale: boolean; warning: string; maxAgeSeconds: number } };
    expect(out.status).toBe('valid');
    expect(out.trust).toMatchObject({ stale: true, maxAgeSeconds: 0 });
    expect(out.trust.warning).toContain('trust pull');
    // Text and batch too; and a revoked label in a stale bundle exits 3 as well: the answer is not current.
    const text = await runCli(['verify', labels.c.token, '--offline', '--trust', bundlePath(), '--max-age', '0'], { env, offline: true });
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('WARNING: The trust bundle is stale');
    const manifest = join(work, 'stale-manifest.txt');
    writeFileSync(manifest, `${labels.c.token}\n${labels.a.token}\n`);
    const batch = await runCli(['verify', '--batch', manifest, '--offline', '--trust', bundlePath(), '--max-age', '0', '--json'], { env, offline: true });
    expect(batch.code).toBe(3);
    expect((JSON.parse(batch.stdout) as { summary: Record<string, number> }).summary).toEqual({ total: 2, valid: 1, revoked: 1 });
  });

  it('a verifier clock behind the bundle (fetch time or list cut in its future) is reported', async () => {
    const fresh = await runCli(['verify', labels.c.token, '--offline', '--trust', bundlePath(), '--json'], { env, offline: true });
    expect((JSON.parse(fresh.stdout) as { trust: { clockBehindBundle: boolean } }).trust.clockBehindBundle).toBe(false);

    // The bundle says it was fetched tomorrow: this machine's clock is behind (or was set back).
    const bundle = JSON.parse(readFileSync(bundlePath(), 'utf8')) as { fetchedAt: string; revocations: string };
    const tomorrow = new Date(Date.now() + 86_400_000);
    const fetchedLater = join(work, 'fetched-tomorrow.json');
    writeFileSync(fetchedLater, JSON.stringify({ ...bundle, fetchedAt: tomorrow.toISOString() }));
    const json = await runCli(['verify', labels.c.token, '--offline', '--trust', fetchedLater, '--json'], { env, offline: true });
    expect(json.code).toBe(0);
    expect(json.stderr).toContain('carbon-label: warning: This computer’s clock');
    const out = JSON.parse(json.stdout) as { trust: { clockBehindBundle: boolean; clockWarning: string } };
    expect(out.trust.clockBehindBundle).toBe(true);
    expect(out.trust.clockWarning).toContain(tomorrow.toISOString());
    const text = await runCli(['verify', labels.c.token, '--offline', '--trust', fetchedLater], { env, offline: true });
    expect(text.stdout).toContain('WARNING: This computer’s clock');

    // A genuinely signed list cut tomorrow, fetched now.
    const kid = (JSON.parse(Buffer.from(bundle.revocations.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
    const key = new LocalKeyDirectory(join(svc.dataDir, 'keys')).load(kid);
    const future = await signRevocationList(
      { issuer: svc.url, issuedAt: tomorrow.toISOString(), nextUpdate: new Date(tomorrow.getTime() + 300_000).toISOString(), entries: [] },
      key,
    );
    const listLater = join(work, 'list-tomorrow.json');
    writeFileSync(listLater, JSON.stringify({ ...bundle, revocations: future.jws }));
    const listRun = await runCli(['verify', labels.c.token, '--offline', '--trust', listLater, '--json'], { env, offline: true });
    expect((JSON.parse(listRun.stdout) as { trust: { clockBehindBundle: boolean } }).trust.clockBehindBundle).toBe(true);
    expect(listRun.stderr).toContain('clock');
  });

  it('refuses an edited bundle (revocation list payload changed)', async () => {
    const bundle = JSON.parse(readFileSync(bundlePath(), 'utf8')) as { revocations: string };
    const [h, p, s] = bundle.revocations.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { ids: string; n: number; t: number[]; ri: number[]; sup: unknown[] };
    // Drop label a from the list, as someone hiding its revocation would.
    const index = payload.ids.indexOf(labels.a.id) / 16;
    payload.ids = payload.ids.replace(labels.a.id, '');
    payload.n -= 1;
    payload.t.splice(index, 1);
    payload.ri.splice(index, 1);
    payload.sup = [];
    const edited = join(work, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...bundle, revocations: `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}` }));
    const run = await runCli(['verify', labels.a.token, '--offline', '--trust', edited], { env, offline: true });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('signature does not match');
  });

  it('trust pull refuses to replace a bundle with an older revocation list (rollback protection)', async () => {
    // A bundle holding a genuinely signed list from "the future", as if pulled later than now.
    const bundle = JSON.parse(readFileSync(bundlePath(), 'utf8')) as { revocations: string };
    const kid = (JSON.parse(Buffer.from(bundle.revocations.split('.')[0]!, 'base64url').toString('utf8')) as { kid: string }).kid;
    const key = new LocalKeyDirectory(join(svc.dataDir, 'keys')).load(kid);
    const future = new Date(Date.now() + 86_400_000);
    const newer = await signRevocationList(
      { issuer: svc.url, issuedAt: future.toISOString(), nextUpdate: new Date(future.getTime() + 300_000).toISOString(), entries: [] },
      key,
    );
    const held = join(work, 'held.json');
    writeFileSync(held, JSON.stringify({ ...bundle, revocations: newer.jws }));
    const run = await runCli(['trust', 'pull', '--out', held], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('older than the one in');
    expect((JSON.parse(readFileSync(held, 'utf8')) as { revocations: string }).revocations).toBe(newer.jws);
  });

  it('batch of 100 with mixed verdicts, offline and online agree; exit 1 unless all valid', async () => {
    const tampered = (t: string) => {
      const [h, p, s] = t.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { pcf: string };
      claims.pcf = '0.001';
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
    };
    const lines = ['# shipment 2026-11 / container MSKU 1234567', ''];
    for (const l of valid.slice(0, 83)) lines.push(l.token);
    for (const l of valid.slice(85, 88)) lines.push(l.verifyUrl);
    lines.push(labels.a.token, labels.b.token, ...revokedExtra.map((l) => l.token), '   ', '# damaged labels:');
    for (const l of valid.slice(0, 5)) lines.push(tampered(l.token));
    lines.push('not-a-token', 'eyJhbGciOiJub25lIn0.e30.', '%%%%');
    lines.push(labels.c.token);
    const manifest = join(work, 'manifest.txt');
    writeFileSync(manifest, `${lines.join('\n')}\n`);

    const offline = await runCli(['verify', '--batch', manifest, '--offline', '--trust', bundlePath(), '--json'], { env, offline: true });
    expect(offline.networkAttempts).toEqual([]);
    expect(offline.code).toBe(1);
    const out = JSON.parse(offline.stdout) as { summary: Record<string, number>; results: { line: number; status: string }[] };
    expect(out.summary).toEqual({ total: 100, valid: 87, revoked: 5, bad_signature: 5, malformed: 3 });
    expect(out.results).toHaveLength(100);
    expect(out.results[0]).toMatchObject({ line: 3, status: 'valid' });
    expect(out.results.at(-1)).toMatchObject({ line: lines.length, status: 'valid' });

    const online = await runCli(['verify', '--batch', manifest, '--json'], { env });
    expect(online.code).toBe(1);
    const onlineOut = JSON.parse(online.stdout) as { summary: Record<string, number>; results: { status: string }[] };
    expect(onlineOut.summary).toEqual(out.summary);
    expect(onlineOut.results.map((r) => r.status)).toEqual(out.results.map((r) => r.status));

    const text = await runCli(['verify', '--batch', manifest, '--offline', '--trust', bundlePath()], { env, offline: true });
    expect(text.stdout).toContain('100 labels: valid 87, revoked 5, bad_signature 5, malformed 3');
    expect(text.stdout).toContain('NOT ALL VALID');
  });

  it('verifies a photo of the QR code (JPEG, rotated, noisy) offline, and a revoked one online', async () => {
    const photo = join(work, 'label-photo.jpg');
    writeFileSync(photo, qrPhoto(labels.c.verifyUrl, { modulePixels: 5, rotateDegrees: 6, noise: 18, format: 'jpeg', jpegQuality: 72, seed: 5 }));
    const run = await runCli(['verify', photo, '--offline', '--trust', bundlePath(), '--json'], { env, offline: true });
    expect(run.networkAttempts).toEqual([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'valid', labelId: labels.c.id, statusSource: { kind: 'offline' } });

    const revokedPhoto = join(work, 'revoked-photo.png');
    // 6 px a module. Labels now carry their accreditation and HS code (an 895-character URL, QR
    // version 24), and jsQR then misses this photo, rotated 8° with noise, for 49 of 100 real
    // steel labels at 4 px a module and 12 of 40 at 5 px; at 6 px, 0 of 100.
    writeFileSync(revokedPhoto, qrPhoto(labels.a.verifyUrl, { modulePixels: 6, rotateDegrees: -8, noise: 12, format: 'png', seed: 9 }));
    const onlineRun = await runCli(['verify', revokedPhoto, '--json'], { env });
    expect(onlineRun.stderr).toBe('');
    expect(onlineRun.code).toBe(1);
    expect(JSON.parse(onlineRun.stdout)).toMatchObject({ status: 'revoked', revocation: { supersededBy: labels.b.id } });
  });

  it('refuses a small photo whose header declares over 50 megapixels, without decoding it', async () => {
    for (const [name, bytes, dims] of [
      ['bomb.png', craftedPng(100_000, 100_000), '100000 × 100000'],
      ['bomb.jpg', craftedJpeg(65_535, 65_535), '65535 × 65535'],
    ] as const) {
      const file = join(work, name);
      writeFileSync(file, bytes);
      const run = await runCli(['verify', file, '--offline', '--trust', bundlePath()], { env, offline: true });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`carbon-label: ${file}: the image is too large: its header declares ${dims} pixels; the limit is 50 megapixels\n`);
    }
  });

  it('a manifest of valid labels only exits 0', async () => {
    const manifest = join(work, 'good.txt');
    writeFileSync(
      manifest,
      `${valid
        .slice(0, 10)
        .map((l) => l.token)
        .join('\n')}\n`,
    );
    const run = await runCli(['verify', '--batch', manifest, '--offline', '--trust', bundlePath()], { env, offline: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ALL VALID');
  });
});
