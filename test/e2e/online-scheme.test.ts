/**
 * Online verification names the scheme and the issuer from the published trust list, over a
 * listening server: `POST /verify` and the page. Before the publisher exists (or with nothing
 * published) verdicts carry no scheme; once a list is stored they name it; when the list withdraws
 * the issuer, the label flips to `accreditation_withdrawn` at once (after `invalidate()`, which the
 * publisher calls in-process; other processes within the source's few seconds).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { signTrustList } from '../../shared/tokens/trust-list-token.ts';
import type { TrustList } from '../../shared/trust-list/trust-list.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { sampleTrustList } from '../support/sample-trust-list.ts';

let svc: TestService;
let issuer: { id: string; apiKey: string };
let token: string;
const root = LocalKeySigner.generate();

/**
 * Stores a list signed by this test's root, one seq above whatever is stored (a publisher may have
 * published already), listing our issuer with `status` and the accreditation the label names.
 */
async function publish(status: TrustList['issuers'][number]['status'], assurerListed = false): Promise<void> {
  const seq = ((await svc.service.services.store.getTrustList())?.seq ?? 0) + 1;
  const base = sampleTrustList(root, LocalKeySigner.generate(), { seq });
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { acc?: string; hsc?: string };
  const accreditation = base.issuers[0]!.accreditations[0]!;
  const accreditations = claims.acc ? [{ ...accreditation, id: claims.acc, productCategories: [claims.hsc?.slice(0, 4) ?? '7208'] }] : [];
  const listed = { ...base.issuers[0]!, id: issuer.id, status, accreditations };
  const assurer = { id: 'org_zzzzzzzzzzzz', name: 'Example Assurance Co.', role: 'certification_body' as const, status: 'active' as const, accreditations: [] };
  const signed = await signTrustList({ ...base, issuers: [listed, ...(assurerListed ? [assurer] : [])] }, root);
  const stored = await svc.service.services.store.putTrustList({
    seq,
    jws: signed.jws,
    etag: signed.etag,
    issuedAt: new Date(base.iat * 1000).toISOString(),
    nextUpdate: new Date(base.nxt * 1000).toISOString(),
  });
  expect(stored).toBe('stored');
  svc.service.services.trustListSource?.invalidate();
}

const verify = async () => {
  const res = await svc.request('POST', '/verify', { body: { token } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
};

beforeAll(async () => {
  svc = await startTestService();
  issuer = await svc.createIssuer('Acme Steel');
  const res = await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey });
  expect(res.status).toBe(201);
  token = ((await res.json()) as { token: string }).token;
});
afterAll(async () => {
  await svc?.destroy();
});

describe('online verdicts and pages name the scheme', () => {
  it('no list published: valid, no scheme fields; the page says the service alone vouches', async () => {
    // Once a publisher runs at start, a list exists from the beginning: nothing to check here.
    if (await svc.service.services.store.getTrustList()) return;
    const v = await verify();
    expect(v.status).toBe('valid');
    expect(v.scheme).toBeUndefined();
    const page = await (await svc.fetch(`/v/${token}`)).text();
    expect(page).toContain('it publishes no signed list of accredited issuers');
  });

  it('a published list: the verdict names the scheme and the issuer; the page shows who vouches', async () => {
    await publish('active', true);
    const v = await verify();
    expect(v).toMatchObject({
      status: 'valid',
      scheme: { id: 'cn-pcf.example', name: 'Example product carbon footprint scheme', rootThumbprint: root.kid },
      issuer: { id: issuer.id, name: 'Acme Steel', status: 'active' },
    });
    const page = await (await svc.fetch(`/v/${token}`)).text();
    expect(page).toContain('Example product carbon footprint scheme, at localhost:');
    expect(page).toContain('Example Assurance Co., a certification body listed by the scheme');
  });

  it('suspended: still valid with a warning; withdrawn: accreditation_withdrawn at once, on the page too', async () => {
    await publish('suspended');
    const suspended = await verify();
    expect(suspended.status).toBe('valid');
    expect(suspended.warnings).toEqual([expect.objectContaining({ code: 'issuer_suspended' })]);
    await publish('withdrawn');
    expect(await verify()).toMatchObject({ status: 'accreditation_withdrawn', valid: false, issuer: { status: 'withdrawn' } });
    const page = await (await svc.fetch(`/v/${token}?lang=zh-CN`)).text();
    expect(page).toContain('data-status="accreditation_withdrawn"');
    expect(page).toContain('签发方认可已撤销');
  });
});
