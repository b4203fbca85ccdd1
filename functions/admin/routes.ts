/** Operator routes: register, list, suspend, reinstate and re-key issuers. */
import { createIssuer, listIssuers, reinstateIssuer, rotateIssuerApiKey, suspendIssuer } from '../../shared/issuers/issuer-service.ts';
import type { IssuerPage } from '../../shared/issuers/issuer.ts';
import type { SomeRouteHandlers } from '../http/dispatch.ts';
import { requireAdmin } from '../http/auth.ts';
import { jsonBody, pageRequest, pathParameter } from '../http/request.ts';
import { json } from '../http/responses.ts';

export const adminRoutes: SomeRouteHandlers<
  'admin',
  | 'POST /admin/issuers'
  | 'GET /admin/issuers'
  | 'POST /admin/issuers/{id}/suspend'
  | 'POST /admin/issuers/{id}/reinstate'
  | 'POST /admin/issuers/{id}/rotate-key'
> = {
  'POST /admin/issuers': async (event, services) => {
    requireAdmin(event, services);
    const created = await createIssuer(services, jsonBody(event));
    services.logger.info('issuer created', { issuerId: created.id, role: created.role, accreditations: created.accreditations.length });
    return json(201, created, { location: `${services.publicBaseUrl}/admin/issuers/${created.id}` });
  },

  'GET /admin/issuers': async (event, services) => {
    requireAdmin(event, services);
    const page = await listIssuers(services, pageRequest(event));
    return json(200, { items: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) } satisfies IssuerPage);
  },

  'POST /admin/issuers/{id}/suspend': async (event, services) => {
    requireAdmin(event, services);
    const issuer = await suspendIssuer(services, pathParameter(event, 'id'));
    services.logger.info('issuer suspended', { issuerId: issuer.id });
    return json(200, issuer);
  },

  'POST /admin/issuers/{id}/reinstate': async (event, services) => {
    requireAdmin(event, services);
    const issuer = await reinstateIssuer(services, pathParameter(event, 'id'));
    services.logger.info('issuer reinstated', { issuerId: issuer.id });
    return json(200, issuer);
  },

  'POST /admin/issuers/{id}/rotate-key': async (event, services) => {
    requireAdmin(event, services);
    const rotated = await rotateIssuerApiKey(services, pathParameter(event, 'id'));
    services.logger.info('issuer API key replaced', { issuerId: rotated.id });
    return json(200, rotated);
  },
};
