/**
 * Assembles the `Services` every Lambda function has, once per cold start. It deliberately
 * imports no KMS code: the issuer function adds its signer source and the admin function its key
 * provisioner (see their handler.ts), so the verify, public and pages bundles carry no KMS code.
 */
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import type { Services } from '../../shared/app/services.ts';
import { Keyring } from '../../shared/keys/keyring.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { cachedStatusSource, DEFAULT_STATUS_MAX_AGE_SECONDS } from '../../shared/verification/status/cached-status-source.ts';
import { liveStatusSource } from '../../shared/verification/status/live-status-source.ts';
import { storedTrustListSource } from '../../shared/verification/status/trust-list-source.ts';
import type { LambdaConfig } from './lambda-config.ts';

/** Builds the services every function has (no signer, no key provisioner). */
export function lambdaServices(config: LambdaConfig): Services {
  // Credentials: the execution role's, from the environment (see lambda-credentials.ts).
  const store = DynamoDbStore.connect({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: config.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  const logger = createLogger(config.LOG_LEVEL);
  return {
    store,
    keyring: new Keyring(store),
    // The same bounded staleness as the embedded default, so a verdict means the same everywhere.
    statusSource: cachedStatusSource(liveStatusSource(store), { maxAgeSeconds: DEFAULT_STATUS_MAX_AGE_SECONDS }),
    trustListSource: storedTrustListSource(store, { logger }),
    now: () => new Date(),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    defaultValidityDays: config.DEFAULT_VALIDITY_DAYS,
    // API Gateway's IAM authorizer admits admins; requireAdmin still insists on the IAM identity.
    adminAuth: { kind: 'iam' },
    logger,
  };
}
