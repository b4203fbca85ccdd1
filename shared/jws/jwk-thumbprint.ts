import { createHash } from 'node:crypto';
import type { PublicJwk } from '../signing/signer.ts';

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a P-256 public key: the hash of its required
 * members in lexicographic order. Computed here synchronously; the interop tests check it
 * against `jose.calculateJwkThumbprint`.
 */
export function jwkThumbprint(jwk: PublicJwk): string {
  const canonical = `{"crv":"${jwk.crv}","kty":"${jwk.kty}","x":"${jwk.x}","y":"${jwk.y}"}`;
  return createHash('sha256').update(canonical).digest('base64url');
}
