/**
 * Two deployments on one machine, a real scheme and a look-alike, and an officer's CLI that
 * checks labels offline inside an empty network namespace (no route anywhere, not even
 * loopback). The CLI pinned to the real scheme's root accepts its labels and calls the
 * look-alike's `untrusted_scheme`, however the look-alike names itself; pinned to both, each label
 * is valid and names its own scheme. Withdrawing an issuer flips its labels online at once and
 * offline after the next pull. The real scheme's steel-only issuer cannot issue coffee.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { createNetworkNamespace, type NetworkNamespace } from '../support/netns.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

const NAME = 'National Product Carbon Label Scheme';
let real: TestService;
let fake: TestService;
let netns: NetworkNamespace;
let work: string;
const pins: Record<'real' | 'fake', string> = { real: '', fake: '' };
const tokens: Record<'real' | 'fake', string> = { real: '', fake: '' };
let realIssuer: { id: string; apiKey: string };

const steelOnly = {
  productCategories: ['72'],
  validUntil: '2030-01-01T00:00:00Z',
  accreditedBy: 'China National Accreditation Service (CNAS)',
  reference: 'CNAS-PCF-0042',
};

async function accreditedIssuer(svc: TestService, name: string, accreditation: object): Promise<{ id: string; apiKey: string }> {
  const res = await svc.request('POST', '/admin/issuers', { body: { name, accreditation }, bearer: svc.adminToken });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; apiKey: string };
}

async function issue(svc: TestService, apiKey: string, fixture: string): Promise<Response> {
  return svc.request('POST', '/labels', { body: validFixture(fixture), bearer: apiKey });
}

const bundle = (which: 'real' | 'fake') => join(work, `${which}.json`);
const offline = (args: string[]) => runCli(['verify', '--offline', '--json', ...args], { wrap: netns.exec, cwd: work });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'two-schemes-'));
  netns = createNetworkNamespace();
  real = await startTestService({ env: { SCHEME_ID: 'pcf.gov.example', SCHEME_NAME: NAME } });
  // The look-alike copies the name and a near-identical id: only the root key tells them apart.
  fake = await startTestService({ env: { SCHEME_ID: 'pcf-gov.example', SCHEME_NAME: NAME } });
  for (const [which, svc] of [
    ['real', real],
    ['fake', fake],
  ] as const) {
    const root = (await (await svc.fetch('/.well-known/carbon-label-root.json')).json()) as { thumbprint: string; scheme: { id: string } };
    pins[which] = root.thumbprint;
  }
  realIssuer = await accreditedIssuer(real, 'Baowu Steel Certification Centre', steelOnly);
  const fakeIssuer = await accreditedIssuer(fake, 'Baowu Steel Certification Centre', { ...steelOnly, productCategories: ['09', '72'] });
  for (const [which, svc, issuer] of [
    ['real', real, realIssuer],
    ['fake', fake, fakeIssuer],
  ] as const) {
    const res = await issue(svc, issuer.apiKey, 'steel-hot-rolled-coil');
    expect(res.status).toBe(201);
    tokens[which] = ((await res.json()) as { token: string }).token;
  }
}, 120_000);

afterAll(async () => {
  netns?.remove();
  await real?.destroy();
  await fake?.destroy();
});

describe('two deployments: a real scheme and a look-alike', () => {
  it('gives each deployment its own root, and the CLI prints the pin', async () => {
    expect(pins.real).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pins.fake).not.toBe(pins.real);
    const root = await runCli(['trust', 'root', '--url', real.url]);
    expect(root.code).toBe(0);
    expect(root.stdout).toContain(pins.real);
  });

  it('refuses to issue outside the accreditation: a steel certifier cannot label coffee', async () => {
    const res = await issue(real, realIssuer.apiKey, 'roasted-coffee');
    expect(res.status).toBe(403);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('outside_accreditation');
    expect(problem.detail).toContain('090121');
  });

  it("will not pull the look-alike's trust list under the real pin", async () => {
    const refused = await runCli(['trust', 'pull', '--url', fake.url, '--pin', pins.real, '--out', join(work, 'wrong.json')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/pinned root/);
    for (const which of ['real', 'fake'] as const) {
      const svc = which === 'real' ? real : fake;
      const pulled = await runCli(['trust', 'pull', '--url', svc.url, '--pin', pins[which], '--out', bundle(which)]);
      expect(pulled.code, pulled.stderr).toBe(0);
    }
  });

  it('pinned to the real scheme only: its label is valid, the look-alike is untrusted_scheme, offline in a network namespace', async () => {
    const good = await offline(['--trust', bundle('real'), tokens.real]);
    expect(good.code, good.stderr).toBe(0);
    const verdict = JSON.parse(good.stdout) as {
      status: string;
      scheme: { id: string; name: string; rootThumbprint: string };
      issuer: { accreditation: { accreditedBy: string } };
    };
    expect(verdict.status).toBe('valid');
    expect(verdict.scheme).toEqual({ id: 'pcf.gov.example', name: NAME, rootThumbprint: pins.real });
    expect(verdict.issuer.accreditation.accreditedBy).toBe(steelOnly.accreditedBy);

    const lookalike = await offline(['--trust', bundle('real'), tokens.fake]);
    expect(lookalike.code).not.toBe(0);
    expect(JSON.parse(lookalike.stdout) as { status: string; valid: boolean }).toMatchObject({ status: 'untrusted_scheme', valid: false });
  });

  it('pinned to both: each label is valid and names its own scheme', async () => {
    for (const which of ['real', 'fake'] as const) {
      const run = await offline(['--trust', bundle('real'), '--trust', bundle('fake'), tokens[which]]);
      expect(run.code, run.stderr).toBe(0);
      const verdict = JSON.parse(run.stdout) as { status: string; scheme: { id: string; rootThumbprint: string } };
      expect(verdict.status).toBe('valid');
      expect(verdict.scheme.rootThumbprint).toBe(pins[which]);
    }
  });

  it('withdrawing the issuer flips its labels online at once, and offline after the next pull', async () => {
    const res = await real.request('POST', `/admin/issuers/${realIssuer.id}/withdraw`, {
      body: { reason: 'Accreditation body revoked the certificate' },
      bearer: real.adminToken,
    });
    expect(res.status).toBe(200);
    const online = (await (await real.request('POST', '/verify', { body: { token: tokens.real } })).json()) as { status: string };
    expect(online.status).toBe('accreditation_withdrawn');

    const before = await offline(['--trust', bundle('real'), tokens.real]);
    expect((JSON.parse(before.stdout) as { status: string }).status).toBe('valid');
    const pulled = await runCli(['trust', 'pull', '--url', real.url, '--pin', pins.real, '--out', bundle('real')]);
    expect(pulled.code, pulled.stderr).toBe(0);
    const after = await offline(['--trust', bundle('real'), tokens.real]);
    expect(after.code).not.toBe(0);
    expect((JSON.parse(after.stdout) as { status: string }).status).toBe('accreditation_withdrawn');
  });
});
