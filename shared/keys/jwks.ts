/** The JWK Set published at `/.well-known/jwks.json`, and the zod schemas the API documents it with. */
import * as z from 'zod';
import type { SigningKeyRecord } from './signing-key.ts';

const B64_COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/** One published key. `status` and the timestamps are our own members (RFC 7517 §4 allows them). */
export const PublishedJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(B64_COORDINATE),
  y: z.string().regex(B64_COORDINATE),
  kid: z.string().regex(B64_COORDINATE).describe('RFC 7638 SHA-256 thumbprint of the key'),
  alg: z.literal('ES256'),
  use: z.literal('sig'),
  status: z
    .enum(['active', 'retired', 'compromised'])
    .describe('active signs new labels; retired signs nothing new, its labels stay valid; compromised: every label it signed verifies as key_compromised'),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().optional(),
  compromisedAt: z.iso.datetime().optional(),
});

/** One published key. */
export type PublishedJwk = z.output<typeof PublishedJwkSchema>;

/** A JWK Set (RFC 7517). */
export const JwkSetSchema = z.object({ keys: z.array(PublishedJwkSchema) });

/** A JWK Set. */
export type Jwks = z.output<typeof JwkSetSchema>;

/** Shapes one key record as published. */
export function toPublishedJwk(r: SigningKeyRecord): PublishedJwk {
  return {
    ...r.publicJwk,
    kid: r.kid,
    alg: r.alg,
    use: 'sig' as const,
    status: r.status,
    createdAt: r.createdAt,
    ...(r.retiredAt ? { retiredAt: r.retiredAt } : {}),
    ...(r.compromisedAt ? { compromisedAt: r.compromisedAt } : {}),
  };
}

/**
 * Every key we ever signed with: active, retired (old labels still verify) and compromised
 * (published so verifiers can name the verdict `key_compromised` rather than `unknown_key`).
 */
export function toJwks(records: readonly SigningKeyRecord[]): Jwks {
  return { keys: records.map(toPublishedJwk) };
}
