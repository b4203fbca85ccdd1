/** Pinned trust lists: only the pinned root (or a root it announced) signs; no rollback; no forgery. */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { signLabelToken } from '../../../../shared/tokens/label-token.ts';
import { signTrustList } from '../../../../shared/tokens/trust-list-token.ts';
import { TrustListError, acceptTrustList, followTrustListChain, type TrustListRefusal } from '../../../../shared/trust-list/pinned-trust-list.ts';
import type { TrustList } from '../../../../shared/trust-list/trust-list.ts';
import { sampleClaims } from '../../../support/sample-claims.ts';
import { sampleTrustList } from '../../../support/sample-trust-list.ts';

const rootA = LocalKeySigner.generate();
const rootB = LocalKeySigner.generate();
const lookalike = LocalKeySigner.generate();
const labelKey = LocalKeySigner.generate();
const listBy = async (root: LocalKeySigner, overrides: Partial<TrustList> = {}) => (await signTrustList(sampleTrustList(root, labelKey, overrides), root)).jws;

function refusal(fn: () => unknown): TrustListRefusal | 'accepted' {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    if (error instanceof TrustListError) return error.refusal;
    throw error;
  }
}

describe('acceptTrustList', () => {
  it('accepts a list signed by the pinned root', async () => {
    const list = acceptTrustList(await listBy(rootA), { pin: rootA.kid });
    expect(list.root.kid).toBe(rootA.kid);
    expect(list.scheme.id).toBe('cn-pcf.example');
  });

  it('refuses a look-alike root, even one that copies the scheme name and id', async () => {
    expect(refusal(() => acceptTrustList(lookalikeList, { pin: rootA.kid }))).toBe('not_pinned_root');
  });

  it('refuses a list that names the pinned kid but carries another key', async () => {
    // Header kid = the pin, payload root = the pin's kid with the look-alike's JWK, signed by the look-alike.
    const forged = (await signTrustList(sampleTrustList(lookalike, labelKey), lookalike)).jws;
    const [, p] = forged.split('.') as [string, string, string];
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: rootA.kid, typ: 'carbon-label-trustlist+jwt' })).toString('base64url');
    const input = `${header}.${p}`;
    const sig = Buffer.from(lookalike.signSync(Buffer.from(input))).toString('base64url');
    expect(refusal(() => acceptTrustList(`${input}.${sig}`, { pin: rootA.kid }))).toBe('not_pinned_root');
  });

  it('refuses an edited list (bad_signature)', async () => {
    const jws = await listBy(rootA);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as TrustList;
    const edited = Buffer.from(JSON.stringify({ ...payload, issuers: [{ ...payload.issuers[0]!, name: 'Ministry of Ecology (official)' }] })).toString(
      'base64url',
    );
    expect(refusal(() => acceptTrustList(`${h}.${edited}.${s}`, { pin: rootA.kid }))).toBe('bad_signature');
  });

  it('refuses a lower seq than the one held (rollback), accepts the same or higher', async () => {
    const held = acceptTrustList(await listBy(rootA, { seq: 9 }), { pin: rootA.kid });
    expect(refusal(() => acceptTrustList(older, { pin: rootA.kid, held }))).toBe('rollback');
    expect(acceptTrustList(await listBy(rootA, { seq: 9 }), { pin: rootA.kid, held }).seq).toBe(9);
    expect(acceptTrustList(await listBy(rootA, { seq: 10 }), { pin: rootA.kid, held }).seq).toBe(10);
  });

  it('refuses another scheme under the same root once one is held', async () => {
    const held = acceptTrustList(await listBy(rootA), { pin: rootA.kid });
    const other = await listBy(rootA, { scheme: { id: 'other.example', name: 'Other' }, seq: 8 });
    expect(refusal(() => acceptTrustList(other, { pin: rootA.kid, held }))).toBe('scheme_mismatch');
  });

  it('refuses a label token presented as a trust list (wrong_type)', async () => {
    const token = await signLabelToken(sampleClaims('aaaaaaaaaaaaaaaa'), rootA);
    expect(refusal(() => acceptTrustList(token, { pin: rootA.kid }))).toBe('wrong_type');
  });
});

describe('root rotation: the new root is announced in a list signed by the old one', () => {
  it('a verifier pinned to the old root follows the chain, and only the chain', async () => {
    const announcing = await listBy(rootA, { seq: 10, nextRoot: { kid: rootB.kid, jwk: { ...rootB.publicJwk } } });
    const byNewRoot = await listBy(rootB, { seq: 11 });
    // Without the announcement, the new root is a stranger to a verifier pinned to the old one.
    expect(refusal(() => acceptTrustList(byNewRoot, { pin: rootA.kid }))).toBe('not_pinned_root');
    const followed = followTrustListChain([announcing, byNewRoot], { pin: rootA.kid });
    expect(followed.root.kid).toBe(rootB.kid);
    // Once moved on, the old root signs nothing this verifier accepts.
    expect(refusal(() => acceptTrustList(afterRotationByOldRoot, { pin: rootA.kid, held: followed }))).toBe('not_pinned_root');
  });
});

let lookalikeList: string;
let older: string;
let afterRotationByOldRoot: string;
await (async () => {
  lookalikeList = await listBy(lookalike);
  older = await listBy(rootA, { seq: 8 });
  afterRotationByOldRoot = await listBy(rootA, { seq: 12 });
})();
