/**
 * Trust lists as compact JWS, signed by the scheme root: a thin user of the JWS core
 * (`shared/jws/compact-jws.ts`). Pinning and root rotation are judged in
 * `shared/trust-list/pinned-trust-list.ts`.
 */
import { createHash } from 'node:crypto';
import { signSigningInput, signingInputFor, verifyCompactJws, type JwsType, type JwsVerification } from '../jws/compact-jws.ts';
import type { KeyLookup } from '../keys/signing-key.ts';
import type { Signer } from '../signing/signer.ts';
import { TRUST_LIST_TYPE, TrustListPayloadSchema, type TrustList } from '../trust-list/trust-list.ts';
import { zodPayload } from './zod-payload.ts';

/** Longest trust list looked at (100,000 issuers with one accreditation each stay well under it). */
export const MAX_TRUST_LIST_LENGTH = 64 * 1024 * 1024;

/** The trust list type for the JWS core. */
export const TRUST_LIST_TOKEN: JwsType<TrustList> = {
  typ: TRUST_LIST_TYPE,
  name: 'trust list',
  maxLength: MAX_TRUST_LIST_LENGTH,
  parsePayload: zodPayload(TrustListPayloadSchema),
};

/** A signed trust list and its strong entity tag (the hash of its signing input). */
export interface SignedTrustList {
  readonly jws: string;
  readonly etag: string;
  readonly list: TrustList;
}

/** Signs a trust list with the scheme root. */
export async function signTrustList(list: TrustList, root: Signer): Promise<SignedTrustList> {
  if (root.kid !== list.root.kid) throw new RangeError('a trust list is signed by the root it names');
  const signingInput = signingInputFor(root, TRUST_LIST_TOKEN, list);
  return { jws: await signSigningInput(root, signingInput), etag: `"${createHash('sha256').update(signingInput).digest('base64url')}"`, list };
}

/** Verifies a trust list's signature against root keys; pinning is the caller's (see pinned-trust-list.ts). */
export function verifyTrustListSignature(jws: unknown, roots: KeyLookup): JwsVerification<TrustList> {
  return verifyCompactJws(jws, TRUST_LIST_TOKEN, roots);
}
