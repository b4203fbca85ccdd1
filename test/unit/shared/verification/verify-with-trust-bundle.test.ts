/** Trust bundles and offline verification: keys and statuses from the JWKS, revocations from the signed list. */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { toJwks } from '../../../../shared/keys/jwks.ts';
import type { SigningKeyRecord } from '../../../../shared/keys/signing-key.ts';
import { localKeyRecord } from '../../../../local/keys/local-signing-key.ts';
import { sampleClaims } from '../../../support/sample-claims.ts';
import { signLabelToken } from '../../../../shared/tokens/label-token.ts';
import type { RevocationEntry } from '../../../../shared/revocation/revocation-list.ts';
import { signRevocationList } from '../../../../shared/tokens/revocation-list-token.ts';
import { bundleFreshness } from '../../../../shared/trust/bundle-freshness.ts';
import { bundleRevocations, successorChain } from '../../../../shared/trust/successor-chain.ts';
import { verifyWithTrustBundle, verifyWithTrustBundles } from '../../../../shared/verification/verify-with-trust-bundle.ts';
import { signTrustList } from '../../../../shared/tokens/trust-list-token.ts';
import { pinnedBundleFile, SAMPLE_ACCREDITATION_ID, sampleAccreditedList } from '../../../support/sample-trust-bundle.ts';
import { TrustBundleError, createTrustBundleFile, loadTrustBundle } from '../../../../shared/trust/trust-bundle.ts';

const now = new Date('2026-11-29T03:00:00Z');
const oldKey = LocalKeySigner.generate();
const newKey = LocalKeySigner.generate();
const record = (s: LocalKeySigner, status: SigningKeyRecord['status']): SigningKeyRecord => ({
  ...localKeyRecord(s, '2026-01-01T00:00:00.000Z'),
  status,
});
const claims = (sub: string, exp = '2027-06-01T00:00:00Z') => sampleClaims(sub, { exp: Date.parse(exp) / 1000 });
const revocations: RevocationEntry[] = [
  { labelId: 'aaaaaaaaaaaaaaaa', revokedAt: '2026-10-01T00:00:00Z', reason: 'Recalculated', supersededBy: 'bbbbbbbbbbbbbbbb' },
  { labelId: 'bbbbbbbbbbbbbbbb', revokedAt: '2026-10-02T00:00:00Z', reason: 'Recalculated again', supersededBy: 'cccccccccccccccc' },
  { labelId: 'eeeeeeeeeeeeeeee', revokedAt: '2026-10-03T00:00:00Z', reason: 'Expired anyway' },
];

async function bundleFile(
  keyStatuses: [LocalKeySigner, SigningKeyRecord['status']][] = [
    [oldKey, 'retired'],
    [newKey, 'active'],
  ],
) {
  const list = await signRevocationList(
    { issuer: 'https://labels.example', issuedAt: '2026-11-29T02:55:00Z', nextUpdate: '2026-11-29T03:00:00Z', entries: revocations },
    newKey,
  );
  return createTrustBundleFile({
    source: 'https://labels.example',
    fetchedAt: new Date('2026-11-29T02:58:00Z'),
    jwks: JSON.parse(JSON.stringify(toJwks(keyStatuses.map(([s, st]) => record(s, st))))),
    revocations: list.jws,
  });
}

describe('offline verification with a trust bundle', () => {
  it('valid, revoked with successor chain, key_compromised, unknown_key, expired-and-revoked', async () => {
    const bundle = loadTrustBundle(JSON.parse(JSON.stringify(await bundleFile())));
    const valid = verifyWithTrustBundle(bundle, await signLabelToken(claims('cccccccccccccccc'), oldKey), now);
    expect(valid).toMatchObject({ status: 'valid', valid: true, statusSource: { kind: 'offline', asOf: '2026-11-29T02:55:00.000Z' } });

    const revoked = verifyWithTrustBundle(bundle, `https://labels.example/v/${await signLabelToken(claims('aaaaaaaaaaaaaaaa'), newKey)}`, now);
    expect(revoked).toMatchObject({ status: 'revoked', valid: false, revocation: { reason: 'Recalculated', supersededBy: 'bbbbbbbbbbbbbbbb' } });
    expect(await successorChain('aaaaaaaaaaaaaaaa', revoked.revocation, bundleRevocations(bundle))).toEqual([
      { labelId: 'bbbbbbbbbbbbbbbb', revocation: { revokedAt: '2026-10-02T00:00:00.000Z', reason: 'Recalculated again', supersededBy: 'cccccccccccccccc' } },
      { labelId: 'cccccccccccccccc' },
    ]);

    const expiredRevoked = verifyWithTrustBundle(bundle, await signLabelToken(claims('eeeeeeeeeeeeeeee', '2026-11-01T00:00:00Z'), newKey), now);
    expect(expiredRevoked.status).toBe('revoked');

    const stranger = verifyWithTrustBundle(bundle, await signLabelToken(claims('cccccccccccccccc'), LocalKeySigner.generate()), now);
    expect(stranger).toMatchObject({ status: 'unknown_key', statusSource: { kind: 'none' } });
    expect(stranger.claim).toBeUndefined();

    const compromisedBundle = loadTrustBundle(
      await bundleFile([
        [oldKey, 'compromised'],
        [newKey, 'active'],
      ]),
    );
    expect(verifyWithTrustBundle(compromisedBundle, await signLabelToken(claims('cccccccccccccccc'), oldKey), now).status).toBe('key_compromised');
    expect(verifyWithTrustBundle(compromisedBundle, await signLabelToken(claims('cccccccccccccccc'), newKey), now).status).toBe('valid');
  });

  it('states the bundle age and warns past the maximum', async () => {
    const bundle = loadTrustBundle(await bundleFile());
    const fresh = bundleFreshness(bundle, now, 24 * 3600);
    expect(fresh).toMatchObject({ ageSeconds: 300, stale: false, listIssuedAt: '2026-11-29T02:55:00.000Z', fetchedAt: '2026-11-29T02:58:00.000Z' });
    expect(fresh.warning).toBeUndefined();
    const later = bundleFreshness(bundle, new Date('2026-12-01T03:00:00Z'), 24 * 3600);
    expect(later.stale).toBe(true);
    expect(later.warning).toContain('2 days 0 h old');
  });

  it('refuses a bundle that is not one, a JWKS whose kid is not the thumbprint, and a list signed by a compromised key', async () => {
    const file = await bundleFile();
    expect(() => loadTrustBundle({ ...file, format: 'something' })).toThrow(TrustBundleError);
    expect(() => loadTrustBundle({ ...file, fetchedAt: 'yesterday' })).toThrow(TrustBundleError);
    const swapped = structuredClone(file);
    swapped.jwks.keys[0] = { ...swapped.jwks.keys[0]!, kid: swapped.jwks.keys[1]!.kid };
    expect(() => loadTrustBundle(swapped)).toThrow(/thumbprint|duplicate/);
    await expect(
      bundleFile([
        [oldKey, 'retired'],
        [newKey, 'compromised'],
      ]),
    ).rejects.toThrow(/compromised/);
    expect(() => loadTrustBundle({ ...file, jwks: { keys: [file.jwks.keys[0]] } })).toThrow(/not in the key set/);
  });
});

describe('pinned (v2) bundles and federation', () => {
  const rootA = LocalKeySigner.generate();
  const keyA = LocalKeySigner.generate();
  const rootB = LocalKeySigner.generate();
  const keyB = LocalKeySigner.generate();
  const at = new Date('2026-12-01T00:30:00Z');
  const accredited = (sub: string) => sampleClaims(sub, { hsc: '720851', acc: SAMPLE_ACCREDITATION_ID });

  it('a v2 bundle names its scheme and the issuer accreditation; keys come from the trust list', async () => {
    const bundle = loadTrustBundle(JSON.parse(JSON.stringify(await pinnedBundleFile({ root: rootA, labelKey: keyA }))));
    expect(bundle).toMatchObject({ version: 2, pin: rootA.kid, scheme: { id: 'cn-pcf.example', rootThumbprint: rootA.kid } });
    const v = verifyWithTrustBundle(bundle, await signLabelToken(accredited('cccccccccccccccc'), keyA), at);
    expect(v).toMatchObject({
      status: 'valid',
      scheme: { id: 'cn-pcf.example', name: 'Example product carbon footprint scheme', rootThumbprint: rootA.kid },
      issuer: { id: 'org_0123456789ab', accreditation: { id: SAMPLE_ACCREDITATION_ID, scope: { productCategory: '7208' }, accreditedBy: 'CNAS' } },
    });
  });

  it('federation: each label valid under its own scheme; a key in none of them is untrusted_scheme, never valid', async () => {
    const a = loadTrustBundle(await pinnedBundleFile({ root: rootA, labelKey: keyA }));
    const list = sampleAccreditedList(rootB, keyB, { scheme: { id: 'other.example', name: 'Other scheme' } });
    const b = loadTrustBundle(await pinnedBundleFile({ root: rootB, labelKey: keyB, list, source: 'https://other.example' }));
    const labelA = await signLabelToken(accredited('aaaaaaaaaaaaaaaa'), keyA);
    const labelB = await signLabelToken(accredited('bbbbbbbbbbbbbbbb'), keyB);
    expect(verifyWithTrustBundles([a, b], labelA, at)).toMatchObject({ status: 'valid', scheme: { id: 'cn-pcf.example' } });
    expect(verifyWithTrustBundles([a, b], labelB, at)).toMatchObject({ status: 'valid', scheme: { id: 'other.example', rootThumbprint: rootB.kid } });
    const lookAlike = verifyWithTrustBundles([a], labelB, at);
    expect(lookAlike).toMatchObject({ status: 'untrusted_scheme', valid: false, kid: keyB.kid });
    expect(lookAlike.claim).toBeUndefined();
    expect(verifyWithTrustBundles([a, b], 'not.a-token', at).status).toBe('malformed');
  });

  it('a withdrawn accreditation or issuer in the pulled list → accreditation_withdrawn; suspension → a warning', async () => {
    const base = sampleAccreditedList(rootA, keyA);
    const issuer = base.issuers[0]!;
    const withdrawnList = { ...base, issuers: [{ ...issuer, accreditations: [{ ...issuer.accreditations[0]!, status: 'withdrawn' as const }] }] };
    const withdrawn = loadTrustBundle(await pinnedBundleFile({ root: rootA, labelKey: keyA, list: withdrawnList }));
    const label = await signLabelToken(accredited('cccccccccccccccc'), keyA);
    expect(verifyWithTrustBundle(withdrawn, label, at)).toMatchObject({
      status: 'accreditation_withdrawn',
      valid: false,
      claim: { labelId: 'cccccccccccccccc' },
    });
    const suspended = loadTrustBundle(
      await pinnedBundleFile({ root: rootA, labelKey: keyA, list: { ...base, issuers: [{ ...issuer, status: 'suspended' }] } }),
    );
    const v = verifyWithTrustBundle(suspended, label, at);
    expect(v.status).toBe('valid');
    expect(v.warnings?.map((w) => w.code)).toEqual(['issuer_suspended']);
  });

  it('a root rotation: the chain from the pinned root loads; the new list alone does not', async () => {
    const rootNext = LocalKeySigner.generate();
    const first = await signTrustList(sampleAccreditedList(rootA, keyA, { seq: 1, nextRoot: { kid: rootNext.kid, jwk: { ...rootNext.publicJwk } } }), rootA);
    const second = await signTrustList(sampleAccreditedList(rootNext, keyA, { seq: 2 }), rootNext);
    const file = await pinnedBundleFile({ root: rootA, labelKey: keyA });
    expect(loadTrustBundle({ ...file, trustLists: [first.jws, second.jws] }).scheme?.rootThumbprint).toBe(rootNext.kid);
    expect(() => loadTrustBundle({ ...file, trustLists: [second.jws] })).toThrow(/not_pinned_root/);
  });

  it('v1 bundles still load: no scheme in verdicts, an unknown key stays unknown_key', async () => {
    const legacy = loadTrustBundle(await bundleFile());
    expect(legacy.version).toBe(1);
    const v = verifyWithTrustBundle(legacy, await signLabelToken(claims('cccccccccccccccc'), newKey), now);
    expect(v.status).toBe('valid');
    expect(v.scheme).toBeUndefined();
  });
});
