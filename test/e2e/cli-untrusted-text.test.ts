/**
 * The CLI prints what strangers wrote: issuer names, product names, revocation reasons, key ids
 * from a JWKS, problem text from a server, file names. None of it may reach the terminal as a
 * control: no ESC sequences (clear screen, OSC 8 hyperlinks), no BEL, no C1 CSI (0x9B), no bidi
 * override, no zero-width character, no carriage return or line break that forges a line. Text
 * output replaces them with U+FFFD; `--json` output escapes them (`\u001b`), so the JSON still
 * parses to exactly what the server sent. Real CLI child processes, a real service, and a stub
 * server for what the real service would never say.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import type { TestService } from '../support/local-service.ts';
import { startSecurityHarness, type SecurityHarness } from '../security/harness.ts';
import { signClaims } from '../security/attack-corpus.ts';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { issuerKey, labelKey } from '../../shared/adapters/dynamodb/table-layout.ts';
import { newLabelId } from '../../shared/ids.ts';
import { claimsFor } from '../../shared/label/claims.ts';
import { recordDigest, type LabelRecord } from '../../shared/label/record.ts';
import { startStubServer, type StubServer } from '../support/stub-server.ts';

/** ESC [2J (clear screen), an OSC 8 hyperlink, BEL, U+202E, U+200B, C1 CSI 0x9B, CR and LF. */
const HOSTILE = 'Acme\u001b[2J\u001b]8;;https://evil.example/\u0007Steel\u001b]8;;\u0007\u0007 \u202eLEETS\u202c\u200bCo\u009b31m\rVALID\nVALID forged line';

// What must never be printed raw: C0 controls other than the line feed the CLI itself writes,
// DEL, C1, zero-width and bidi formatting characters, line and paragraph separators, BOM.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

function expectSafe(run: CliRun): void {
  for (const [name, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    const found = UNSAFE.exec(text);
    expect(found, `${name} holds U+${found?.[0].codePointAt(0)?.toString(16).padStart(4, '0')}: ${JSON.stringify(text)}`).toBeNull();
    // A line break inside a field would let it forge a line of its own.
    expect(
      text.split('\n').some((line) => /^valid forged/i.test(line)),
      `${name} has a forged line`,
    ).toBe(false);
  }
}

let h: SecurityHarness;
let svc: TestService;
let stub: StubServer;
let work: string;
let env: Record<string, string>;
let issuer: { id: string; apiKey: string };
let label: { id: string; token: string };
let revoked: { id: string; token: string };
let bundle: string;

/**
 * The service refuses such text at every boundary (`shared/validation/safe-text.ts`), so the
 * hostile values are put where only an older deployment, a restored backup or a rogue operator
 * could put them: straight into the table, and into tokens signed with the service's real key.
 * The CLI must stay safe whatever the service holds.
 */
async function storeHostileLabel(base: LabelRecord): Promise<{ id: string; token: string }> {
  const record: LabelRecord = { ...base, id: newLabelId(), issuer: { ...base.issuer, name: HOSTILE }, product: { ...base.product, name: HOSTILE } };
  const digest = recordDigest(record);
  const token = signClaims(claimsFor(record, digest), h.signer());
  expect(await h.store.createLabel({ record, digest, token, kid: h.signer().kid, status: 'active' })).toBe('created');
  return { id: record.id, token };
}

beforeAll(async () => {
  h = await startSecurityHarness();
  svc = h.svc;
  stub = await startStubServer();
  work = mkdtempSync(join(tmpdir(), 'cli-text-'));
  env = { CARBON_LABEL_URL: svc.url, ADMIN_TOKEN: svc.adminToken };
  issuer = await svc.createIssuer('Acme Steel');
  await h.store.client.send(
    new UpdateItemCommand({
      TableName: h.tableName,
      Key: { pk: { S: issuerKey(issuer.id).pk }, sk: { S: issuerKey(issuer.id).sk } },
      UpdateExpression: 'SET #n = :n',
      ExpressionAttributeNames: { '#n': 'name' },
      ExpressionAttributeValues: { ':n': { S: HOSTILE } },
    }),
  );
  const res = await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey });
  expect(res.status).toBe(201);
  const base = ((await res.json()) as { record: LabelRecord }).record;
  label = await storeHostileLabel(base);
  revoked = await storeHostileLabel(base);
  expect((await svc.request('POST', `/labels/${revoked.id}/revoke`, { bearer: issuer.apiKey, body: { reason: 'Footprint recalculated' } })).status).toBe(200);
  await h.store.client.send(
    new UpdateItemCommand({
      TableName: h.tableName,
      Key: { pk: { S: labelKey(revoked.id).pk }, sk: { S: labelKey(revoked.id).sk } },
      UpdateExpression: 'SET revocationReason = :r',
      ExpressionAttributeValues: { ':r': { S: HOSTILE } },
    }),
  );
  bundle = join(work, 'trust-bundle.json');
  const pulled = await runCli(['trust', 'pull', '--out', bundle], { env });
  expect(pulled.code).toBe(0);
});
afterAll(async () => {
  await stub?.close();
  await h?.close();
});

describe('admin commands print issuer names safely', () => {
  it('issuer list: text replaces the controls, --json escapes them and still parses to the exact name', async () => {
    const text = await runCli(['issuer', 'list'], { env });
    expect(text.code).toBe(0);
    expectSafe(text);
    expect(text.stdout).toContain(issuer.id);
    expect(text.stdout).toContain('Acme\ufffd[2J');

    const json = await runCli(['issuer', 'list', '--json'], { env });
    expect(json.code).toBe(0);
    expectSafe(json);
    expect(json.stdout).toContain('Acme\\u001b[2J');
    expect(json.stdout).toContain('\\u009b31m');
    expect(json.stdout).toContain('\\u202eLEETS');
    expect(json.stdout).toContain('\\u200bCo');
    const page = JSON.parse(json.stdout) as { items: { id: string; name: string }[] };
    expect(page.items.find((i) => i.id === issuer.id)?.name).toBe(HOSTILE);
  });

  it('issuer create with such a name is refused by the service, and the refusal prints safely, text and JSON', async () => {
    const text = await runCli(['issuer', 'create', '--name', `${HOSTILE} 2`], { env });
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('control characters');
    expectSafe(text);
    const json = await runCli(['issuer', 'create', '--name', `${HOSTILE} 3`, '--json'], { env });
    expect(json.code).toBe(1);
    expectSafe(json);
  });
});

describe('verify prints product names, issuer names and revocation reasons safely', () => {
  it('online, text and JSON', async () => {
    const text = await runCli(['verify', label.token], { env });
    expect(text.code).toBe(0);
    expectSafe(text);
    expect(text.stdout).toMatch(/^VALID {2}label /);
    const json = await runCli(['verify', label.token, '--json'], { env });
    expect(json.code).toBe(0);
    expectSafe(json);
    const out = JSON.parse(json.stdout) as { claim: { product: { name: string }; issuer: { name: string } } };
    expect(out.claim.product.name).toBe(HOSTILE);
    expect(out.claim.issuer.name).toBe(HOSTILE);
  });

  it('offline, a valid and a revoked label, text and JSON', async () => {
    const text = await runCli(['verify', label.token, '--offline', '--trust', bundle], { env, offline: true });
    expect(text.code).toBe(0);
    expectSafe(text);
    const rev = await runCli(['verify', revoked.token, '--offline', '--trust', bundle], { env, offline: true });
    expect(rev.code).toBe(1);
    expectSafe(rev);
    expect(rev.stdout).toMatch(/^REVOKED/);
    const json = await runCli(['verify', revoked.token, '--offline', '--trust', bundle, '--json'], { env, offline: true });
    expect(json.code).toBe(1);
    expectSafe(json);
    const out = JSON.parse(json.stdout) as { revocation: { reason: string }; claim: { product: { name: string } } };
    expect(out.revocation.reason).toBe(HOSTILE);
    expect(out.claim.product.name).toBe(HOSTILE);
  });

  it('trust show prints the list’s reasons safely in JSON', async () => {
    const json = await runCli(['trust', 'show', '--trust', bundle, '--json'], { env, offline: true });
    expect(json.code).toBe(0);
    expectSafe(json);
    const out = JSON.parse(json.stdout) as { revocationList: { entries: { labelId: string; reason: string }[] } };
    expect(out.revocationList.entries.find((e) => e.labelId === revoked.id)?.reason).toBe(HOSTILE);
  });

  it('a hostile file name in an error message is printed safely', async () => {
    const dir = join(work, 'files');
    mkdirSync(dir, { recursive: true });
    const name = join(dir, 'photo\u001b[2J\u009b31m\u202e.png');
    writeFileSync(name, 'not an image');
    const run = await runCli(['verify', name, '--offline', '--trust', bundle], { env, offline: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('not a PNG or JPEG');
    expectSafe(run);
  });
});

describe('what a server says is printed safely', () => {
  const problem = {
    status: 400,
    type: 'application/problem+json',
    body: { code: `bad\u001b[2J`, detail: HOSTILE, errors: [{ path: `name\u009b`, message: HOSTILE }] },
  };

  it('problem+json detail, code and field errors (requestJson)', async () => {
    stub.routes = { 'GET /admin/issuers': problem };
    const run = await runCli(['issuer', 'list', '--url', stub.url, '--admin-token', 't'], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('400');
    expect(run.stderr).toContain('Acme\ufffd[2J');
    expectSafe(run);
    const json = await runCli(['issuer', 'list', '--url', stub.url, '--admin-token', 't', '--json'], {});
    expect(json.code).toBe(1);
    expectSafe(json);
  });

  it("an accreditation's body, reference and reason from a server (issuer accreditations)", async () => {
    const hostile = {
      id: 'acc_0000000000aa',
      status: `suspended${HOSTILE}`,
      productCategories: [`72${HOSTILE}`],
      markets: [HOSTILE],
      validUntil: HOSTILE,
      accreditedBy: HOSTILE,
      reference: HOSTILE,
      statusReason: HOSTILE,
    };
    stub.routes = { 'GET /admin/issuers/org_000000000000/accreditations': { body: { items: [hostile] } } };
    const run = await runCli(['issuer', 'accreditations', 'org_000000000000', '--url', stub.url, '--admin-token', 't'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Acme\ufffd[2J');
    expectSafe(run);
    const json = await runCli(['issuer', 'accreditations', 'org_000000000000', '--url', stub.url, '--admin-token', 't', '--json'], {});
    expect(json.code).toBe(0);
    expectSafe(json);
  });

  it('a non-JSON error body, and problem text from GET /revocations (requestText)', async () => {
    stub.routes = { 'GET /.well-known/jwks.json': { status: 502, type: 'text/plain', body: HOSTILE } };
    const plain = await runCli(['trust', 'pull', '--url', stub.url, '--out', join(work, 'never.json')], {});
    expect(plain.code).toBe(1);
    expectSafe(plain);
    stub.routes = { 'GET /.well-known/jwks.json': { body: { keys: [] } }, 'GET /revocations': { ...problem, status: 503 } };
    const list = await runCli(['trust', 'pull', '--url', stub.url, '--out', join(work, 'never.json')], {});
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('503');
    expectSafe(list);
  });

  it('a verdict from POST /verify with hostile members, single and batch', async () => {
    const verdict = {
      status: `revoked\nVALID forged line\u001b[2J`,
      valid: false,
      reason: HOSTILE,
      checkedAt: HOSTILE,
      labelId: HOSTILE,
      kid: HOSTILE,
      statusSource: { kind: 'live' },
    };
    stub.routes = {
      'POST /verify': (req) => ({
        body: req.headers['content-length'] && Number(req.headers['content-length']) > 2000 ? { results: [verdict, verdict] } : verdict,
      }),
    };
    const single = await runCli(['verify', 'eyJ.e30.x', '--url', stub.url], {});
    expect(single.code).toBe(1);
    expectSafe(single);
    const manifest = join(work, 'two.txt');
    writeFileSync(manifest, `${'a'.repeat(1500)}\n${'b'.repeat(1500)}\n`);
    const batch = await runCli(['verify', '--batch', manifest, '--url', stub.url], {});
    expect(batch.code).toBe(1);
    expectSafe(batch);
  });

  it('keys list of a JWKS with hostile members, text and JSON', async () => {
    stub.routes = { 'GET /.well-known/jwks.json': { body: { keys: [{ kid: HOSTILE, status: `active\u001b[8m`, createdAt: HOSTILE }] } } };
    const text = await runCli(['keys', 'list', '--url', stub.url], {});
    expect(text.code).toBe(0);
    expectSafe(text);
    const json = await runCli(['keys', 'list', '--url', stub.url, '--json'], {});
    expect(json.code).toBe(0);
    expectSafe(json);
    expect((JSON.parse(json.stdout) as { keys: { kid: string }[] }).keys[0]!.kid).toBe(HOSTILE);
  });
});
