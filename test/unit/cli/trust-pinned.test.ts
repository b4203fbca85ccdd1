/** The pieces of pinned pulls that need no network: the kept chain, pins and the root document. */
import { describe, expect, it } from 'vitest';
import { compactChain, parsePin, RootDocumentSchema } from '../../../cli/commands/trust-pinned.ts';
import { LocalKeySigner } from '../../../local/keys/local-key-signer.ts';
import { followTrustListChain } from '../../../shared/trust-list/pinned-trust-list.ts';
import { signTrustList } from '../../../shared/tokens/trust-list-token.ts';
import { sampleTrustList } from '../../support/sample-trust-list.ts';

const a = LocalKeySigner.generate();
const b = LocalKeySigner.generate();
const key = LocalKeySigner.generate();

describe('compactChain', () => {
  it('keeps one list per root, the last of each, and the chain still follows from the pin', async () => {
    const announce = { nextRoot: { kid: b.kid, jwk: { ...b.publicJwk } } };
    const l1 = (await signTrustList(sampleTrustList(a, key, { seq: 1 }), a)).jws;
    const l2 = (await signTrustList(sampleTrustList(a, key, { seq: 2, ...announce }), a)).jws;
    const l3 = (await signTrustList(sampleTrustList(b, key, { seq: 3 }), b)).jws;
    const l4 = (await signTrustList(sampleTrustList(b, key, { seq: 4 }), b)).jws;
    expect(compactChain([l1])).toEqual([l1]);
    expect(compactChain([l1, l2])).toEqual([l2]);
    const kept = compactChain([l2, l3, l4]);
    expect(kept).toEqual([l2, l4]);
    expect(followTrustListChain(kept, { pin: a.kid }).seq).toBe(4);
  });
});

describe('pins and the root document', () => {
  it('a pin is a 43-character base64url thumbprint', () => {
    expect(parsePin(` ${a.kid} `)).toBe(a.kid);
    expect(() => parsePin('abc')).toThrow(/43 base64url/);
  });

  it('a root document whose thumbprint is not its key is refused; extra JWK members are dropped', () => {
    const scheme = { id: 'cn-pcf.example', name: 'Example' };
    expect(RootDocumentSchema.parse({ scheme, jwk: { ...a.publicJwk, kid: a.kid, use: 'sig' }, thumbprint: a.kid }).jwk).toEqual(a.publicJwk);
    expect(RootDocumentSchema.safeParse({ scheme, jwk: a.publicJwk, thumbprint: b.kid }).success).toBe(false);
  });
});
