/**
 * Lambda entry point of the admin function: issuers, accreditations, scheme revocations and signing keys, behind API Gateway IAM auth,
 * and the publisher of the scheme's trust list. Rotation creates KMS keys tagged for this stack;
 * the function can create label keys but never sign with them. The one key it signs with is the
 * scheme root (`SCHEME_ROOT_KEY_ARN`), and only trust lists; during a root rotation it reads the
 * next root's public key (`SCHEME_NEXT_ROOT_KEY_ARN`) to announce it, and never signs with it.
 *
 * Besides API Gateway events it takes one non-HTTP event, `{"task": "publish-trust-list"}`, sent by
 * the stack's EventBridge schedule: it republishes the trust list when more than half of the
 * stored list's validity has passed (or none is published), so `nxt` is never reached unrenewed.
 */
import { KmsKeyProvisioner } from '../../shared/adapters/kms/kms-key-provisioner.ts';
import type { KeyAdminServices } from '../../shared/app/services.ts';
import { ConfigurationError } from '../../shared/errors/errors.ts';
import type { ApiEvent, ApiResult } from '../http/api-event.ts';
import { auditRequest } from '../http/audit.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { kmsClient } from '../runtime/kms-client.ts';
import { kmsSchemeRoot } from '../runtime/kms-scheme-root.ts';
import type { LambdaConfig } from '../runtime/lambda-config.ts';
import { loadLambdaConfig } from '../runtime/lambda-config.ts';
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { SIGNING_KEY_TAG_KEY } from '../runtime/signing-key-tag.ts';
import { accreditationRoutes } from './accreditation-routes.ts';
import { adminRoutes } from './routes.ts';
import { signingKeyRoutes } from './signing-key-routes.ts';
import { PUBLISH_TRUST_LIST_TASK } from './tasks.ts';
import { publishingAfterChanges, publishTrustListIfDue } from './trust-list-publishing.ts';

/** The routes this function serves (the `admin` group of `functions/routes.ts`); every change republishes the trust list. */
export const routes: RouteHandlers<'admin'> = publishingAfterChanges({ ...adminRoutes, ...accreditationRoutes, ...signingKeyRoutes });

/** What a scheduled run answers (Lambda logs it; nobody else reads it). */
export interface TaskOutcome {
  readonly task: string;
  /** The seq published, or absent when the stored list was still fresh. */
  readonly published?: number;
}

function required(config: LambdaConfig, name: 'SIGNING_KEY_TAG_VALUE' | 'SCHEME_ID' | 'SCHEME_NAME' | 'SCHEME_ROOT_KEY_ARN'): string {
  const value = config[name];
  if (!value) throw new ConfigurationError(`${name} is required in the admin function`, [{ path: name, message: 'required' }]);
  return value;
}

function assemble(config: LambdaConfig): KeyAdminServices {
  const tagValue = required(config, 'SIGNING_KEY_TAG_VALUE');
  const scheme = { id: required(config, 'SCHEME_ID'), name: required(config, 'SCHEME_NAME') };
  const kms = kmsClient(config);
  // IAM lets this role create only keys carrying this tag, and lets the issuer sign only with them.
  const keyProvisioner = new KmsKeyProvisioner(kms, {
    description: `carbon-label ES256 label signing key (${tagValue}, created by rotation)`,
    tags: { [SIGNING_KEY_TAG_KEY]: tagValue },
  });
  const services = lambdaServices(config);
  return {
    ...services,
    keyProvisioner,
    // This function never signs labels, so its keyring is the only key cache a rotation must clear here.
    keyCaches: [services.keyring],
    trustList: {
      scheme,
      root: kmsSchemeRoot(kms, required(config, 'SCHEME_ROOT_KEY_ARN')),
      // Root rotation, announce phase: the next root's public key only (GetPublicKey, never Sign).
      ...(config.SCHEME_NEXT_ROOT_KEY_ARN ? { nextRoot: kmsSchemeRoot(kms, config.SCHEME_NEXT_ROOT_KEY_ARN) } : {}),
      validitySeconds: config.TRUST_LIST_VALIDITY_HOURS * 3600,
    },
  };
}

// One assembly per cold start, shared by HTTP requests and scheduled runs.
let assembled: KeyAdminServices | undefined;
const servicesOnce = (config: LambdaConfig) => (assembled ??= assemble(config));

const http = lambdaHandler<'admin'>(routes, servicesOnce, auditRequest);

const isTask = (event: unknown): event is { task: unknown } => typeof event === 'object' && event !== null && !('requestContext' in event) && 'task' in event;

/** The function's handler: API Gateway HTTP API events, and the schedule's task. */
export async function handler(event: ApiEvent | typeof PUBLISH_TRUST_LIST_TASK): Promise<ApiResult | TaskOutcome> {
  if (!isTask(event)) return http(event);
  // Not an HTTP request: an unknown task is a deployment error, so the invocation fails loudly.
  if (event.task !== PUBLISH_TRUST_LIST_TASK.task) throw new Error(`unknown task ${JSON.stringify(event.task)}`);
  const published = await publishTrustListIfDue(servicesOnce(loadLambdaConfig(process.env)));
  return { task: PUBLISH_TRUST_LIST_TASK.task, ...(published ? { published: published.seq } : {}) };
}
