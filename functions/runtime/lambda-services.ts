/**
 * Assembles `Services` inside a Lambda function, once per cold start. It deliberately imports no
 * KMS code: the issuer function passes in its signer source and the admin function its key
 * provisioner, so the verify, public and pages bundles carry no KMS code at all.
 */
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import type { Services } from '../../shared/app/services.ts';
import { Keyring } from '../../shared/keys/keyring.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import type { KeyProvisioner } from '../../shared/signing/key-provisioner.ts';
import type { SignerSource } from '../../shared/signing/signer-source.ts';
import { cachedStatusSource, DEFAULT_STATUS_MAX_AGE_SECONDS } from '../../shared/verification/status/cached-status-source.ts';
import { liveStatusSource } from '../../shared/verification/status/live-status-source.ts';
import type { LambdaConfig } from './lambda-config.ts';

/** What only some functions get: a signer source (issuer) or a key provisioner (admin). */
export interface LambdaServiceOptions {
  readonly signing?: (store: DynamoDbStore, services: Omit<Services, 'signing'>) => SignerSource;
  readonly keyProvisioner?: KeyProvisioner;
}

/** Builds the services of a function; `signing` only for the issuer, `keyProvisioner` only for admin. */
export function lambdaServices(config: LambdaConfig, options: LambdaServiceOptions = {}): Services {
  // Credentials: the execution role's, from the environment (see lambda-credentials.ts).
  const store = DynamoDbStore.connect({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    ...(config.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: config.AWS_ENDPOINT_URL_DYNAMODB } : {}),
  });
  const base: Omit<Services, 'signing'> = {
    store,
    keyring: new Keyring(store),
    // The same bounded staleness as the embedded default, so a verdict means the same everywhere.
    statusSource: cachedStatusSource(liveStatusSource(store), { maxAgeSeconds: DEFAULT_STATUS_MAX_AGE_SECONDS }),
    now: () => new Date(),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    defaultValidityDays: config.DEFAULT_VALIDITY_DAYS,
    // API Gateway's IAM authorizer admits admins; requireAdmin still insists on the IAM identity.
    adminAuth: { kind: 'iam' },
    logger: createLogger(config.LOG_LEVEL),
  };
  return {
    ...base,
    ...(options.keyProvisioner ? { keyProvisioner: options.keyProvisioner } : {}),
    ...(options.signing ? { signing: options.signing(store, base) } : {}),
  };
}
