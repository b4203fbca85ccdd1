/**
 * Lambda entry point of the issuer function: issue, list and revoke labels, the revocation list.
 * The only function that signs, so one of two that load KMS code (and the only role that may sign).
 */
import { ConfigurationError } from '../../shared/errors/errors.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { kmsClient } from '../runtime/kms-client.ts';
import { KmsSignerSource } from '../runtime/kms-signer-source.ts';
import { auditRequest } from '../http/audit.ts';
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { revocationRoutes } from './revocation-routes.ts';
import { issuerRoutes } from './routes.ts';

/** The routes this function serves (the `issuer` group of `functions/routes.ts`). */
export const routes: RouteHandlers<'issuer'> = { ...issuerRoutes, ...revocationRoutes };

/** API Gateway HTTP API handler. */
export const handler = lambdaHandler(
  routes,
  (config) => {
    const keyArn = config.SIGNING_KEY_ARN;
    if (!keyArn) throw new ConfigurationError('SIGNING_KEY_ARN is required in the issuer function', [{ path: 'SIGNING_KEY_ARN', message: 'required' }]);
    const services = lambdaServices(config);
    const signing = new KmsSignerSource({ store: services.store, kms: kmsClient(config), defaultKeyArn: keyArn, now: services.now, logger: services.logger });
    return { ...services, signing };
  },
  auditRequest,
);
