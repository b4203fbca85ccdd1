/** Lambda entry point of the public read function: a label, the JWKS, health, the OpenAPI document. */
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { publicRoutes } from './routes.ts';

/** The routes this function serves (the `public` group of `functions/routes.ts`). */
export const routes = publicRoutes;

/** API Gateway HTTP API handler. */
export const handler = lambdaHandler(routes, (config) => lambdaServices(config));
