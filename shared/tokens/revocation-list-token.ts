/**
 * Revocation lists as compact JWS with their own `typ`: a thin user of the JWS core
 * (`shared/jws/compact-jws.ts`).
 */
import { createHash } from 'node:crypto';
import { signSigningInput, signingInputFor, verifyCompactJwsOrThrow, type JwsType } from '../jws/compact-jws.ts';
import type { KeyLookup } from '../keys/signing-key.ts';
import type { Signer } from '../signing/signer.ts';
import {
  REVOCATION_LIST_TYPE,
  RevocationListPayloadSchema,
  decodeRevocationList,
  encodeRevocationList,
  type RevocationList,
} from '../revocation/revocation-list.ts';
import { zodPayload } from './zod-payload.ts';

/** Longest list we look at (a 100,000-entry list is about 3.4 MB). */
export const MAX_REVOCATION_LIST_LENGTH = 64 * 1024 * 1024;

/** The revocation list type for the JWS core. */
export const REVOCATION_LIST_TOKEN: JwsType<RevocationList> = {
  typ: REVOCATION_LIST_TYPE,
  name: 'revocation list',
  maxLength: MAX_REVOCATION_LIST_LENGTH,
  parsePayload: zodPayload(RevocationListPayloadSchema, decodeRevocationList),
};

/** A signed list and its strong entity tag. */
export interface SignedRevocationList {
  /** The compact JWS. */
  readonly jws: string;
  /**
   * Quoted strong ETag: SHA-256 of the signing input (header and payload). ECDSA signatures are
   * randomised, so the tag names the signed content, not the signature bytes.
   */
  readonly etag: string;
  readonly kid: string;
  readonly list: RevocationList;
}

/** The signing input of `list` for `signer` and its ETag; deterministic, no signing yet. */
export function revocationListSigningInput(list: RevocationList, signer: Pick<Signer, 'alg' | 'kid'>): { signingInput: string; etag: string } {
  const signingInput = signingInputFor(signer, REVOCATION_LIST_TOKEN, encodeRevocationList(list));
  return { signingInput, etag: `"${createHash('sha256').update(signingInput).digest('base64url')}"` };
}

/** Signs a revocation list. */
export async function signRevocationList(list: RevocationList, signer: Signer): Promise<SignedRevocationList> {
  const { signingInput, etag } = revocationListSigningInput(list, signer);
  return { jws: await signSigningInput(signer, signingInput), etag, kid: signer.kid, list };
}

/**
 * Verifies a revocation list JWS against `keys` and validates its payload.
 * @throws {JwsRejectedError} when the signature, key, type or payload is not acceptable.
 */
export function verifyRevocationList(jws: string, keys: KeyLookup): RevocationList & { readonly kid: string } {
  const { payload, key } = verifyCompactJwsOrThrow(jws, REVOCATION_LIST_TOKEN, keys);
  return { ...payload, kid: key.kid };
}
