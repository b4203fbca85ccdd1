/** Parsing a downloaded JWKS (untrusted input) into key records a verifier can use. */
import * as z from 'zod';
import { jwkThumbprint } from '../jws/jwk-thumbprint.ts';
import type { SigningKeyRecord } from '../keys/signing-key.ts';

const B64_COORDINATE = /^[A-Za-z0-9_-]{43}$/;
const IsoTime = z.iso.datetime({ offset: true });

/** One published key, as `GET /.well-known/jwks.json` writes it. */
export const PublishedJwkSchema = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().regex(B64_COORDINATE),
    y: z.string().regex(B64_COORDINATE),
    kid: z.string().regex(B64_COORDINATE),
    alg: z.literal('ES256'),
    use: z.literal('sig'),
    status: z.enum(['active', 'retired', 'compromised']),
    createdAt: IsoTime,
    retiredAt: IsoTime.optional(),
    compromisedAt: IsoTime.optional(),
  })
  // A kid must be the key's own RFC 7638 thumbprint, so one key cannot pose as another.
  .refine((k) => jwkThumbprint({ kty: k.kty, crv: k.crv, x: k.x, y: k.y }) === k.kid, { message: 'kid is not the key thumbprint', path: ['kid'] });

/** A JWK Set of our keys. */
export const JwksSchema = z.object({ keys: z.array(PublishedJwkSchema).max(1000) }).refine((s) => new Set(s.keys.map((k) => k.kid)).size === s.keys.length, {
  message: 'duplicate kid',
  path: ['keys'],
});

/** A parsed JWKS. */
export type ParsedJwks = z.infer<typeof JwksSchema>;

/**
 * Key records for verification. Verifiers never learn where a private key lives, so `provider`
 * is a placeholder that verification does not read.
 */
export function recordsFromJwks(jwks: ParsedJwks): SigningKeyRecord[] {
  return jwks.keys.map((k) => ({
    kid: k.kid,
    alg: k.alg,
    publicJwk: { kty: k.kty, crv: k.crv, x: k.x, y: k.y },
    status: k.status,
    createdAt: k.createdAt,
    provider: { type: 'local' as const },
    ...(k.retiredAt ? { retiredAt: k.retiredAt } : {}),
    ...(k.compromisedAt ? { compromisedAt: k.compromisedAt } : {}),
  }));
}
