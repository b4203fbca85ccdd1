/** The JWK Set published at `/.well-known/jwks.json`. */
import type { SigningKeyRecord, KeyStatus } from './signing-key.ts';

/** One published key. `status` and the timestamps are our own members (RFC 7517 §4 allows them). */
export interface PublishedJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly kid: string;
  readonly alg: 'ES256';
  readonly use: 'sig';
  readonly status: KeyStatus;
  readonly createdAt: string;
  readonly retiredAt?: string;
  readonly compromisedAt?: string;
}

/** A JWK Set. */
export interface Jwks {
  readonly keys: readonly PublishedJwk[];
}

/**
 * Every key we ever signed with: active, retired (old labels still verify) and compromised
 * (published so verifiers can name the verdict `key_compromised` rather than `unknown_key`).
 */
export function toJwks(records: readonly SigningKeyRecord[]): Jwks {
  return {
    keys: records.map((r) => ({
      ...r.publicJwk,
      kid: r.kid,
      alg: r.alg,
      use: 'sig' as const,
      status: r.status,
      createdAt: r.createdAt,
      ...(r.retiredAt ? { retiredAt: r.retiredAt } : {}),
      ...(r.compromisedAt ? { compromisedAt: r.compromisedAt } : {}),
    })),
  };
}
