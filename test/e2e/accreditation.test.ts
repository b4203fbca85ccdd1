/**
 * Issue #13, over HTTP on the real embedded service: an issuer may issue only within an
 * accreditation in force (steel cannot certify coffee), a manufacturer only under its GTIN
 * prefixes; suspending, reinstating and withdrawing accreditations and issuers; the scheme
 * operator's revocation of any label, in the audit log. Every answer is checked against the
 * OpenAPI document by the test service's fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROAD_ACCREDITATION, STEEL_ACCREDITATION } from '../support/accreditation.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

type Problem = { code: string; status: number; detail: string; errors?: { path: string; message: string }[] };
type Accreditation = { id: string; status: string; statusReason?: string; from: string; productCategories: string[] };
type Created = { id: string; apiKey: string; role: string; status: string; accreditations: Accreditation[] };

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.destroy();
});

const admin = (method: string, path: string, body?: unknown) => svc.request(method, path, { bearer: svc.adminToken, ...(body !== undefined ? { body } : {}) });
const issue = (apiKey: string, fixture: string) => svc.request('POST', '/labels', { bearer: apiKey, body: validFixture(fixture) });

async function create(body: Record<string, unknown>): Promise<Created> {
  const res = await admin('POST', '/admin/issuers', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Created;
}

async function problemOf(res: Response, status: number, code: string): Promise<Problem> {
  expect(res.status, await res.clone().text()).toBe(status);
  const problem = (await res.json()) as Problem;
  expect(problem.code).toBe(code);
  return problem;
}

/** The claims of a compact JWS (no verification: the service's own /verify does that). */
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('issuing within an accreditation', () => {
  it('an issuer accredited for steel issues steel, bound to its accreditation (record and token), and verifies valid', async () => {
    const steel = await create({ name: 'Steel Certifier', accreditation: STEEL_ACCREDITATION });
    expect(steel.role).toBe('certification_body');
    expect(steel.accreditations).toEqual([expect.objectContaining({ status: 'active', productCategories: ['72'] })]);
    const res = await issue(steel.apiKey, 'steel-hot-rolled-coil');
    expect(res.status).toBe(201);
    const label = (await res.json()) as { token: string; record: { accreditationId?: string; product: { hsCode: string } } };
    expect(label.record.accreditationId).toBe(steel.accreditations[0]!.id);
    expect(label.record.product.hsCode).toBe('720839');
    expect(claimsOf(label.token)).toMatchObject({ hsc: '720839', acc: steel.accreditations[0]!.id });
    const verdict = (await (await svc.request('POST', '/verify', { body: { token: label.token } })).json()) as { status: string };
    expect(verdict.status).toBe('valid');
  });

  it('the same issuer cannot issue coffee: 403 outside_accreditation naming product.hsCode, and nothing is stored', async () => {
    const steel = await create({ name: 'Steel Only', accreditation: STEEL_ACCREDITATION });
    const problem = await problemOf(await issue(steel.apiKey, 'roasted-coffee'), 403, 'outside_accreditation');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'product.hsCode', message: expect.stringContaining('090121') })]);
    const list = (await (await svc.request('GET', '/labels', { bearer: steel.apiKey })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it('an issuer without an accreditation cannot issue: 403 not_accredited, until it is accredited', async () => {
    const bare = await create({ name: 'Not Yet Accredited' });
    expect(bare.accreditations).toEqual([]);
    await problemOf(await issue(bare.apiKey, 'cement-clinker'), 403, 'not_accredited');
    const res = await admin('POST', `/admin/issuers/${bare.id}/accreditations`, { ...BROAD_ACCREDITATION, productCategories: ['2523'] });
    expect(res.status).toBe(201);
    const accreditation = (await res.json()) as Accreditation;
    expect(accreditation).toMatchObject({ status: 'active', productCategories: ['2523'] });
    expect(res.headers.get('location')).toBe(`${svc.url}/admin/issuers/${bare.id}/accreditations/${accreditation.id}`);
    expect((await issue(bare.apiKey, 'cement-clinker')).status).toBe(201);
  });

  it('an accreditation whose standards or markets do not fit names each gap', async () => {
    const narrow = await create({
      name: 'Narrow Scope',
      accreditation: { ...STEEL_ACCREDITATION, standards: ['GHG Protocol Product Standard'], markets: ['CN'] },
    });
    const problem = await problemOf(await issue(narrow.apiKey, 'steel-hot-rolled-coil'), 403, 'outside_accreditation');
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['footprint.crossSectoralStandards', 'market']);
  });

  it('a manufacturer must name its GTIN prefixes, and may label only GTINs under them', async () => {
    const refused = await admin('POST', '/admin/issuers', { name: 'Maker Without Prefix', role: 'manufacturer', accreditation: STEEL_ACCREDITATION });
    const problem = await problemOf(refused, 400, 'validation_failed');
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'accreditation.gtinPrefixes' })]);

    const own = await create({ name: 'Maker 690123456', role: 'manufacturer', accreditation: { ...STEEL_ACCREDITATION, gtinPrefixes: ['690123456'] } });
    expect(own.role).toBe('manufacturer');
    expect((await issue(own.apiKey, 'steel-hot-rolled-coil')).status).toBe(201);

    const other = await create({ name: 'Maker 690999', role: 'manufacturer', accreditation: { ...STEEL_ACCREDITATION, gtinPrefixes: ['690999'] } });
    const foreign = await problemOf(await issue(other.apiKey, 'steel-hot-rolled-coil'), 403, 'outside_accreditation');
    expect(foreign.errors).toEqual([expect.objectContaining({ path: 'product.ids', message: expect.stringContaining('06901234560015') })]);

    const noPrefix = await admin('POST', `/admin/issuers/${own.id}/accreditations`, STEEL_ACCREDITATION);
    expect((await problemOf(noPrefix, 400, 'validation_failed')).errors).toEqual([expect.objectContaining({ path: 'gtinPrefixes' })]);
  });

  it('refuses an accreditation that has already ended, or with a malformed scope', async () => {
    const issuer = await create({ name: 'Scope Typos' });
    const ended = await admin('POST', `/admin/issuers/${issuer.id}/accreditations`, { ...STEEL_ACCREDITATION, validUntil: '2020-01-01T00:00:00Z' });
    expect((await problemOf(ended, 400, 'validation_failed')).errors).toEqual([expect.objectContaining({ path: 'validUntil' })]);
    const malformed = await admin('POST', `/admin/issuers/${issuer.id}/accreditations`, {
      ...STEEL_ACCREDITATION,
      productCategories: ['720'],
      markets: ['XX'],
    });
    const paths = (await problemOf(malformed, 400, 'validation_failed')).errors?.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['productCategories.0', 'markets.0']));
    await problemOf(await admin('POST', '/admin/issuers/org_000000000000/accreditations', STEEL_ACCREDITATION), 404, 'not_found');
  });
});

describe('suspending, reinstating and withdrawing an accreditation', () => {
  it('suspended: no new labels; reinstated: issues again; withdrawn: final (reinstating is 409 already_withdrawn)', async () => {
    const issuer = await create({ name: 'Lifecycle Steel', accreditation: STEEL_ACCREDITATION });
    const aid = issuer.accreditations[0]!.id;
    const base = `/admin/issuers/${issuer.id}/accreditations/${aid}`;

    const suspended = (await (await admin('POST', `${base}/suspend`, { reason: 'annual audit overdue' })).json()) as Accreditation;
    expect(suspended).toMatchObject({ id: aid, status: 'suspended', statusReason: 'annual audit overdue' });
    await problemOf(await issue(issuer.apiKey, 'steel-hot-rolled-coil'), 403, 'not_accredited');

    expect((await admin('POST', `${base}/reinstate`, { reason: 'audit passed' })).status).toBe(200);
    expect((await issue(issuer.apiKey, 'steel-hot-rolled-coil')).status).toBe(201);

    const withdrawn = (await (await admin('POST', `${base}/withdraw`, { reason: 'fraudulent verification reports' })).json()) as Accreditation;
    expect(withdrawn.status).toBe('withdrawn');
    await problemOf(await issue(issuer.apiKey, 'steel-hot-rolled-coil'), 403, 'not_accredited');
    const again = await problemOf(await admin('POST', `${base}/reinstate`, { reason: 'appeal' }), 409, 'already_withdrawn');
    expect(again.detail).toContain('final');
    await problemOf(await admin('POST', `${base}/suspend`, { reason: 'x' }), 409, 'already_withdrawn');
    // Withdrawing again changes nothing: the first reason stands.
    const twice = (await (await admin('POST', `${base}/withdraw`, { reason: 'second' })).json()) as Accreditation;
    expect(twice.statusReason).toBe('fraudulent verification reports');

    const listed = (await (await admin('GET', `/admin/issuers/${issuer.id}/accreditations`)).json()) as { items: Accreditation[] };
    expect(listed.items).toEqual([expect.objectContaining({ id: aid, status: 'withdrawn' })]);
  });

  it('a reason is required, and an unknown accreditation is 404', async () => {
    const issuer = await create({ name: 'Reasons Steel', accreditation: STEEL_ACCREDITATION });
    const base = `/admin/issuers/${issuer.id}/accreditations`;
    await problemOf(await admin('POST', `${base}/${issuer.accreditations[0]!.id}/suspend`, {}), 400, 'validation_failed');
    await problemOf(await admin('POST', `${base}/acc_000000000000/suspend`, { reason: 'x' }), 404, 'not_found');
  });
});

describe('withdrawing an issuer', () => {
  it('withdraws it and every accreditation for good: it never issues again, cannot be reinstated or accredited', async () => {
    const rogue = await create({ name: 'Rogue Certifier', accreditation: BROAD_ACCREDITATION });
    expect((await admin('POST', `/admin/issuers/${rogue.id}/accreditations`, STEEL_ACCREDITATION)).status).toBe(201);
    expect((await issue(rogue.apiKey, 'cotton-tshirt')).status).toBe(201);

    const res = await admin('POST', `/admin/issuers/${rogue.id}/withdraw`, { reason: 'sold certificates without audits' });
    expect(res.status).toBe(200);
    const withdrawn = (await res.json()) as Created & { withdrawnAt: string; withdrawalReason: string };
    expect(withdrawn).toMatchObject({ id: rogue.id, status: 'withdrawn', withdrawalReason: 'sold certificates without audits' });
    expect(withdrawn.accreditations).toHaveLength(2);
    for (const a of withdrawn.accreditations) expect(a.status).toBe('withdrawn');

    await problemOf(await issue(rogue.apiKey, 'cotton-tshirt'), 403, 'issuer_withdrawn');
    await problemOf(await admin('POST', `/admin/issuers/${rogue.id}/reinstate`), 409, 'already_withdrawn');
    await problemOf(await admin('POST', `/admin/issuers/${rogue.id}/suspend`), 409, 'already_withdrawn');
    await problemOf(await admin('POST', `/admin/issuers/${rogue.id}/accreditations`, STEEL_ACCREDITATION), 409, 'already_withdrawn');
    // It may still list (and revoke) its own labels.
    expect((await svc.request('GET', '/labels', { bearer: rogue.apiKey })).status).toBe(200);
    const listed = (await (await admin('GET', '/admin/issuers?limit=100')).json()) as { items: { id: string; status: string }[] };
    expect(listed.items.find((i) => i.id === rogue.id)?.status).toBe('withdrawn');
  });
});

describe("the scheme operator's revocation", () => {
  it('revokes any label, recorded as by the scheme, once, in the audit log; an issuer revocation is by the issuer', async () => {
    const issuer = await svc.createIssuer('Revoked Twice Co');
    const a = (await (await issue(issuer.apiKey, 'ev-battery-pack')).json()) as { id: string; token: string };
    const b = (await (await issue(issuer.apiKey, 'ev-battery-pack')).json()) as { id: string };

    const before = svc.logs.length;
    const res = await admin('POST', `/admin/labels/${a.id}/revoke`, { reason: 'issuer withdrawn by the scheme', supersededBy: b.id });
    expect(res.status).toBe(200);
    const revoked = (await res.json()) as { status: string; revocation: { by: string; reason: string; supersededBy?: string } };
    expect(revoked.status).toBe('revoked');
    expect(revoked.revocation).toMatchObject({ by: 'scheme', reason: 'issuer withdrawn by the scheme', supersededBy: b.id });
    const audit = svc.logs
      .slice(before)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.message === 'audit');
    expect(audit).toEqual([
      expect.objectContaining({ action: 'revokeLabelAsScheme', target: a.id, outcome: 'ok', actor: { kind: 'admin', id: 'admin-token' } }),
    ]);

    const verdict = (await (await svc.request('POST', '/verify', { body: { token: a.token } })).json()) as { status: string };
    expect(verdict.status).toBe('revoked');
    // Once: a second revocation keeps the first.
    const again = (await (await admin('POST', `/admin/labels/${a.id}/revoke`, { reason: 'other' })).json()) as { revocation: { reason: string } };
    expect(again.revocation.reason).toBe('issuer withdrawn by the scheme');

    const own = (await (await svc.request('POST', `/labels/${b.id}/revoke`, { bearer: issuer.apiKey, body: { reason: 'mine' } })).json()) as {
      revocation: { by: string };
    };
    expect(own.revocation.by).toBe('issuer');
  });

  it('an unknown label is 404; a successor of another issuer is refused', async () => {
    await problemOf(await admin('POST', '/admin/labels/0000000000000000/revoke', { reason: 'x' }), 404, 'not_found');
    const one = await svc.createIssuer('Successor One');
    const two = await svc.createIssuer('Successor Two');
    const a = (await (await issue(one.apiKey, 'cement-clinker')).json()) as { id: string };
    const b = (await (await issue(two.apiKey, 'cement-clinker')).json()) as { id: string };
    const refused = await problemOf(await admin('POST', `/admin/labels/${a.id}/revoke`, { reason: 'x', supersededBy: b.id }), 400, 'validation_failed');
    expect(refused.errors).toEqual([expect.objectContaining({ path: 'supersededBy' })]);
  });
});
