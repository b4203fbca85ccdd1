/**
 * Configuration of a Lambda function, from its environment, validated with zod. Unlike the
 * embedded default there are no local defaults for links: `PUBLIC_BASE_URL` is required, because a
 * QR code pointing at localhost would be printed on real packaging.
 */
import * as z from 'zod/mini';
import { httpUrl, integer, optionalHttpUrl, parseEnvironment, schemeId, schemeName, trustListValidityHours } from '../../shared/config/config.ts';

/** The variables the CDK stack sets on every function (and `SIGNING_KEY_ARN` on the issuer's). */
export const LambdaConfigSchema = z.object({
  TABLE_NAME: z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: 'must be a valid DynamoDB table name' })),
  PUBLIC_BASE_URL: httpUrl,
  /** The stack's KMS signing key; registered as the active key on the issuer's first cold start. */
  SIGNING_KEY_ARN: z.optional(z.string().check(z.minLength(1))),
  /** Value of the signing-key tag (the stack name): the admin function tags keys it creates with it. */
  SIGNING_KEY_TAG_VALUE: z.optional(z.string().check(z.minLength(1))),
  DEFAULT_VALIDITY_DAYS: z._default(integer(1, 3650), 365),
  /** The scheme (admin function: names it in the trust list it publishes). The stack sets both. */
  SCHEME_ID: z.optional(schemeId),
  SCHEME_NAME: z.optional(schemeName),
  /** The scheme root KMS key (admin function only: the one key it may sign with, trust lists only). */
  SCHEME_ROOT_KEY_ARN: z.optional(z.string().check(z.minLength(1))),
  /**
   * Root rotation, announce phase (admin function only): the next root KMS key. Only its public key
   * is read (`kms:GetPublicKey`); every list the current root signs names it as `nextRoot`.
   */
  SCHEME_NEXT_ROOT_KEY_ARN: z.optional(z.string().check(z.minLength(1))),
  TRUST_LIST_VALIDITY_HOURS: z._default(trustListValidityHours, 24),
  LOG_LEVEL: z._default(z.enum(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  /** Set by the Lambda runtime. */
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  /** A DynamoDB-compatible endpoint instead of DynamoDB (tests run the bundles against dynalite). */
  AWS_ENDPOINT_URL_DYNAMODB: optionalHttpUrl,
  /** A KMS-compatible endpoint instead of KMS. */
  AWS_ENDPOINT_URL_KMS: optionalHttpUrl,
});

/** Validated Lambda configuration. */
export type LambdaConfig = z.output<typeof LambdaConfigSchema>;

/**
 * Parses a Lambda function's environment.
 * @throws {ConfigurationError} naming every bad variable.
 */
export function loadLambdaConfig(env: Record<string, string | undefined> = process.env): LambdaConfig {
  return parseEnvironment(LambdaConfigSchema, env, 'Invalid Lambda configuration');
}
