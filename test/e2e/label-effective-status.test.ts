/**
 * The issuer's view tells the truth, end to end against a started service: `GET /labels`,
 * `GET /labels/{id}` and `carbon-label labels list|show` show each label's effective state (the
 * verifier's), `?status=` filters by it page by page, a compromised signing key shows as
 * `key_compromised` with a pointer to the fix, and `labels reissue --status key_compromised`
 * replaces those labels (new ones verify `valid`, old ones are revoked as superseded), once only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reissueIdempotencyKey, reissueRequest } from '../../cli/labels/reissue.ts';
import type { LabelResource } from '../../shared/label/label-resource.ts';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let svc: TestService;
let work: string;
let acme: { id: string; apiKey: string };
let other: { id: string; apiKey: string };
beforeAll(async () => {
  svc = await startTestService();
  work = mkdtempSync(join(tmpdir(), 'effective-status-'));
  acme = await svc.createIssuer('Acme Cement');
  other = await svc.createIssuer('Other Steel');
});
afterAll(async () => {
  await svc.destroy();
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], apiKey = '') =>
  runCli(args, { cwd: work, env: { DATA_DIR: svc.dataDir, CARBON_LABEL_URL: svc.url, CARBON_LABEL_API_KEY: apiKey } });
const issue = async (apiKey: string, fixture = 'cement-clinker'): Promise<LabelResource> => {
  const res = await svc.request('POST', '/labels', { body: validFixture(fixture), bearer: apiKey });
  expect(res.status).toBe(201);
  return (await res.json()) as LabelResource;
};
const get = async (id: string) => {
  const res = await svc.request('GET', `/labels/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as LabelResource;
};
const verify = async (token: string) => ((await (await svc.request('POST', '/verify', { body: { token } })).json()) as { status: string }).status;
/** Every label of an issuer through `GET /labels` (with `?status=` and `limit`), following the cursor. */
async function listAll(apiKey: string, query = '', limit = 100): Promise<{ labels: LabelResource[]; pages: number }> {
  const labels: LabelResource[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await svc.request('GET', `/labels?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { bearer: apiKey });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: LabelResource[]; nextCursor?: string };
    labels.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { labels, pages };
}
const ids = (labels: { id: string }[]) => labels.map((l) => l.id).sort();

describe('the effective state of labels', () => {
  let a1: LabelResource;
  let a2: LabelResource;
  let withdrawn: LabelResource;
  let fresh: LabelResource;
  let b1: LabelResource;
  let k1: string;

  it('new labels are active, a revoked one is revoked; ?status= filters per page and paging still works', async () => {
    a1 = await issue(acme.apiKey);
    a2 = await issue(acme.apiKey, 'steel-hot-rolled-coil');
    withdrawn = await issue(acme.apiKey);
    b1 = await issue(other.apiKey);
    k1 = a1.kid;
    expect(a1).toMatchObject({ status: 'active', effectiveStatus: 'active' });
    expect(a1.reissue).toBeUndefined();
    const res = await svc.request('POST', `/labels/${withdrawn.id}/revoke`, { bearer: acme.apiKey, body: { reason: 'Wrong batch' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'revoked', effectiveStatus: 'revoked' });

    expect(ids((await listAll(acme.apiKey, '&status=revoked')).labels)).toEqual([withdrawn.id]);
    // One label per page: the revoked one's page comes back empty, yet the cursor leads on to the end.
    const paged = await listAll(acme.apiKey, '&status=active', 1);
    expect(ids(paged.labels)).toEqual(ids([a1, a2]));
    expect(paged.pages).toBeGreaterThanOrEqual(3);
    expect((await listAll(acme.apiKey, '&status=key_compromised')).labels).toEqual([]);
  });

  it('refuses an unknown ?status= with validation_failed naming status', async () => {
    for (const bad of ['bogus', 'valid', '']) {
      const res = await svc.request('GET', `/labels?status=${bad}`, { bearer: acme.apiKey });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe('validation_failed');
      expect(problem.errors.map((e) => e.path)).toEqual(['status']);
    }
    const run = await cli(['labels', 'list', '--status', 'bogus'], acme.apiKey);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--status takes');
  });

  it('after the key is compromised, the API and the CLI say key_compromised and point to reissue', async () => {
    const rotated = await svc.request('POST', '/admin/signing-keys/rotate', { bearer: svc.adminToken });
    expect(rotated.status).toBe(200);
    fresh = await issue(acme.apiKey);
    expect(fresh.kid).not.toBe(k1);
    const compromised = await svc.request('POST', `/admin/signing-keys/${k1}/compromise`, { bearer: svc.adminToken });
    expect(compromised.status).toBe(200);

    for (const label of [a1, a2, b1]) {
      expect(await verify(label.token)).toBe('key_compromised');
      const shown = await get(label.id);
      expect(shown).toMatchObject({
        status: 'active',
        effectiveStatus: 'key_compromised',
        reissue: { command: 'carbon-label labels reissue --status key_compromised' },
      });
    }
    // A revoked label signed by that key: the verifier says key_compromised first, and so do we; nothing to re-issue.
    expect(await verify(withdrawn.token)).toBe('key_compromised');
    expect(await get(withdrawn.id)).toMatchObject({ status: 'revoked', effectiveStatus: 'key_compromised' });
    expect((await get(withdrawn.id)).reissue).toBeUndefined();
    expect(await get(fresh.id)).toMatchObject({ effectiveStatus: 'active' });

    expect(ids((await listAll(acme.apiKey, '&status=key_compromised')).labels)).toEqual(ids([a1, a2, withdrawn]));
    expect(ids((await listAll(acme.apiKey, '&status=active')).labels)).toEqual([fresh.id]);

    const human = await cli(['labels', 'list'], acme.apiKey);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`${a1.id}  key_compromised`);
    expect(human.stdout).toMatch(new RegExp(`${fresh.id}  active `));
    const filtered = await cli(['labels', 'list', '--status', 'key_compromised', '--json'], acme.apiKey);
    expect(ids(JSON.parse(filtered.stdout) as LabelResource[])).toEqual(ids([a1, a2, withdrawn]));
    const shown = await cli(['labels', 'show', a1.id]);
    expect(shown.stdout).toMatch(/^status +key_compromised \(stored: active\)$/m);
    expect(shown.stdout).toContain('Run: carbon-label labels reissue --status key_compromised');
  });

  it('labels reissue --status key_compromised replaces them: new labels verify valid, old ones are superseded', async () => {
    expect((await cli(['labels', 'reissue'], acme.apiKey)).code).toBe(2);
    const run = await cli(['labels', 'reissue', '--status', 'key_compromised', '--json'], acme.apiKey);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { reissued: { from: string; to: string; replayed: boolean }[]; skipped: { id: string }[]; problems: unknown[] };
    expect(summary.problems).toEqual([]);
    expect(ids(summary.reissued.map((r) => ({ id: r.from })))).toEqual(ids([a1, a2]));
    expect(summary.skipped.map((s) => s.id)).toEqual([withdrawn.id]);

    for (const { from, to, replayed } of summary.reissued) {
      expect(replayed).toBe(false);
      const old = await get(from);
      const replacement = await get(to);
      expect(old).toMatchObject({ status: 'revoked', effectiveStatus: 'key_compromised', revocation: { supersededBy: to } });
      expect(old.revocation?.reason).toMatch(/^Superseded by label [0-9a-z]{16}: re-issued because the key that signed this label was compromised$/);
      expect(old.reissue).toBeUndefined();
      expect(replacement).toMatchObject({ status: 'active', effectiveStatus: 'active', issuer: old.issuer });
      expect(replacement.kid).not.toBe(k1);
      expect(replacement.record.product).toEqual(old.record.product);
      expect(replacement.record.footprint).toEqual(old.record.footprint);
      expect(replacement.validUntil).toBe(old.validUntil);
      expect(await verify(replacement.token)).toBe('valid');
    }
    // The other issuer's label is untouched.
    expect(await get(b1.id)).toMatchObject({ status: 'active', effectiveStatus: 'key_compromised' });

    const human = await cli(['labels', 'show', a1.id]);
    expect(human.stdout).toMatch(/^superseded by +[0-9a-z]{16}$/m);
  });

  it('a second run issues nothing more', async () => {
    const before = (await listAll(acme.apiKey)).labels.length;
    const run = await cli(['labels', 'reissue', '--status', 'key_compromised'], acme.apiKey);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/re-issued 0 labels signed by a compromised key; 3 skipped, 0 with a problem\n$/);
    expect(run.stdout).toContain(`${a1.id} skipped: already superseded by`);
    expect((await listAll(acme.apiKey)).labels.length).toBe(before);
  });

  it('resumes an interrupted run: a label already issued under the derived key is reused, not issued twice', async () => {
    // As if an earlier run issued the replacement and stopped before revoking the old label.
    const res = await svc.request('POST', '/labels', {
      bearer: other.apiKey,
      headers: { 'idempotency-key': reissueIdempotencyKey(b1.id) },
      body: reissueRequest(await get(b1.id)),
    });
    expect(res.status).toBe(201);
    const earlier = (await res.json()) as LabelResource;
    const before = (await listAll(other.apiKey)).labels.length;

    const run = await cli(['labels', 'reissue', '--status', 'key_compromised', '--json'], other.apiKey);
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { reissued: unknown[] }).reissued).toEqual([{ from: b1.id, to: earlier.id, replayed: true }]);
    expect((await listAll(other.apiKey)).labels.length).toBe(before);
    expect(await get(b1.id)).toMatchObject({ status: 'revoked', revocation: { supersededBy: earlier.id } });
    expect(await verify(earlier.token)).toBe('valid');
  });
});
