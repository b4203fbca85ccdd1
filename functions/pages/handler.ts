/** Lambda entry point of the pages function: verification pages, QR codes and label art. */
import { lambdaHandler } from '../runtime/lambda-handler.ts';
import { lambdaServices } from '../runtime/lambda-services.ts';
import { pagesRoutes } from './routes.ts';

/** The routes this function serves (the `pages` group of `functions/routes.ts`). */
export const routes = pagesRoutes;

/** API Gateway HTTP API handler. */
export const handler = lambdaHandler(routes, (config) => lambdaServices(config));
