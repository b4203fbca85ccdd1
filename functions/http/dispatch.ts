/** Runs the handler of a route, turning every error into a problem response. */
import type { Services } from '../../shared/app/services.ts';
import { problem } from '../../shared/http/problem.ts';
import type { RouteKey } from '../routes.ts';
import type { ApiEvent, ApiResult } from './api-event.ts';
import { auditRequest } from './audit.ts';
import { errorResult, problemResult } from './responses.ts';

/** A route's handler: the event in, a result out. Logic lives in `shared/`, not here. */
export type RouteHandler = (event: ApiEvent, services: Services) => Promise<ApiResult>;

/** The handlers of one route group, by route key. */
export type RouteHandlers = Partial<Record<RouteKey, RouteHandler>>;

/**
 * Dispatches `event` by its `routeKey`. Known errors become their problem (4xx, 503);
 * anything else is logged and answered with a bare 500 that leaks nothing. Audited routes
 * (issuing, revoking, admin) then get their audit line.
 */
export async function dispatch(handlers: RouteHandlers, event: ApiEvent, services: Services): Promise<ApiResult> {
  const result = await run(handlers, event, services);
  auditRequest(event, services, result);
  return result;
}

async function run(handlers: RouteHandlers, event: ApiEvent, services: Services): Promise<ApiResult> {
  const handler = handlers[event.routeKey as RouteKey];
  if (!handler) return problemResult(problem(404, 'route_not_found', `no route for ${event.requestContext.http.method} ${event.rawPath}`));
  try {
    return await handler(event, services);
  } catch (error) {
    const known = errorResult(error, event.rawPath);
    if (known) {
      if (known.statusCode >= 500) services.logger.warn('dependency unavailable', { routeKey: event.routeKey, error, cause: (error as Error).cause });
      return known;
    }
    services.logger.error('unhandled error', { routeKey: event.routeKey, requestId: event.requestContext.requestId, error });
    return problemResult(problem(500, 'internal_error', 'An unexpected error occurred. It has been logged.'));
  }
}
