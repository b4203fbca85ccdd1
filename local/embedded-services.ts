/**
 * Assembles the services of the embedded default: dynalite in-process (unless
 * `AWS_ENDPOINT_URL_DYNAMODB` names another endpoint), the local signing key, the scheme root and
 * the admin token. Once the signing keys are provisioned it publishes the trust list, and keeps
 * republishing it whenever more than half of its validity has passed.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DynamoDbStore } from '../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.ts';
import type { AllServices } from '../shared/app/services.ts';
import { ActiveSigner } from '../shared/keys/active-signer.ts';
import { Keyring } from '../shared/keys/keyring.ts';
import { createLogger, type Logger } from '../shared/logging/logger.ts';
import { fixedSigner } from '../shared/signing/signer-source.ts';
import { publishTrustListIfDue, publishTrustListNow } from '../functions/admin/trust-list-publishing.ts';
import { cachedStatusSource, DEFAULT_STATUS_MAX_AGE_SECONDS } from '../shared/verification/status/cached-status-source.ts';
import { liveStatusSource } from '../shared/verification/status/live-status-source.ts';
import { storedTrustListSource } from '../shared/verification/status/trust-list-source.ts';
import { resolveAdminToken } from './admin-token.ts';
import type { LocalConfig } from './config/local-config.ts';
import { AuthFailureThrottle, DEFAULT_AUTH_THROTTLE, type AuthThrottleOptions } from './auth-throttle.ts';
import { lockDataDir, type DataDirLock } from './data-dir-lock.ts';
import { startEmbeddedDynamoDb } from './embedded-dynamodb.ts';
import { LocalKeyDirectory } from './keys/key-directory.ts';
import { LocalKeyProvisioner } from './keys/local-key-provisioner.ts';
import { activateLocalSigner } from './keys/local-signing-key.ts';
import { loadNextSchemeRoot, loadOrCreateSchemeRoot } from './keys/scheme-root-key.ts';

/** The assembled services and what start-up did. */
export interface EmbeddedServices {
  readonly services: AllServices;
  readonly adminToken: { readonly token: string; readonly source: 'env' | 'file' | 'generated' };
  readonly signingKey: { readonly kid: string; readonly created: boolean };
  /**
   * The scheme root: its thumbprint is the pin verifiers trust; `created` on the first start.
   * `nextPin` while a root rotation is announced (the lists published name it as `nextRoot`).
   */
  readonly schemeRoot: { readonly pin: string; readonly created: boolean; readonly file: string; readonly nextPin?: string };
  /** The trust list published at start. */
  readonly trustList: { readonly seq: number };
  /** `embedded` (dynalite, data in DATA_DIR) or the external endpoint's URL. */
  readonly storage: string;
  /** The DynamoDB endpoint the store talks to (dynalite's loopback URL when embedded). */
  readonly storageEndpoint: string;
  /** Releases storage; call after the HTTP server has drained. */
  close(): Promise<void>;
}

/** Start-up choices that are not configuration (tests). */
export interface EmbeddedServicesOptions {
  /** The authentication-failure throttle's limits, or `false` for none (default: {@link DEFAULT_AUTH_THROTTLE}). */
  readonly authThrottle?: AuthThrottleOptions | false;
}

/** How often the server checks whether the trust list is due: an eighth of its validity, at most hourly, at least every minute. */
export function republishCheckMs(validitySeconds: number): number {
  return Math.max(60, Math.min(3600, Math.floor(validitySeconds / 8))) * 1000;
}

/** Starts storage, ensures the table and keys, and returns the services. */
export async function startEmbeddedServices(
  config: LocalConfig,
  logger: Logger = createLogger(config.LOG_LEVEL),
  options: EmbeddedServicesOptions = {},
): Promise<EmbeddedServices> {
  const dataDir = resolve(config.DATA_DIR);
  // Before anything opens the directory's store, keys or token: one server per DATA_DIR.
  const lock = lockDataDir(dataDir);
  try {
    return await startWithLock(config, logger, dataDir, lock, options);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function startWithLock(
  config: LocalConfig,
  logger: Logger,
  dataDir: string,
  lock: DataDirLock,
  options: EmbeddedServicesOptions,
): Promise<EmbeddedServices> {
  // The embedded endpoint serves only this process: a fresh random access key id per start, kept
  // in memory (see embedded-dynamodb.ts). An external endpoint uses the environment's credentials.
  const credentials = { accessKeyId: `LOCAL${randomBytes(20).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64url') };
  const embedded = config.AWS_ENDPOINT_URL_DYNAMODB
    ? undefined
    : await startEmbeddedDynamoDb({ path: join(dataDir, 'dynamodb'), accessKeyId: credentials.accessKeyId });
  const endpoint = config.AWS_ENDPOINT_URL_DYNAMODB ?? embedded!.endpoint;
  const store = DynamoDbStore.connect({
    tableName: config.TABLE_NAME,
    region: config.AWS_REGION,
    endpoint,
    ...(embedded ? { credentials } : {}),
  });
  try {
    await ensureTable(store.client, config.TABLE_NAME);
    const now = () => new Date();
    const keyDirectory = new LocalKeyDirectory(join(dataDir, 'keys'));
    const { signer, created } = await activateLocalSigner(store, keyDirectory, now, logger);
    // Signing follows the store's active key, so a rotation takes effect without a restart.
    const keyProvisioner = new LocalKeyProvisioner(keyDirectory);
    const adminToken = resolveAdminToken(dataDir, config.ADMIN_TOKEN);
    const root = loadOrCreateSchemeRoot(dataDir);
    // Root rotation, announce phase: the lists this root signs name the next one.
    const nextRoot = loadNextSchemeRoot(dataDir, root.signer);
    const signing = new ActiveSigner(store, keyProvisioner, { logger });
    const keyring = new Keyring(store);
    const trustListSource = storedTrustListSource(store, { logger });
    const services: AllServices = {
      store,
      signing,
      keyProvisioner,
      // One process: a rotation here must reach both the verifier's keys and the signer's choice.
      keyCaches: [keyring, signing],
      keyring,
      statusSource: cachedStatusSource(liveStatusSource(store), { maxAgeSeconds: DEFAULT_STATUS_MAX_AGE_SECONDS }),
      trustListSource,
      now,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      defaultValidityDays: config.DEFAULT_VALIDITY_DAYS,
      adminAuth: { kind: 'token', token: adminToken.token },
      trustList: {
        scheme: { id: config.SCHEME_ID, name: config.SCHEME_NAME },
        root: fixedSigner(root.signer),
        ...(nextRoot ? { nextRoot: fixedSigner(nextRoot.signer) } : {}),
        validitySeconds: config.TRUST_LIST_VALIDITY_HOURS * 3600,
        // One process: a withdrawal published here reaches this process's verdicts at once.
        onPublished: () => trustListSource.invalidate(),
      },
      ...(options.authThrottle === false ? {} : { authFailureLimiter: new AuthFailureThrottle(options.authThrottle ?? DEFAULT_AUTH_THROTTLE) }),
      logger,
    };
    // After the signing keys are provisioned, so the list names the key labels are signed with.
    const published = (await publishTrustListNow(services))!;
    const republish = setInterval(
      () => {
        publishTrustListIfDue(services).catch((error: unknown) => logger.error('periodic trust list publish failed; retrying at the next check', { error }));
      },
      republishCheckMs(config.TRUST_LIST_VALIDITY_HOURS * 3600),
    );
    republish.unref();
    return {
      services,
      adminToken,
      signingKey: { kid: signer.kid, created },
      schemeRoot: { pin: root.signer.kid, created: root.created, file: root.file, ...(nextRoot ? { nextPin: nextRoot.signer.kid } : {}) },
      trustList: { seq: published.seq },
      storage: embedded ? 'embedded' : endpoint,
      storageEndpoint: endpoint,
      async close() {
        clearInterval(republish);
        store.client.destroy();
        try {
          await embedded?.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    store.client.destroy();
    await embedded?.close();
    throw error;
  }
}
