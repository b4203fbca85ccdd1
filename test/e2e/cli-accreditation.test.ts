/**
 * The scheme operator's CLI (issue #13) against the real embedded service: register an issuer
 * with its first accreditation, accredit it further, list, suspend, reinstate and withdraw
 * accreditations, withdraw the issuer and revoke any label as the scheme; text and `--json`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const cli = (args: string[]) => runCli(args, { env: { CARBON_LABEL_URL: svc.url, ADMIN_TOKEN: svc.adminToken } });
const STEEL = ['--category', '72', '--accredited-by', 'CNAS', '--reference', 'CNAS-C-0072', '--valid-until', '2030-12-31'];
const issue = (apiKey: string, fixture: string) => svc.request('POST', '/labels', { bearer: apiKey, body: validFixture(fixture) });

describe('carbon-label issuer (accreditation commands)', () => {
  it('creates an accredited issuer, accredits it further, lists, suspends, reinstates and withdraws accreditations', async () => {
    const created = await cli(['issuer', 'create', '--name', 'CLI Steel', ...STEEL]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(
      /Issuer created: CLI Steel \(org_[0-9a-z]{12}\), certification_body\nAccreditation:\n {2}acc_[0-9a-z]{12} {2}active .*HS 72 .*by CNAS \(CNAS-C-0072\), until 2030-12-31T23:59:59.000Z/,
    );
    const id = /\((org_[0-9a-z]{12})\)/.exec(created.stdout)![1]!;
    const apiKey = /\n(clk_\S+)\n/.exec(created.stdout)![1]!;
    expect((await issue(apiKey, 'steel-hot-rolled-coil')).status).toBe(201);
    expect((await issue(apiKey, 'ev-battery-pack')).status).toBe(403);

    const accredited = await cli([
      'issuer',
      'accredit',
      id,
      '--category',
      '8507',
      '--market',
      'EU',
      '--market',
      'CN',
      '--accredited-by',
      'CNAS',
      '--reference',
      'CNAS-C-8507',
      '--valid-until',
      '2030-12-31',
      '--json',
    ]);
    expect(accredited.code, accredited.stderr).toBe(0);
    const battery = JSON.parse(accredited.stdout) as { id: string; productCategories: string[]; markets: string[] };
    expect(battery).toMatchObject({ productCategories: ['8507'], markets: ['EU', 'CN'] });
    expect((await issue(apiKey, 'ev-battery-pack')).status).toBe(201);

    const listed = await cli(['issuer', 'accreditations', id]);
    expect(listed.stdout.trim().split('\n')).toHaveLength(2);
    expect(listed.stdout).toContain('markets EU,CN');

    const suspended = await cli(['issuer', 'accreditation', 'suspend', id, battery.id, '--reason', 'audit overdue']);
    expect(suspended.stdout).toMatch(/Accreditation suspended:\n {2}acc_\S+ {2}suspended .*reason: audit overdue/);
    expect((await issue(apiKey, 'ev-battery-pack')).status).toBe(403);
    expect((await cli(['issuer', 'accreditation', 'reinstate', id, battery.id, '--reason', 'audit passed'])).code).toBe(0);
    expect((await issue(apiKey, 'ev-battery-pack')).status).toBe(201);
    expect((await cli(['issuer', 'accreditation', 'withdraw', id, battery.id, '--reason', 'fraud'])).stdout).toContain('withdrawn (final)');
    const again = await cli(['issuer', 'accreditation', 'reinstate', id, battery.id, '--reason', 'appeal']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already_withdrawn');
  });

  it('refuses incomplete accreditation flags before calling the service, and shows the service refusing a manufacturer without GTIN prefixes', async () => {
    const partial = await cli(['issuer', 'create', '--name', 'Half', '--category', '72']);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('--accredited-by, --reference, --valid-until');
    const noCategory = await cli(['issuer', 'create', '--name', 'Half', '--accredited-by', 'CNAS']);
    expect(noCategory.code).toBe(2);
    const maker = await cli(['issuer', 'create', '--name', 'Maker', '--role', 'manufacturer', ...STEEL]);
    expect(maker.code).toBe(1);
    expect(maker.stderr).toContain('accreditation.gtinPrefixes');
    const ok = await cli(['issuer', 'create', '--name', 'Maker', '--role', 'manufacturer', ...STEEL, '--gtin-prefix', '690123456', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ role: 'manufacturer', accreditations: [{ gtinPrefixes: ['690123456'] }] });
  });

  it('withdraws an issuer and revokes any label as the scheme', async () => {
    const rogue = await svc.createIssuer('CLI Rogue');
    const label = (await (await issue(rogue.apiKey, 'cotton-tshirt')).json()) as { id: string };
    const revoked = await cli(['issuer', 'revoke-label', label.id, '--reason', 'issued without an audit']);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Label revoked by the scheme: ${label.id} (issuer CLI Rogue, ${rogue.id})`);
    const stored = (await (await svc.request('GET', `/labels/${label.id}`)).json()) as { revocation: { by: string } };
    expect(stored.revocation.by).toBe('scheme');

    expect((await cli(['issuer', 'withdraw', rogue.id])).code).toBe(2);
    const withdrawn = await cli(['issuer', 'withdraw', rogue.id, '--reason', 'sold certificates']);
    expect(withdrawn.stdout).toContain('Issuer withdrawn for good: CLI Rogue');
    expect(withdrawn.stdout).toContain('Accreditations withdrawn: 1');
    expect((await issue(rogue.apiKey, 'cotton-tshirt')).status).toBe(403);
  });
});
