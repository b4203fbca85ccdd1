/** Authentication at the edge: issuer API keys and the admin credential. */
import type { Services } from '../../shared/app/services.ts';
import { UnauthenticatedError } from '../../shared/errors/errors.ts';
import { constantTimeEquals } from '../../shared/issuers/api-key.ts';
import type { Issuer } from '../../shared/issuers/issuer.ts';
import { authenticateIssuer } from '../../shared/issuers/issuer-service.ts';
import type { ApiEvent } from './api-event.ts';
import { bearerCredential } from './request.ts';

/** The issuer behind `Authorization: Bearer <api key>`, or 401. */
export function requireIssuer(event: ApiEvent, services: Services): Promise<Issuer> {
  return authenticateIssuer(services, bearerCredential(event));
}

/**
 * Admits an admin. Locally: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
 * On AWS: API Gateway's IAM authorizer has already signed the caller in; we still insist that
 * the event carries its IAM identity, so a misrouted admin function refuses everyone.
 */
export function requireAdmin(event: ApiEvent, services: Services): void {
  const auth = services.adminAuth;
  if (auth.kind === 'iam') {
    const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam;
    if (iam?.userArn) return;
  } else {
    const presented = bearerCredential(event);
    if (presented !== undefined && constantTimeEquals(presented, auth.token)) return;
  }
  throw new UnauthenticatedError('admin credentials are required');
}
