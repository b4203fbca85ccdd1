/**
 * Configuration of the embedded default (`npm start`), from its environment. Unlike a Lambda
 * function's (`functions/runtime/lambda-config.ts`) every variable has a local default: the port,
 * the data directory on disk, the admin token, and public links on http://localhost:PORT.
 */
import * as z from 'zod/mini';
import { httpUrl, integer, optionalHttpUrl, optionalNonEmpty, parseEnvironment } from '../../shared/config/config.ts';

export const LocalConfigSchema = z.pipe(
  z.object({
    PORT: z._default(integer(0, 65535), 3000),
    /** Base of every public link (QR codes, verify URLs). Default: http://localhost:PORT. */
    PUBLIC_BASE_URL: z.optional(httpUrl),
    DATA_DIR: z._default(z.string().check(z.minLength(1)), './.data'),
    ADMIN_TOKEN: z.pipe(optionalNonEmpty, z.optional(z.string().check(z.minLength(16, { message: 'must be at least 16 characters' })))),
    TABLE_NAME: z._default(z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'must be a valid DynamoDB table name' })), 'carbon-labels'),
    AWS_ENDPOINT_URL_DYNAMODB: optionalHttpUrl,
    AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
    DEFAULT_VALIDITY_DAYS: z._default(integer(1, 3650), 365),
    LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
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
