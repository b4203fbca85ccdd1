/**
 * `/.well-known/carbon-label-root.json`: the scheme's identity and root public key, derived from
 * the published trust list. It is a convenience for a first look, never a basis of trust: a
 * verifier compares `thumbprint` with the pin it got out of band (print, a letter, the operator's
 * own site) before trusting anything signed by it.
 */
import * as z from 'zod';
import { decodeBase64urlStrict } from '../jws/base64url.ts';
import { jwkThumbprint } from '../jws/jwk-thumbprint.ts';
import { ListedJwkSchema, RootKeySchema, TrustListPayloadSchema } from './trust-list.ts';

/** The document's shape. */
export const SchemeRootDocumentSchema = z
  .strictObject({
    scheme: z.strictObject({ id: z.string(), name: z.string() }),
    jwk: ListedJwkSchema,
    /** RFC 7638 thumbprint of `jwk`: the pin. */
    thumbprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .refine((d) => jwkThumbprint(d.jwk) === d.thumbprint, { message: 'thumbprint is not the thumbprint of jwk', path: ['thumbprint'] })
  .describe('The scheme and its root public key; compare `thumbprint` with the pin you were given before trusting it');

const StoredHead = z.looseObject({ scheme: TrustListPayloadSchema.shape.scheme, root: RootKeySchema });

/** The root document. */
export type SchemeRootDocument = z.output<typeof SchemeRootDocumentSchema>;

/**
 * The root document of a trust list this service signed and stored (read back from its own
 * storage, so only its payload is decoded here; verifiers check the signature against their pin).
 */
export function rootDocumentOf(trustListJws: string): SchemeRootDocument {
  const payload = decodeBase64urlStrict(trustListJws.split('.')[1] ?? '');
  if (!payload) throw new TypeError('the stored trust list is not a compact JWS');
  // Only what the document needs: the whole list may be large.
  const list = StoredHead.parse(JSON.parse(payload.toString('utf8')));
  return { scheme: { id: list.scheme.id, name: list.scheme.name }, jwk: { ...list.root.jwk }, thumbprint: list.root.kid };
}
