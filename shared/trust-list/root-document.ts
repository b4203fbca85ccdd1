/**
 * `GET /.well-known/carbon-label-root.json`: the scheme and its root public key, for a verifier to
 * compare with a pin obtained out of band (or, on first use, to learn it). Believed only as far as
 * its thumbprint matches its key; what it says is worth exactly as much as the channel it came by.
 */
import * as z from 'zod';
import { jwkThumbprint } from '../jws/jwk-thumbprint.ts';
import { SCHEME_ID_PATTERN } from '../scheme/scheme.ts';
import { ListedJwkSchema } from './trust-list.ts';

/** The root document, validated. */
export const RootDocumentSchema = z
  .object({
    scheme: z.object({ id: z.string().regex(SCHEME_ID_PATTERN), name: z.string().min(1).max(200) }),
    /** Extra members (kid, alg, use) are dropped: only the key itself is compared. */
    jwk: z.object(ListedJwkSchema.shape),
    thumbprint: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  })
  .refine((d) => jwkThumbprint(d.jwk) === d.thumbprint, {
    message: 'thumbprint is not the RFC 7638 thumbprint of jwk',
    path: ['thumbprint'],
  });

/** A parsed root document. */
export type RootDocument = z.infer<typeof RootDocumentSchema>;
