/**
 * Service configuration from the environment, validated with zod. A bad value stops the service
 * at start with a message naming the variable, never at the first request.
 */
// zod/mini: Lambda functions parse their configuration on every cold start.
import * as z from 'zod/mini';
import { safeParse, type $ZodType, type output } from 'zod/v4/core';
import { ConfigurationError } from '../errors/errors.ts';
import { toFieldIssues } from '../validation/parse-input.ts';

/** An absolute http(s) URL, without its trailing slashes. */
export const httpUrl = z.pipe(
  z
    .url({ message: 'must be an absolute http(s) URL' })
    .check(z.refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' })),
  z.transform((u: string) => u.replace(/\/+$/, '')),
);

const optionalNonEmpty = z.pipe(
  z.optional(z.string()),
  z.transform((v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v)),
);

/** An optional {@link httpUrl}; an empty variable counts as unset. */
export const optionalHttpUrl = z.pipe(optionalNonEmpty, z.optional(httpUrl));

/** A whole number from an environment string, within bounds. */
export const integer = (min: number, max: number) => z.pipe(z.coerce.number(), z.int().check(z.minimum(min), z.maximum(max)));

/**
 * Why an admin token is unusable, or `undefined` when it is fine. A bearer credential is 1–512
 * printable ASCII characters without spaces (`bearerCredential` in functions/http/request.ts),
 * so anything else could never match; under 32 characters it could be guessed.
 */
export function adminTokenProblem(token: string): string | undefined {
  if (!/^[\x21-\x7e]{1,512}$/.test(token)) {
    return 'can never match: a bearer token is 1 to 512 printable ASCII characters, without spaces';
  }
  if (token.length < 32) return 'is too weak: use at least 32 characters (npm start generates one when it is unset)';
  return undefined;
}

const adminToken = z.string().check(
  z.superRefine((token, ctx) => {
    const problem = adminTokenProblem(token);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: token });
  }),
);

/** A host name or an IPv4/IPv6 address (no brackets, no scheme, no port). */
const HOST_PATTERN = /^(?:[A-Za-z0-9][A-Za-z0-9.-]{0,252}|[0-9A-Fa-f:.]*:[0-9A-Za-z:.%]*)$/;

export const ConfigSchema = z.pipe(
  z.object({
    PORT: z._default(integer(0, 65535), 3000),
    /** Address the local server binds: loopback unless opened on purpose (`0.0.0.0`, `::`, one address). */
    HOST: z.pipe(optionalNonEmpty, z._default(z.string().check(z.regex(HOST_PATTERN, { message: 'must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0' })), '127.0.0.1')),
    /** Base of every public link (QR codes, verify URLs). Default: http://localhost:PORT. */
    PUBLIC_BASE_URL: z.optional(httpUrl),
    DATA_DIR: z._default(z.string().check(z.minLength(1)), './.data'),
    ADMIN_TOKEN: z.pipe(optionalNonEmpty, z.optional(adminToken)),
    TABLE_NAME: z._default(z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'must be a valid DynamoDB table name' })), 'carbon-labels'),
    AWS_ENDPOINT_URL_DYNAMODB: optionalHttpUrl,
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
    DEFAULT_VALIDITY_DAYS: z._default(integer(1, 3650), 365),
    LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  }),
  z.transform((c) => ({ ...c, PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}` })),
);

/** Validated configuration. */
export type Config = z.output<typeof ConfigSchema>;

/**
 * Parses configuration from an environment.
 * @throws {ConfigurationError} listing every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  return parseEnvironment(ConfigSchema, env, 'Invalid configuration');
}

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
