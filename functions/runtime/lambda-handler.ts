/**
 * Turns a route group's handler map into a Lambda handler. Services are assembled on the first
 * invocation of a cold start and reused by every later one (clients keep their connections warm).
 */
import type { ApiEvent, ApiResult } from '../http/api-event.ts';
import { dispatch, withoutBody, type AuditHook, type GroupServices, type RouteHandlers } from '../http/dispatch.ts';
import type { RouteGroup } from '../routes.ts';
import { loadLambdaConfig, type LambdaConfig } from './lambda-config.ts';

/** A Lambda handler for API Gateway HTTP API (payload format 2.0) events. */
export type LambdaHandler = (event: ApiEvent) => Promise<ApiResult>;

/**
 * A handler dispatching `routes`, with services from `assemble` built once per process.
 * A configuration error is thrown at the first invocation (the function fails loudly and logs it),
 * never answered as if the request were at fault.
 */
export function lambdaHandler<G extends RouteGroup>(
  routes: RouteHandlers<G>,
  assemble: (config: LambdaConfig) => GroupServices[G],
  audit?: AuditHook,
): LambdaHandler {
  let services: GroupServices[G] | undefined;
  return async (event) => {
    services ??= assemble(loadLambdaConfig(process.env));
    const result = await dispatch(routes, event, services, audit);
    return event.requestContext.http.method === 'HEAD' ? withoutBody(result) : result;
  };
}
