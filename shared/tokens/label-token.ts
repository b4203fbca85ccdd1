/**
 * Label tokens: the signed label a QR code carries. A thin user of the JWS core
 * (`shared/jws/compact-jws.ts`): this file names the type, its size limit and its claims parser,
 * and nothing else; every strict rule lives in the core.
 */
import { verifyCompactJws, signCompactJws, type JwsType, type JwsVerification } from '../jws/compact-jws.ts';
import type { KeyLookup } from '../keys/signing-key.ts';
import { LABEL_TOKEN_TYPE, parseLabelClaims, type LabelClaims } from '../label/claims.ts';
import { LABEL_TOKEN_MAX_LENGTH } from '../label/limits.ts';
import type { Signer } from '../signing/signer.ts';

/**
 * Longest token we look at (named in `shared/label/limits.ts`). Issuance never signs a longer one,
 * nor one whose full QR code would not fit, which bounds real tokens well below it.
 */
export const MAX_TOKEN_LENGTH = LABEL_TOKEN_MAX_LENGTH;

/** The label token type for the JWS core. */
export const LABEL_TOKEN: JwsType<LabelClaims> = {
  typ: LABEL_TOKEN_TYPE,
  name: 'label token',
  maxLength: MAX_TOKEN_LENGTH,
  parsePayload: parseLabelClaims,
};

/** Signs claims into a label token (low-S, header `{alg, kid, typ}`). */
export function signLabelToken(claims: LabelClaims, signer: Signer): Promise<string> {
  return signCompactJws(signer, LABEL_TOKEN, claims);
}

/** Checks everything a signature can prove about a label token; time and revocation are judged elsewhere. */
export function verifyLabelTokenSignature(token: unknown, keys: KeyLookup): JwsVerification<LabelClaims> {
  return verifyCompactJws(token, LABEL_TOKEN, keys);
}
