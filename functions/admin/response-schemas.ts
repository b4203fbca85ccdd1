/** The answers of the signing-key routes, as zod schemas (OpenAPI) and the builders that shape them. */
import * as z from 'zod';
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
