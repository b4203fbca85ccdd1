/**
 * Service configuration from the environment, validated with zod. A bad value stops the service
 * at start with a message naming the variable, never at the first request.
 */
import * as z from 'zod';
import { ConfigurationError } from '../errors/errors.ts';
import { toFieldIssues } from '../validation/parse-input.ts';

/** An absolute http(s) URL, without its trailing slashes. */
export const httpUrl = z
  .string()
  .url({ message: 'must be an absolute http(s) URL' })
  .refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' })
  .transform((u) => u.replace(/\/+$/, ''));

const optionalNonEmpty = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** An optional {@link httpUrl}; an empty variable counts as unset. */
export const optionalHttpUrl = optionalNonEmpty.pipe(httpUrl.optional());

export const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Base of every public link (QR codes, verify URLs). Default: http://localhost:PORT. */
    PUBLIC_BASE_URL: httpUrl.optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    ADMIN_TOKEN: optionalNonEmpty.pipe(z.string().min(16, { message: 'must be at least 16 characters' }).optional()),
    TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'must be a valid DynamoDB table name' }).default('carbon-labels'),
    AWS_ENDPOINT_URL_DYNAMODB: optionalHttpUrl,
    AWS_REGION: z.string().min(1).default('us-east-1'),
    DEFAULT_VALIDITY_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .transform((c) => ({ ...c, PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}` }));

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
export function parseEnvironment<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, title: string): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  throw new ConfigurationError(`${title}:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, issues, { cause: result.error });
}
