/** The answers of the admin routes (signing keys, issuers with accreditations), as zod schemas (OpenAPI) and the builders that shape them. */
import * as z from 'zod';
import { AccreditationSchema } from '../../shared/accreditation/accreditation-service.ts';
import { CreatedIssuerSchema, PublicIssuerSchema } from '../../shared/issuers/issuer.ts';
import { PublishedJwkSchema, toPublishedJwk } from '../../shared/keys/jwks.ts';
import type { CompromiseResult, RotationResult } from '../../shared/keys/rotate-signing-key.ts';

/** `POST /admin/signing-keys/rotate`: the new active key and the keys it retired, as published. */
export const KeyRotationResponseSchema = z.object({
  active: PublishedJwkSchema,
  retired: z.array(PublishedJwkSchema),
});

/** `POST /admin/signing-keys/{kid}/compromise`: the key, now compromised, and the new active key when it was the active one. */
export const KeyCompromiseResponseSchema = z.object({
  compromised: PublishedJwkSchema,
  active: PublishedJwkSchema.optional(),
});

/** Shapes a rotation for the API. */
export function rotationResponse(result: RotationResult): z.output<typeof KeyRotationResponseSchema> {
  return { active: toPublishedJwk(result.active), retired: result.retired.map(toPublishedJwk) };
}

/** Shapes a compromise for the API. */
export function compromiseResponse(result: CompromiseResult): z.output<typeof KeyCompromiseResponseSchema> {
  return {
    compromised: toPublishedJwk(result.compromised),
    ...(result.rotation ? { active: toPublishedJwk(result.rotation.active) } : {}),
  };
}

/** `POST /admin/issuers`: the issuer, its API key (shown only here) and the accreditation given inline. */
export const CreatedIssuerResponseSchema = CreatedIssuerSchema.extend({
  accreditations: z.array(AccreditationSchema).describe('The accreditation given inline, or none: an issuer without one cannot issue'),
});

/** `POST /admin/issuers/{id}/withdraw`: the issuer, withdrawn, and every one of its accreditations, withdrawn. */
export const WithdrawnIssuerResponseSchema = PublicIssuerSchema.extend({
  accreditations: z.array(AccreditationSchema),
});
