/** The `POST /verify` body: one token, or a batch of up to 100. */
// zod/mini: this schema is on the verify function's cold start (see README, Lambda bundles).
import * as z from 'zod/mini';
import { parseLabelUrl } from '../label/label-urls.ts';

/** Most tokens one batch may carry. */
export const MAX_BATCH = 100;

/** A token, or a verify URL (`…/v/<token>`) as a QR code carries it. */
const TokenInput = z.string().check(z.minLength(1), z.maxLength(8192), z.describe('A label token (compact JWS) or a verify URL ending in /v/{token}'));

export const VerifyRequestSchema = z.union([
  z.strictObject({ token: TokenInput }),
  z.strictObject({ tokens: z.array(TokenInput).check(z.minLength(1), z.maxLength(MAX_BATCH)) }),
]);

export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;

/** Takes the token out of a verify URL; anything else is returned as given. */
export function extractToken(input: string): string {
  const url = parseLabelUrl(input);
  return url?.kind === 'token' ? url.token : input.trim();
}
