/**
 * Configuration of a Lambda function, from its environment, validated with zod. Unlike the
 * embedded default there are no local defaults for links: `PUBLIC_BASE_URL` is required, because a
 * QR code pointing at localhost would be printed on real packaging.
 */
import * as z from 'zod';
import { ConfigurationError } from '../../shared/errors/errors.ts';
import { toFieldIssues } from '../../shared/validation/parse-input.ts';

const url = z
  .string()
  .url({ message: 'must be an absolute http(s) URL' })
  .refine((u) => /^https?:\/\//.test(u), { message: 'must start with http:// or https://' })
  .transform((u) => u.replace(/\/+$/, ''));

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v))
  .pipe(url.optional());

/** The variables the CDK stack sets on every function (and `SIGNING_KEY_ARN` on the issuer's). */
export const LambdaConfigSchema = z.object({
  TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'must be a valid DynamoDB table name' }),
  PUBLIC_BASE_URL: url,
  /** The stack's KMS signing key; registered as the active key on the issuer's first cold start. */
  SIGNING_KEY_ARN: z.string().min(1).optional(),
  /** Value of the signing-key tag (the stack name): the admin function tags keys it creates with it. */
  SIGNING_KEY_TAG_VALUE: z.string().min(1).optional(),
  DEFAULT_VALIDITY_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Set by the Lambda runtime. */
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** A DynamoDB-compatible endpoint instead of DynamoDB (tests run the bundles against dynalite). */
  AWS_ENDPOINT_URL_DYNAMODB: optionalUrl,
  /** A KMS-compatible endpoint instead of KMS. */
  AWS_ENDPOINT_URL_KMS: optionalUrl,
});

/** Validated Lambda configuration. */
export type LambdaConfig = z.output<typeof LambdaConfigSchema>;

/**
 * Parses a Lambda function's environment.
 * @throws {ConfigurationError} naming every bad variable.
 */
export function loadLambdaConfig(env: Record<string, string | undefined> = process.env): LambdaConfig {
  const result = LambdaConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  throw new ConfigurationError(`Invalid Lambda configuration:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, issues, {
    cause: result.error,
  });
}
