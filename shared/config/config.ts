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
