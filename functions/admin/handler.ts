/** Lambda entry point of the admin function: issuers and signing keys, behind API Gateway IAM auth. */
import type { RouteHandlers } from '../http/dispatch.ts';
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { adminRoutes } from './routes.ts';
import { signingKeyRoutes } from './signing-key-routes.ts';

/** The routes this function serves (the `admin` group of `functions/routes.ts`). */
export const routes: RouteHandlers = { ...adminRoutes, ...signingKeyRoutes };

/** API Gateway HTTP API handler. */
export const handler = lambdaHandler(routes, (config) => lambdaServices(config));
