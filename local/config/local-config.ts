/**
 * Configuration of the embedded default (`npm start`), from its environment. Unlike a Lambda
 * function's (`functions/runtime/lambda-config.ts`) every variable has a local default: the port,
 * the data directory on disk, the admin token, and public links on http://localhost:PORT.
 */
import * as z from 'zod/mini';
import {
  httpUrl,
  integer,
  optionalHttpUrl,
  optionalNonEmpty,
  parseEnvironment,
  schemeId,
  schemeName,
  trustListValidityHours,
} from '../../shared/config/config.ts';
import { DEFAULT_TRUST_LIST_VALIDITY_HOURS } from '../../shared/trust-list/publish-trust-list.ts';

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

export const LocalConfigSchema = z.pipe(
  z.object({
    PORT: z._default(integer(0, 65535), 3000),
    /** Address the local server binds: loopback unless opened on purpose (`0.0.0.0`, `::`, one address). */
    HOST: z.pipe(
      optionalNonEmpty,
      z._default(z.string().check(z.regex(HOST_PATTERN, { message: 'must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0' })), '127.0.0.1'),
    ),
    /** Base of every public link (QR codes, verify URLs). Default: http://localhost:PORT. */
    PUBLIC_BASE_URL: z.optional(httpUrl),
    DATA_DIR: z._default(z.string().check(z.minLength(1)), './.data'),
    ADMIN_TOKEN: z.pipe(optionalNonEmpty, z.optional(adminToken)),
    TABLE_NAME: z._default(z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'must be a valid DynamoDB table name' })), 'carbon-labels'),
    AWS_ENDPOINT_URL_DYNAMODB: optionalHttpUrl,
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
    DEFAULT_VALIDITY_DAYS: z._default(integer(1, 3650), 365),
    LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
    /** The labelling scheme this server runs (named in its signed trust list). */
    SCHEME_ID: z.pipe(optionalNonEmpty, z._default(schemeId, 'local.carbon-label')),
    SCHEME_NAME: z.pipe(optionalNonEmpty, z._default(schemeName, 'carbon-label (local)')),
    TRUST_LIST_VALIDITY_HOURS: z._default(trustListValidityHours, DEFAULT_TRUST_LIST_VALIDITY_HOURS),
  }),
  z.transform((c) => ({ ...c, PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}` })),
);

/** Validated configuration of the embedded default. */
export type LocalConfig = z.output<typeof LocalConfigSchema>;

/**
 * Parses the embedded default's configuration from an environment.
 * @throws {ConfigurationError} listing every bad variable.
 */
export function loadLocalConfig(env: Record<string, string | undefined> = process.env): LocalConfig {
  return parseEnvironment(LocalConfigSchema, env, 'Invalid configuration');
}
