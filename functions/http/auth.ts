/** Authentication at the edge: issuer API keys and the admin credential. */
import type { Services } from '../../shared/app/services.ts';
import { TooManyRequestsError, UnauthenticatedError } from '../../shared/errors/errors.ts';
import { constantTimeEquals, parseApiKey } from '../../shared/issuers/api-key.ts';
import type { Issuer } from '../../shared/issuers/issuer.ts';
import { authenticateIssuer } from '../../shared/issuers/issuer-service.ts';
import type { ApiEvent } from './api-event.ts';
import { recordPrincipal } from './audit.ts';
import { bearerCredential, header } from './request.ts';

/**
 * Refuses a source that has failed authentication too often, before its credential is even
 * looked at (so a throttled answer says nothing about whether the credential was right). Only
 * the local server sets a limiter; on AWS, API Gateway throttles each route group instead.
 */
function admitSource(event: ApiEvent, services: Services): void {
  const sourceIp = event.requestContext.http.sourceIp;
  const refusal = services.authFailureLimiter?.check(sourceIp);
  if (!refusal) return;
  if (refusal.first) services.logger.warn('authentication throttled', { sourceIp, routeKey: event.routeKey, retryAfterSeconds: refusal.retryAfterSeconds });
  throw new TooManyRequestsError(
    `too many failed authentication attempts from this address; retry in ${refusal.retryAfterSeconds} s`,
    refusal.retryAfterSeconds,
  );
}

/** One structured line per failed check (never the credential itself), and one strike for its source. */
function authenticationFailed(event: ApiEvent, services: Services, kind: 'admin' | 'issuer', fields: Record<string, unknown> = {}): void {
  const sourceIp = event.requestContext.http.sourceIp;
  services.authFailureLimiter?.recordFailure(sourceIp);
  const reason = header(event, 'authorization') === undefined ? 'missing' : bearerCredential(event) === undefined ? 'malformed' : 'rejected';
  services.logger.warn('authentication failed', { kind, reason, routeKey: event.routeKey, sourceIp, requestId: event.requestContext.requestId, ...fields });
}

/** The issuer behind `Authorization: Bearer <api key>`, or 401. */
export async function requireIssuer(event: ApiEvent, services: Services): Promise<Issuer> {
  admitSource(event, services);
  const presented = bearerCredential(event);
  try {
    const issuer = await authenticateIssuer(services, presented);
    recordPrincipal(event, { kind: 'issuer', id: issuer.id });
    return issuer;
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      // The issuer id a key claims is public (every label carries it); the secret part is not logged.
      const claimedIssuerId = presented === undefined ? undefined : parseApiKey(presented)?.issuerId;
      authenticationFailed(event, services, 'issuer', claimedIssuerId ? { claimedIssuerId } : {});
    }
    throw error;
  }
}

/**
 * Admits an admin. Locally: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant time.
 * On AWS: API Gateway's IAM authorizer has already signed the caller in; we still insist that
 * the event carries its IAM identity, so a misrouted admin function refuses everyone.
 */
export function requireAdmin(event: ApiEvent, services: Services): void {
  admitSource(event, services);
  const auth = services.adminAuth;
  if (auth.kind === 'iam') {
    const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: string } } }).authorizer?.iam;
    if (iam?.userArn) {
      recordPrincipal(event, { kind: 'admin', id: iam.userArn });
      return;
    }
  } else {
    const presented = bearerCredential(event);
    if (presented !== undefined && constantTimeEquals(presented, auth.token)) {
      recordPrincipal(event, { kind: 'admin', id: 'admin-token' });
      return;
    }
  }
  authenticationFailed(event, services, 'admin');
  throw new UnauthenticatedError('admin credentials are required');
}
