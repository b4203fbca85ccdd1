/**
 * Building blocks for configuration from the environment, validated with zod, shared by the Lambda
 * functions (`functions/runtime/lambda-config.ts`) and the embedded default
 * (`local/config/local-config.ts`). A bad value stops the service at start with a message naming
 * the variable, never at the first request.
 */
// zod/mini: Lambda functions parse their configuration on every cold start.
import * as z from 'zod/mini';
import { safeParse, type $ZodType, type output } from 'zod/v4/core';
import { ConfigurationError } from '../errors/errors.ts';
import { SCHEME_ID_PATTERN } from '../scheme/scheme.ts';
import { toFieldIssues } from '../validation/parse-input.ts';

/** An absolute http(s) URL, without its trailing slashes. */
export const httpUrl = z.pipe(
  z.url({ message: 'must be an absolute http(s) URL' }).check(z.refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' })),
  z.transform((u: string) => u.replace(/\/+$/, '')),
);

/** An optional string; an empty or blank variable counts as unset. */
export const optionalNonEmpty = z.pipe(
  z.optional(z.string()),
  z.transform((v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v)),
);

/** An optional {@link httpUrl}; an empty variable counts as unset. */
export const optionalHttpUrl = z.pipe(optionalNonEmpty, z.optional(httpUrl));

/** A whole number from an environment string, within bounds. */
export const integer = (min: number, max: number) => z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max)));

/** A scheme id (`SCHEME_ID`): what the trust list's `scheme.id` allows. */
export const schemeId = z
  .string()
  .check(
    z.regex(SCHEME_ID_PATTERN, { message: 'must be 1 to 63 lower-case letters, digits, "." or "-", starting with a letter or digit, e.g. cn-pcf.example' }),
  );

/** A scheme's display name (`SCHEME_NAME`). */
export const schemeName = z.string().check(z.minLength(1), z.maxLength(200));

/** Hours from a trust list's `iat` to its `nxt` (`TRUST_LIST_VALIDITY_HOURS`): an hour to 30 days. */
export const trustListValidityHours = integer(1, 720);

/**
 * Parses an environment with a schema.
 * @throws {ConfigurationError} titled `title`, listing every bad variable.
 */
export function parseEnvironment<S extends $ZodType>(schema: S, env: Record<string, string | undefined>, title: string): output<S> {
  const result = safeParse(schema, env);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  throw new ConfigurationError(`${title}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, issues, { cause: result.error });
}
