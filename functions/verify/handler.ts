/** Lambda entry point of the verify function (`POST /verify`): read-only, no KMS, no page rendering. */
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { verifyRoutes } from './routes.ts';

/** The routes this function serves (the `verify` group of `functions/routes.ts`). */
export const routes = verifyRoutes;

/** API Gateway HTTP API handler. */
export const handler = lambdaHandler(routes, (config) => lambdaServices(config));
