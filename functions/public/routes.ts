/** Public read routes: a label, the JWKS, the trust list and the root document, health and the API description. */
import { NotFoundError } from '../../shared/errors/errors.ts';
import { LABEL_ID_PATTERN } from '../../shared/ids.ts';
import { toJwks } from '../../shared/keys/jwks.ts';
import { currentLabelView, toLabelResource } from '../../shared/label/label-resource.ts';
import { problem } from '../http/problem.ts';
import { openApiDocument } from '../openapi/openapi-document.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import type { Health } from './response-schemas.ts';
import { pathParameter } from '../http/request.ts';
import { json, problemResult } from '../http/responses.ts';
import { trustListRoutes } from './trust-list-routes.ts';

export const publicRoutes: RouteHandlers<'public'> = {
  'GET /labels/{id}': async (event, services) => {
    const id = pathParameter(event, 'id');
    const label = LABEL_ID_PATTERN.test(id) ? await services.store.getLabel(id) : undefined;
    if (!label) throw new NotFoundError(`label ${id} not found`);
    return json(200, toLabelResource(label, services.publicBaseUrl, await currentLabelView(services)));
  },

  'GET /.well-known/jwks.json': async (_event, services) => {
    const jwks = toJwks(await services.keyring.records());
    return json(200, jwks, { 'cache-control': `public, max-age=${services.keyring.maxStalenessSeconds}` });
  },

  'GET /health': async (_event, services) => {
    try {
      await services.store.ping();
      return json(200, { status: 'ok', storage: 'reachable' } satisfies Health);
    } catch {
      return problemResult(problem('storage_unreachable', 'storage is not reachable'), { 'retry-after': '1' });
    }
  },

  'GET /openapi.json': async (_event, services) => json(200, openApiDocument(services.publicBaseUrl), { 'cache-control': 'public, max-age=3600' }),

  ...trustListRoutes,
};
