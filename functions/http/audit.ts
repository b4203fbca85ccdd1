/**
 * The audit trail: every issuance, revocation and admin action writes one `audit` line saying
 * who (the authenticated principal), what (the route's operation), which id, and the outcome
 * (`ok`, `replayed`, or the problem code). Never a secret: principals are ids, not credentials.
 * A request that failed authentication has no principal and gets no audit line; auth.ts logs it.
 */
import type { Services } from '../../shared/app/services.ts';
import { ROUTES, routeKeyOf } from '../routes.ts';
import { answeringRouteKey } from './head.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';

/** Who an authenticated request came from. */
export type Principal =
  /** Locally `admin-token`; on AWS the IAM principal's ARN. */
  { readonly kind: 'admin'; readonly id: string } | { readonly kind: 'issuer'; readonly id: string };

const principals = new WeakMap<ApiEvent, Principal>();

/** Called by auth.ts once the request's credential has been accepted. */
export function recordPrincipal(event: ApiEvent, principal: Principal): void {
  principals.set(event, principal);
}

/** Operation ids of the audited routes: every admin route, and the issuer routes that change state. */
const AUDITED: ReadonlyMap<string, string> = new Map(
  ROUTES.filter((r) => r.auth === 'admin' || (r.auth === 'issuer' && r.method === 'POST')).map((r) => [routeKeyOf(r), r.operationId]),
);

function parsed(result: ApiResult): Record<string, unknown> {
  try {
    const body = result.body && !result.isBase64Encoded ? (JSON.parse(result.body) as unknown) : undefined;
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The id acted on: the path's, else the one the answer names (a new issuer, label or active key). */
function targetOf(event: ApiEvent, result: ApiResult, body: Record<string, unknown>): string | undefined {
  const fromPath = event.pathParameters?.aid ?? event.pathParameters?.id ?? event.pathParameters?.kid;
  if (fromPath !== undefined) return fromPath;
  if (result.statusCode >= 300) return undefined;
  if (typeof body.id === 'string') return body.id;
  const active = body.active as { kid?: unknown } | undefined;
  return typeof active?.kid === 'string' ? active.kid : undefined;
}

/** Writes the audit line of an audited, authenticated request. */
export function auditRequest(event: ApiEvent, services: Services, result: ApiResult): void {
  const action = AUDITED.get(answeringRouteKey(event.routeKey));
  const actor = principals.get(event);
  if (!action || !actor) return;
  const body = parsed(result);
  const replayed = result.headers?.['idempotent-replayed'] === 'true';
  const outcome = result.statusCode < 400 ? (replayed ? 'replayed' : 'ok') : typeof body.code === 'string' ? body.code : 'error';
  const target = targetOf(event, result, body);
  services.logger.audit('audit', {
    actor,
    action,
    routeKey: event.routeKey,
    ...(target !== undefined ? { target } : {}),
    outcome,
    status: result.statusCode,
    requestId: event.requestContext.requestId,
    sourceIp: event.requestContext.http.sourceIp,
  });
}
