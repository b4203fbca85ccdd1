/** The `POST /verify` body: one token, or a batch of up to 100. */
// zod/mini: this schema is on the verify function's cold start (see README, Lambda bundles).
import * as z from 'zod/mini';
import { parseLabelUrl } from '../label/label-urls.ts';

/** Most tokens one batch may carry. */
export const MAX_BATCH = 100;

/** What the body must look like, in words, for every message that refuses one. */
const EXPECTED = `expected {"token": "…"} or {"tokens": ["…", …]} with 1 to ${MAX_BATCH} items; each item is a label token, a verify URL (…/v/{token}) or a compact URL (…/l/{id})`;

/** A token, a verify URL (`…/v/<token>`) or a compact URL (`…/l/<id>`), as a QR code carries it. */
const TokenInput = z
  .string({ error: 'must be a string: a label token, a verify URL (…/v/{token}) or a compact URL (…/l/{id})' })
  .check(
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(8192, { error: 'is longer than 8192 characters: not a label token or label URL' }),
    z.describe('A label token (compact JWS), a verify URL ending in /v/{token}, or a compact URL ending in /l/{id} (checked by label id)'),
  );

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** Says what is wrong with a body that matches neither shape. */
function describeMismatch(input: unknown): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return `the body is not an object: ${EXPECTED}`;
  const body = input as Record<string, unknown>;
  if ('token' in body && 'tokens' in body) return `give either "token" or "tokens", not both: ${EXPECTED}`;
  if (Array.isArray(body.tokens) && body.tokens.length > MAX_BATCH)
    return `"tokens" has ${body.tokens.length} items, at most ${MAX_BATCH} are allowed in one request: split the batch`;
  if ('token' in body && typeof body.token !== 'string') return `"token" must be a string, got ${kindOf(body.token)}: ${EXPECTED}`;
  if ('tokens' in body && !Array.isArray(body.tokens)) return `"tokens" must be an array, got ${kindOf(body.tokens)}: ${EXPECTED}`;
  const notText = Array.isArray(body.tokens) ? body.tokens.findIndex((t) => typeof t !== 'string') : -1;
  if (notText >= 0) return `"tokens.${notText}" must be a string, got ${kindOf((body.tokens as unknown[])[notText])}: ${EXPECTED}`;
  const extra = Object.keys(body).filter((k) => k !== 'token' && k !== 'tokens');
  if (extra.length > 0) return `unknown field ${extra.map((k) => JSON.stringify(k)).join(', ')}: ${EXPECTED}`;
  return EXPECTED;
}

export const VerifyRequestSchema = z.union(
  [
    z.strictObject({ token: TokenInput }),
    z.strictObject({
      tokens: z
        .array(TokenInput, { error: `must be an array of 1 to ${MAX_BATCH} tokens or label URLs` })
        .check(
          z.minLength(1, { error: `must list at least one token (at most ${MAX_BATCH})` }),
          z.maxLength(MAX_BATCH, { error: `at most ${MAX_BATCH} tokens are allowed in one request: split the batch` }),
        ),
    }),
  ],
  { error: (issue) => describeMismatch(issue.input) },
);

export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;

/** Takes the token out of a verify URL; anything else is returned as given (offline checks have no store for ids). */
export function extractToken(input: string): string {
  const url = parseLabelUrl(input);
  return url?.kind === 'token' ? url.token : input.trim();
}
