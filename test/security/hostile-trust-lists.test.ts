/**
 * Hostile trust lists, through the pinned acceptance (`acceptTrustList`), the bundle loader
 * (`loadTrustBundle`, v2) and offline verification: a list signed by another root, a replayed one
 * with a lower seq, an edited one, a label token presented as a trust list and the reverse, and the
 * whole generic JWS corpus. None is ever accepted; each is refused for the reason it deserves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import { signRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { MAX_TRUST_LIST_LENGTH, signTrustList } from '../../shared/tokens/trust-list-token.ts';
import { loadTrustBundle, TrustBundleError } from '../../shared/trust/trust-bundle.ts';
import { acceptTrustList, followTrustListChain, TrustListError, type TrustListRefusal } from '../../shared/trust-list/pinned-trust-list.ts';
import { TRUST_LIST_TYPE } from '../../shared/trust-list/trust-list.ts';
import { verifyWithTrustBundles } from '../../shared/verification/verify-with-trust-bundle.ts';
import { sampleClaims } from '../support/sample-claims.ts';
import { pinnedBundleFile, SAMPLE_ACCREDITATION_ID, sampleAccreditedList } from '../support/sample-trust-bundle.ts';
import { buildJwsCorpus } from './attack-corpus.ts';

const root = LocalKeySigner.generate();
const otherRoot = LocalKeySigner.generate();
const labelKey = LocalKeySigner.generate();
const at = new Date('2026-12-01T00:30:00Z');

const listJws = async (seq: number, signer = root, key = labelKey) => (await signTrustList(sampleAccreditedList(signer, key, { seq }), signer)).jws;

/** The refusal `acceptTrustList` gives, or `accepted`. */
function refusal(jws: string, options: Parameters<typeof acceptTrustList>[1]): TrustListRefusal | 'accepted' {
  try {
    acceptTrustList(jws, options);
    return 'accepted';
  } catch (error) {
    if (error instanceof TrustListError) return error.refusal;
    throw error;
  }
}

/** Replaces one string in a JWS payload, keeping header and signature. */
function edit(jws: string, from: string, to: string): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = Buffer.from(p, 'base64url').toString('utf8');
  expect(payload).toContain(from);
  return `${h}.${Buffer.from(payload.replace(from, to)).toString('base64url')}.${s}`;
}

let listJws5: string;
let listJws4: string;
beforeAll(async () => {
  listJws5 = await listJws(5);
  listJws4 = await listJws(4);
});

describe('pinned acceptance refuses hostile trust lists', () => {
  it('the control: a genuine list signed by the pinned root is accepted', async () => {
    expect(refusal(await listJws(5), { pin: root.kid })).toBe('accepted');
  });

  it('signed by another root (a look-alike deployment, the same scheme names)', async () => {
    expect(refusal(await listJws(5, otherRoot), { pin: root.kid })).toBe('not_pinned_root');
  });

  it('the right kid in the header but another root key inside (its thumbprint is not the pin)', async () => {
    const forged = await listJws(5, otherRoot);
    const [, p, s] = forged.split('.') as [string, string, string];
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: root.kid, typ: TRUST_LIST_TYPE })).toString('base64url');
    expect(refusal(`${header}.${p}.${s}`, { pin: root.kid })).toBe('not_pinned_root');
  });

  it('a replayed list with a lower seq than the one held (rollback), also inside a chain', async () => {
    const held = acceptTrustList(await listJws(5), { pin: root.kid });
    expect(refusal(await listJws(4), { pin: root.kid, held })).toBe('rollback');
    expect(() => followTrustListChain([listJws5, listJws4], { pin: root.kid })).toThrow(/seq 4, lower than the 5/);
  });

  it('an edited list (an issuer renamed, an accreditation reinstated, a key added) fails its signature', async () => {
    const genuine = await listJws(5);
    expect(refusal(edit(genuine, 'Acme Steel', 'Acme Steal'), { pin: root.kid })).toBe('bad_signature');
    expect(refusal(edit(genuine, '"status":"active"', '"status":"suspended"'), { pin: root.kid })).toBe('bad_signature');
    expect(refusal(edit(genuine, '"seq":5', '"seq":6'), { pin: root.kid })).toBe('bad_signature');
  });

  it('a label token presented as a trust list is wrong_type, even when signed by the pinned key', async () => {
    const label = await signLabelToken(sampleClaims('aaaaaaaaaaaaaaaa'), root);
    expect(refusal(label, { pin: root.kid })).toBe('wrong_type');
    const revocations = await signRevocationList(
      { issuer: 'https://labels.example', issuedAt: '2026-12-01T00:00:00Z', nextUpdate: '2026-12-01T01:00:00Z', entries: [] },
      root,
    );
    expect(refusal(revocations.jws, { pin: root.kid })).toBe('wrong_type');
  });

  it('every generic JWS attack on a trust list is refused, never accepted', async () => {
    const genuine = await listJws(5);
    const corpus = buildJwsCorpus({ typ: TRUST_LIST_TYPE, maxLength: MAX_TRUST_LIST_LENGTH, signer: root, genuine, compromised: LocalKeySigner.generate() });
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    const accepted = corpus.filter((a) => refusal(a.token, { pin: root.kid }) === 'accepted');
    expect(accepted.map((a) => a.name)).toEqual([]);
  });
});

describe('the bundle loader and offline verification refuse them too', () => {
  it('a bundle whose list is not from its pin, replayed in its chain, edited, or a label token', async () => {
    const file = await pinnedBundleFile({ root, labelKey });
    const refused = (trustLists: string[]) => () => loadTrustBundle({ ...file, trustLists });
    expect(refused([await listJws(5, otherRoot)])).toThrow(TrustBundleError);
    expect(refused([await listJws(5, otherRoot)])).toThrow(/not_pinned_root/);
    expect(refused([listJws5, listJws4])).toThrow(/rollback/);
    expect(refused([edit(listJws5, 'CNAS', 'CNAZ')])).toThrow(/bad_signature/);
    expect(refused([await signLabelToken(sampleClaims('aaaaaaaaaaaaaaaa'), root)])).toThrow(/wrong_type/);
    expect(refused([])).toThrow(TrustBundleError);
  });

  it('a bundle whose revocation list is signed by a key the trust list does not name is refused', async () => {
    const file = await pinnedBundleFile({ root, labelKey });
    const foreign = await signRevocationList(
      { issuer: 'https://labels.example', issuedAt: '2026-12-01T00:00:00Z', nextUpdate: '2026-12-01T01:00:00Z', entries: [] },
      LocalKeySigner.generate(),
    );
    expect(() => loadTrustBundle({ ...file, revocations: foreign.jws })).toThrow(TrustBundleError);
    // Nor is the trust list itself a revocation list.
    expect(() => loadTrustBundle({ ...file, revocations: listJws5 })).toThrow(TrustBundleError);
  });

  it('a trust list presented as a label is malformed; a label signed by the root is not trusted', async () => {
    const bundle = loadTrustBundle(await pinnedBundleFile({ root, labelKey }));
    expect(verifyWithTrustBundles([bundle], listJws5, at).status).toBe('malformed');
    // The root signs only trust lists; a label it signed names no listed label key.
    const byRoot = await signLabelToken(sampleClaims('aaaaaaaaaaaaaaaa', { acc: SAMPLE_ACCREDITATION_ID }), root);
    expect(verifyWithTrustBundles([bundle], byRoot, at).status).toBe('untrusted_scheme');
  });
});
