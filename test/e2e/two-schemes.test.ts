/**
 * The issue's "done when", end to end: two deployments on one machine, a real scheme and a
 * look-alike that copies its name and id. The CLI pinned to the real root verifies the real labels
 * `valid` and the look-alike's `untrusted_scheme`, offline with every network call forbidden; with
 * both pinned, each label is valid and names its own scheme root; withdrawing the real issuer flips
 * its labels online at once and offline after a pull.
 *
 * It needs the scheme root and the published trust list (and, for the withdrawal, the admin route
 * to withdraw an issuer): where the service does not have them yet, those tests skip.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

const SCHEME = { SCHEME_ID: 'cn-pcf.example', SCHEME_NAME: 'Product carbon footprint label (example)' };

let real: TestService;
let fake: TestService;
let work: string;
let realIssuer: { id: string; apiKey: string };
let realLabel: string;
let fakeLabel: string;
let realPin: string | undefined;
let fakePin: string | undefined;

const pinOf = async (svc: TestService): Promise<string | undefined> => {
  const res = await fetch(`${svc.url}/.well-known/carbon-label-root.json`);
  return res.ok ? ((await res.json()) as { thumbprint: string }).thumbprint : undefined;
};
const issue = async (svc: TestService, apiKey: string): Promise<string> => {
  const res = await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: apiKey });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
};
const file = (name: string) => join(work, name);
const cli = (args: string[], offline = false) => runCli(args, { env: { CARBON_LABEL_URL: '' }, offline });
const offlineVerdict = async (token: string, ...bundles: string[]) => {
  const run = await cli(['verify', token, '--offline', ...bundles.flatMap((b) => ['--trust', file(b)]), '--json'], true);
  expect(run.networkAttempts).toEqual([]);
  return { code: run.code, verdict: JSON.parse(run.stdout) as { status: string; scheme?: { rootThumbprint: string; name: string } } };
};

beforeAll(async () => {
  [real, fake] = await Promise.all([startTestService({ env: SCHEME }), startTestService({ env: SCHEME })]);
  work = mkdtempSync(join(tmpdir(), 'two-schemes-'));
  realIssuer = await real.createIssuer('Ministry of Ecology (official)');
  const fakeIssuer = await fake.createIssuer('Ministry of Ecology (official)');
  [realLabel, fakeLabel] = await Promise.all([issue(real, realIssuer.apiKey), issue(fake, fakeIssuer.apiKey)]);
  [realPin, fakePin] = await Promise.all([pinOf(real), pinOf(fake)]);
});
afterAll(async () => {
  await Promise.all([real?.destroy(), fake?.destroy()]);
});

describe('a real scheme and a look-alike on one machine', () => {
  it('pinned to the real root: the look-alike list is refused; its own pin is another', async (ctx) => {
    if (!realPin || !fakePin) ctx.skip();
    expect(fakePin).not.toBe(realPin);
    const pulled = await cli(['trust', 'pull', '--url', real.url, '--pin', realPin!, '--out', file('real.json')]);
    expect(pulled.code).toBe(0);
    const refused = await cli(['trust', 'pull', '--url', fake.url, '--pin', realPin!, '--out', file('real.json')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('not_pinned_root');
    const lookAlike = await cli(['trust', 'pull', '--url', fake.url, '--pin', fakePin!, '--out', file('fake.json')]);
    expect(lookAlike.code).toBe(0);
  });

  it('offline, pinned to the real scheme: its label valid, the look-alike’s untrusted_scheme', async (ctx) => {
    if (!realPin) ctx.skip();
    const ok = await offlineVerdict(realLabel, 'real.json');
    expect(ok.code).toBe(0);
    expect(ok.verdict).toMatchObject({ status: 'valid', scheme: { rootThumbprint: realPin, name: SCHEME.SCHEME_NAME } });
    const bad = await offlineVerdict(fakeLabel, 'real.json');
    expect(bad.code).toBe(1);
    expect(bad.verdict.status).toBe('untrusted_scheme');
  });

  it('with both pinned, each label is valid and names its own scheme root', async (ctx) => {
    if (!realPin || !fakePin) ctx.skip();
    expect((await offlineVerdict(realLabel, 'real.json', 'fake.json')).verdict).toMatchObject({ status: 'valid', scheme: { rootThumbprint: realPin } });
    expect((await offlineVerdict(fakeLabel, 'real.json', 'fake.json')).verdict).toMatchObject({ status: 'valid', scheme: { rootThumbprint: fakePin } });
  });

  it('withdrawing the issuer flips its labels online at once and offline after a pull', async (ctx) => {
    if (!realPin) ctx.skip();
    const res = await fetch(`${real.url}/admin/issuers/${realIssuer.id}/withdraw`, {
      method: 'POST',
      headers: { authorization: `Bearer ${real.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'Accreditation body withdrew its certificate' }),
    });
    if (res.status === 404) ctx.skip();
    expect(res.status).toBe(200);
    const online = (await (await real.request('POST', '/verify', { body: { token: realLabel } })).json()) as { status: string };
    expect(online.status).toBe('accreditation_withdrawn');
    // The bundle held says what the scheme said at the last pull …
    expect((await offlineVerdict(realLabel, 'real.json')).verdict.status).toBe('valid');
    const before = JSON.parse(readFileSync(file('real.json'), 'utf8')) as { trustLists: string[] };
    const pulled = await cli(['trust', 'pull', '--url', real.url, '--out', file('real.json')]);
    expect(pulled.code).toBe(0);
    expect(JSON.parse(readFileSync(file('real.json'), 'utf8')).trustLists).not.toEqual(before.trustLists);
    // … and the next pull brings the withdrawal.
    expect((await offlineVerdict(realLabel, 'real.json')).verdict.status).toBe('accreditation_withdrawn');
  });
});
