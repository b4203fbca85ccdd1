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
import { verifyWithTrustBundle } from '../../../../shared/verification/verify-with-trust-bundle.ts';
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
