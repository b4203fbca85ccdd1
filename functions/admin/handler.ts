/**
 * Lambda entry point of the admin function: issuers, accreditations, scheme revocations and signing keys, behind API Gateway IAM auth.
 * Rotation creates KMS keys tagged for this stack; the function can create keys but never sign.
 */
import { KmsKeyProvisioner } from '../../shared/adapters/kms/kms-key-provisioner.ts';
import { ConfigurationError } from '../../shared/errors/errors.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { kmsClient } from '../runtime/kms-client.ts';
import { auditRequest } from '../http/audit.ts';
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { SIGNING_KEY_TAG_KEY } from '../runtime/signing-key-tag.ts';
import { accreditationRoutes } from './accreditation-routes.ts';
import { adminRoutes } from './routes.ts';
import { signingKeyRoutes } from './signing-key-routes.ts';

/** The routes this function serves (the `admin` group of `functions/routes.ts`). */
export const routes: RouteHandlers<'admin'> = { ...adminRoutes, ...accreditationRoutes, ...signingKeyRoutes };

/** API Gateway HTTP API handler. */
export const handler = lambdaHandler(
  routes,
  (config) => {
    const tagValue = config.SIGNING_KEY_TAG_VALUE;
    if (!tagValue)
      throw new ConfigurationError('SIGNING_KEY_TAG_VALUE is required in the admin function', [{ path: 'SIGNING_KEY_TAG_VALUE', message: 'required' }]);
    // IAM lets this role create only keys carrying this tag, and lets the issuer sign only with them.
    const keyProvisioner = new KmsKeyProvisioner(kmsClient(config), {
      description: `carbon-label ES256 label signing key (${tagValue}, created by rotation)`,
      tags: { [SIGNING_KEY_TAG_KEY]: tagValue },
    });
    const services = lambdaServices(config);
    // This function never signs, so its keyring is the only key cache a rotation must clear here.
    return { ...services, keyProvisioner, keyCaches: [services.keyring] };
  },
  auditRequest,
);
