/** Signing and verifying revocation lists as compact JWS with their own `typ`. */
import { createHash } from 'node:crypto';
import type { KeyLookup } from '../keys/signing-key.ts';
import type { Signer } from '../signing/signer.ts';
import { JwsRejectedError, signCompactJws, signingInputFor, verifyCompactJws } from './compact-jws.ts';
import {
  REVOCATION_LIST_TYPE,
  RevocationListPayloadSchema,
  decodeRevocationList,
  encodeRevocationList,
  type RevocationList,
} from './revocation-list.ts';

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
  const signingInput = signingInputFor(signer, REVOCATION_LIST_TYPE, encodeRevocationList(list));
  return { signingInput, etag: `"${createHash('sha256').update(signingInput).digest('base64url')}"` };
}

/** Signs a revocation list. */
export async function signRevocationList(list: RevocationList, signer: Signer): Promise<SignedRevocationList> {
  const { signingInput, etag } = revocationListSigningInput(list, signer);
  return { jws: await signCompactJws(signer, signingInput), etag, kid: signer.kid, list };
}

/**
 * Verifies a revocation list JWS against `keys` and validates its payload.
 * @throws {JwsRejectedError} when the signature, key, type or payload is not acceptable.
 */
export function verifyRevocationList(jws: string, keys: KeyLookup): RevocationList & { readonly kid: string } {
  const { payload, key } = verifyCompactJws(jws, REVOCATION_LIST_TYPE, keys);
  const parsed = RevocationListPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new JwsRejectedError('malformed', `the revocation list payload is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return { ...decodeRevocationList(parsed.data), kid: key.kid };
}
