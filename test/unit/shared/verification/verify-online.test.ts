/**
 * Sign/verify round trip and every verdict code, through the pure verification functions.
 * The status source here is an in-memory stand-in for storage (the port's contract); the
 * integration and end-to-end suites run the same checks against dynalite.
 */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { base64url } from '../../../../shared/jws/base64url.ts';
import { signLabelToken } from '../../../../shared/tokens/label-token.ts';
import { keyLookupFrom, type SigningKeyRecord } from '../../../../shared/keys/signing-key.ts';
import { claimsFor } from '../../../../shared/label/claims.ts';
import { buildLabelRecord, recordDigest, type LabelRecord } from '../../../../shared/label/record.ts';
import { createLabelRequestSchema } from '../../../../shared/label/request-schema.ts';
import { VERDICT_STATUSES, type VerdictStatus } from '../../../../shared/verification/verdict.ts';
import { verifyOnline } from '../../../../shared/verification/verify-online.ts';
import type { LabelStatusRecord, LabelStatusSource } from '../../../../shared/verification/status/label-status-source.ts';
import { verifyOffline } from '../../../../shared/verification/verify-offline.ts';
import { validFixture } from '../../../support/fixtures.ts';

const ISSUED = new Date('2026-06-01T00:00:00Z');
const signer = LocalKeySigner.generate();
const other = LocalKeySigner.generate();
const record = (s: LocalKeySigner, status: SigningKeyRecord['status'] = 'active'): SigningKeyRecord => ({
  kid: s.kid,
  alg: 'ES256',
  publicJwk: s.publicJwk,
  status,
  createdAt: ISSUED.toISOString(),
  provider: { type: 'local' },
});

function makeRecord(id = 'abcdefghjkmnpqrs', validUntil = '2027-06-01T00:00:00Z'): LabelRecord {
  const request = createLabelRequestSchema(() => ISSUED).parse({ ...validFixture('steel-hot-rolled-coil'), validUntil });
  return buildLabelRecord({ id, issuer: { id: 'org_0123456789ab', name: 'Acme Steel' }, request, issuedAt: ISSUED, defaultValidityDays: 365 });
}

async function issue(labelRecord = makeRecord(), s: LocalKeySigner = signer): Promise<string> {
  return signLabelToken(claimsFor(labelRecord, recordDigest(labelRecord)), s);
}

const found = (r: LabelRecord, extra: Partial<Extract<LabelStatusRecord, { found: true }>> = {}): LabelStatusSource => ({
  kind: 'live',
  maxAgeSeconds: 0,
  lookup: async () => ({ found: true, issuerId: r.issuer.id, recordDigest: recordDigest(r), ...extra }),
});

const keys = keyLookupFrom([record(signer)]);
const at = (iso: string) => new Date(iso);

describe('sign / verify round trip', () => {
  it('a freshly signed token verifies offline and online, with its headline claim', async () => {
    const r = makeRecord();
    const token = await issue(r);
    const offline = verifyOffline(token, { keys, now: at('2026-07-01T00:00:00Z') });
    expect(offline.status).toBe('valid');
    expect(offline.claim?.footprint.pcfExcludingBiogenicUptake).toBe('2010.4');
    expect(offline.claim?.recordDigest).toBe(recordDigest(r));
    const online = await verifyOnline(token, { keys, status: found(r), now: at('2026-07-01T00:00:00Z') });
    expect(online).toMatchObject({ status: 'valid', valid: true, labelId: r.id, kid: signer.kid, statusSource: { kind: 'live' } });
  });

  it('writes the exact header {alg, kid, typ} and low-S signatures', async () => {
    for (let i = 0; i < 20; i++) {
      const token = await issue();
      const [header, , sig] = token.split('.') as [string, string, string];
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'ES256', kid: signer.kid, typ: 'carbon-label+jwt' });
      const s = BigInt(`0x${Buffer.from(sig, 'base64url').subarray(32).toString('hex')}`);
      expect(s <= 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n / 2n).toBe(true);
    }
  });
});

describe('every verdict code is reachable', () => {
  const reached = new Set<VerdictStatus>();
  const expectStatus = (status: VerdictStatus, actual: { status: VerdictStatus; valid: boolean }) => {
    expect(actual.status).toBe(status);
    expect(actual.valid).toBe(status === 'valid');
    reached.add(status);
  };
  const now = at('2026-07-01T00:00:00Z');

  it('malformed', async () => {
    expectStatus('malformed', verifyOffline('not.a-token', { keys, now }));
    expectStatus('malformed', verifyOffline('', { keys, now }));
  });

  it('unknown_key', async () => {
    expectStatus('unknown_key', verifyOffline(await issue(makeRecord(), other), { keys, now }));
  });

  it('bad_signature: the payload altered after signing', async () => {
    const [h, p, s] = (await issue()).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    claims.pcf = '1.0';
    expectStatus('bad_signature', verifyOffline(`${h}.${base64url(JSON.stringify(claims))}.${s}`, { keys, now }));
  });

  it('key_compromised', async () => {
    const compromised = keyLookupFrom([record(signer, 'compromised')]);
    const verdict = verifyOffline(await issue(), { keys: compromised, now });
    expectStatus('key_compromised', verdict);
    expect(verdict.claim).toBeUndefined();
  });

  it('unknown_label', async () => {
    const notFound: LabelStatusSource = { kind: 'live', maxAgeSeconds: 0, lookup: async () => ({ found: false }) };
    expectStatus('unknown_label', await verifyOnline(await issue(), { keys, status: notFound, now }));
  });

  it('record_mismatch: stored record altered, or a different issuer', async () => {
    const r = makeRecord();
    const token = await issue(r);
    expectStatus('record_mismatch', await verifyOnline(token, { keys, status: found(r, { recordDigest: 'x'.repeat(43) }), now }));
    expectStatus('record_mismatch', await verifyOnline(token, { keys, status: found(r, { issuerId: 'org_zzzzzzzzzzzz' }), now }));
  });

  it('status_unavailable never claims validity', async () => {
    const down: LabelStatusSource = { kind: 'live', maxAgeSeconds: 0, lookup: async () => Promise.reject(new Error('ECONNREFUSED')) };
    expectStatus('status_unavailable', await verifyOnline(await issue(), { keys, status: down, now }));
  });

  it('revoked, with the revocation carried', async () => {
    const r = makeRecord();
    const revocation = { revokedAt: '2026-06-15T00:00:00.000Z', reason: 'wrong figure', supersededBy: 'zzzzzzzzzzzzzzzz' };
    const verdict = await verifyOnline(await issue(r), { keys, status: found(r, { revocation }), now });
    expectStatus('revoked', verdict);
    expect(verdict.revocation).toEqual(revocation);
  });

  it('expired and not_yet_valid, at the skew boundary', async () => {
    const r = makeRecord('abcdefghjkmnpqrs', '2026-08-01T00:00:00Z');
    const token = await issue(r);
    expectStatus('valid', verifyOffline(token, { keys, now: at('2026-08-01T00:00:59Z') }));
    expectStatus('expired', verifyOffline(token, { keys, now: at('2026-08-01T00:01:00Z') }));
    expectStatus('valid', verifyOffline(token, { keys, now: at('2026-05-31T23:59:00Z') }));
    expectStatus('not_yet_valid', verifyOffline(token, { keys, now: at('2026-05-31T23:58:59Z') }));
  });

  it('valid', async () => {
    expectStatus('valid', verifyOffline(await issue(), { keys, now }));
  });

  it('untrusted_scheme: a key that no pinned bundle lists', async () => {
    const { pinnedBundleFile } = await import('../../../support/sample-trust-bundle.ts');
    const { loadTrustBundle } = await import('../../../../shared/trust/trust-bundle.ts');
    const { verifyWithTrustBundles } = await import('../../../../shared/verification/verify-with-trust-bundle.ts');
    const bundle = loadTrustBundle(await pinnedBundleFile({ root: LocalKeySigner.generate(), labelKey: other }));
    expectStatus('untrusted_scheme', verifyWithTrustBundles([bundle], await issue(), now));
  });

  it('accreditation_withdrawn: the scheme withdrew the issuer', async () => {
    const { sampleTrustList } = await import('../../../support/sample-trust-list.ts');
    const r = makeRecord();
    const list = sampleTrustList(LocalKeySigner.generate(), signer);
    const trustList = { ...list, issuers: [{ ...list.issuers[0]!, status: 'withdrawn' as const }] };
    expectStatus('accreditation_withdrawn', await verifyOnline(await issue(r), { keys, status: found(r), now, trustList }));
  });

  it('reached them all', () => {
    expect([...reached].sort()).toEqual([...VERDICT_STATUSES].sort());
  });
});

describe('online, with the scheme trust list', () => {
  it('names the scheme and issuer; a withdrawn accreditation wins over revocation; suspension warns', async () => {
    const { sampleTrustList } = await import('../../../support/sample-trust-list.ts');
    const r = makeRecord();
    const token = await issue(r);
    const now = at('2026-07-01T00:00:00Z');
    const base = sampleTrustList(LocalKeySigner.generate(), signer);
    const issuer = (status: 'active' | 'suspended' | 'withdrawn') => ({ ...base, issuers: [{ ...base.issuers[0]!, status }] });
    const ok = await verifyOnline(token, { keys, status: found(r), now, trustList: issuer('active') });
    expect(ok).toMatchObject({ status: 'valid', scheme: { id: 'cn-pcf.example' }, issuer: { id: 'org_0123456789ab', name: 'Acme Steel' } });
    const suspended = await verifyOnline(token, { keys, status: found(r), now, trustList: issuer('suspended') });
    expect(suspended.status).toBe('valid');
    expect(suspended.warnings?.[0]?.code).toBe('issuer_suspended');
    const revocation = { revokedAt: '2026-06-15T00:00:00Z', reason: 'typo' };
    const withdrawn = await verifyOnline(token, { keys, status: found(r, { revocation }), now, trustList: issuer('withdrawn') });
    expect(withdrawn).toMatchObject({ status: 'accreditation_withdrawn', valid: false, claim: { labelId: r.id }, issuer: { status: 'withdrawn' } });
    const without = await verifyOnline(token, { keys, status: found(r), now });
    expect(without.scheme).toBeUndefined();
  });

  it('a trust list that could not be read makes a genuine label status_unavailable, a forged one still bad', async () => {
    const r = makeRecord();
    const token = await issue(r);
    const now = at('2026-07-01T00:00:00Z');
    const v = await verifyOnline(token, { keys, status: found(r), now, trustList: 'unavailable' });
    expect(v).toMatchObject({ status: 'status_unavailable', valid: false, labelId: r.id });
    // One signature character changed in the middle (no trailing-bit rule there): a forgery.
    const at10 = token.length - 10;
    const forged = `${token.slice(0, at10)}${token[at10] === 'A' ? 'B' : 'A'}${token.slice(at10 + 1)}`;
    expect((await verifyOnline(forged, { keys, status: found(r), now, trustList: 'unavailable' })).status).toBe('bad_signature');
  });
});
