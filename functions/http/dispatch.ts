/** Runs the handler of a route, turning every error into a problem response. */
import type { AllServices, KeyAdminServices, Services, SigningServices } from '../../shared/app/services.ts';
import type { RouteGroup, RouteKey, RouteKeyOf } from '../routes.ts';
import { answeringRouteKey } from './head.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { problem } from './problem.ts';
import { errorResult, problemResult } from './responses.ts';

/** What each group's function has: only the issuer can sign, only admin can create keys. */
export interface GroupServices {
  readonly issuer: SigningServices;
  readonly verify: Services;
  readonly public: Services;
  readonly pages: Services;
  readonly admin: KeyAdminServices;
}

/** A route's handler: the event in, a result out. Logic lives in `shared/`, not here. */
export type RouteHandler<S extends Services = Services> = (event: ApiEvent, services: S) => Promise<ApiResult>;

/**
 * The handlers of one route group: one per route of the group, no more, no fewer (a route without
 * a handler does not compile). Each receives its group's services.
 */
export type RouteHandlers<G extends RouteGroup> = { readonly [K in RouteKeyOf<G>]: RouteHandler<GroupServices[G]> };

/** Some of a group's handlers (a module serving part of a group); the group's map completes them. */
export type SomeRouteHandlers<G extends RouteGroup, K extends RouteKeyOf<G>> = Pick<RouteHandlers<G>, K>;

/** Every route's handler, for one process that has every group's services (the local server). */
export type AllRouteHandlers = { readonly [K in RouteKey]: RouteHandler<AllServices> };

/** Writes the audit line of a request once its result is known (see `audit.ts`). */
export type AuditHook = (event: ApiEvent, services: Services, result: ApiResult) => void;

/**
 * Dispatches `event` by its `routeKey`. Known errors become their problem (4xx, 503);
 * anything else is logged and answered with a bare 500 that leaks nothing. Where the caller
 * passes `audit` (the functions with audited routes: issuer, admin, and the local server), the
 * request then gets its audit line; the others never load the audit table (and with it the
 * whole route table), which keeps the verify bundle small.
 */
export async function dispatch<S extends Services>(
  handlers: { readonly [key: string]: RouteHandler<S> | undefined },
  event: ApiEvent,
  services: S,
  audit?: AuditHook,
): Promise<ApiResult> {
  const result = await run(handlers, event, services);
  audit?.(event, services, result);
  return result;
}

/** A HEAD answer: the GET answer's status and headers, no body. */
export function withoutBody(result: ApiResult): ApiResult {
  const { body: _body, isBase64Encoded: _base64, ...rest } = result;
  return rest;
}

async function run<S extends Services>(handlers: { readonly [key: string]: RouteHandler<S> | undefined }, event: ApiEvent, services: S): Promise<ApiResult> {
  // `HEAD /x` runs the handler of `GET /x` (API Gateway routes HEAD keys to the same function, see
  // `deployedRouteKeys`). The body is dropped by whoever writes the response ({@link withoutBody}),
  // so the local server can still send the length it would have had.
  const key = answeringRouteKey(event.routeKey);
  const handler = Object.hasOwn(handlers, key) ? handlers[key] : undefined;
  if (!handler) return problemResult(problem('route_not_found', `no route for ${event.requestContext.http.method} ${event.rawPath}`));
  try {
    return await handler(event, services);
  } catch (error) {
    const known = errorResult(error, event.rawPath);
    if (known) {
      if (known.statusCode >= 500) services.logger.warn('dependency unavailable', { routeKey: event.routeKey, error, cause: (error as Error).cause });
      return known;
    }
    services.logger.error('unhandled error', { routeKey: event.routeKey, requestId: event.requestContext.requestId, error });
    return problemResult(problem('internal_error', 'An unexpected error occurred. It has been logged.'));
  }
}
