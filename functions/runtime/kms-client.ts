/** The KMS client of the functions that use KMS (issuer: sign; admin: create keys for rotation). */
import { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaConfig } from './lambda-config.ts';

/** A KMS client for the function's region (or `AWS_ENDPOINT_URL_KMS`). */
export function kmsClient(config: LambdaConfig): KMSClient {
  return new KMSClient({ region: config.AWS_REGION, ...(config.AWS_ENDPOINT_URL_KMS ? { endpoint: config.AWS_ENDPOINT_URL_KMS } : {}), maxAttempts: 3 });
}
