/**
 * Compact JWS (RFC 7515) serialisation of label tokens. Header and payload are written as
 * `JSON.stringify` writes them, and verification accepts only that exact form, so a token has a
 * single byte representation: no duplicate members, no whitespace games.
 */
import { LABEL_TOKEN_TYPE, type LabelClaims } from '../label/claims.ts';
import type { Signer } from '../signing/signer.ts';
import { base64url } from './base64url.ts';
import { normaliseLowS } from './ecdsa-p256.ts';

/** The protected header of every label token. Member order is part of the format. */
export interface LabelTokenHeader {
  readonly alg: 'ES256';
  readonly kid: string;
  readonly typ: typeof LABEL_TOKEN_TYPE;
}

/** Encoded protected header for a signer (stable per key, so callers may cache it). */
export function encodedHeaderFor(signer: Pick<Signer, 'alg' | 'kid'>): string {
  const header: LabelTokenHeader = { alg: signer.alg, kid: signer.kid, typ: LABEL_TOKEN_TYPE };
  return base64url(JSON.stringify(header));
}

/** Encoded headers by `alg` and `kid`: the same text for every label of a key. */
const encodedHeaders = new Map<string, string>();

function cachedHeaderFor(signer: Pick<Signer, 'alg' | 'kid'>): string {
  const cacheKey = `${signer.alg} ${signer.kid}`;
  let encoded = encodedHeaders.get(cacheKey);
  if (encoded === undefined) {
    encoded = encodedHeaderFor(signer);
    // A process signs with a handful of keys over its life; the bound only guards against misuse.
    if (encodedHeaders.size >= 64) encodedHeaders.clear();
    encodedHeaders.set(cacheKey, encoded);
  }
  return encoded;
}

/**
 * Signs claims into a compact JWS. The signature is normalised to low-S, so a label has exactly
 * one valid signature encoding.
 */
export async function signLabelToken(claims: LabelClaims, signer: Signer): Promise<string> {
  const signingInput = `${cachedHeaderFor(signer)}.${base64url(JSON.stringify(claims))}`;
  const signature = normaliseLowS(await signer.sign(Buffer.from(signingInput, 'ascii')));
  return `${signingInput}.${base64url(signature)}`;
}
