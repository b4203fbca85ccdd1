/** Issuer routes: issue, list and revoke one's own labels. */
import { issueLabel } from '../../shared/label/issue-label.ts';
import { toLabelResource } from '../../shared/label/label-resource.ts';
import { revokeLabel } from '../../shared/label/revoke-label.ts';
import { ServiceUnavailableError } from '../../shared/errors/errors.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { requireIssuer } from '../http/auth.ts';
import { header, jsonBody, pageRequest, pathParameter } from '../http/request.ts';
import { json } from '../http/responses.ts';

export const issuerRoutes: RouteHandlers = {
  'POST /labels': async (event, services) => {
    const issuer = await requireIssuer(event, services);
    const body = jsonBody(event);
    if (!services.signing) throw new ServiceUnavailableError('this function has no signing key');
    const { label, replayed } = await issueLabel(
      {
        store: services.store,
        signer: await services.signing.current(),
        now: services.now,
        defaultValidityDays: services.defaultValidityDays,
        publicBaseUrl: services.publicBaseUrl,
      },
      issuer,
      body,
      header(event, 'idempotency-key'),
    );
    const resource = toLabelResource(label, services.publicBaseUrl);
    return json(201, resource, { location: resource.links.self, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
  },

  'GET /labels': async (event, services) => {
    const issuer = await requireIssuer(event, services);
    const page = await services.store.listLabelsByIssuer(issuer.id, pageRequest(event));
    return json(200, {
      items: page.items.map((l) => toLabelResource(l, services.publicBaseUrl)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    });
  },

  'POST /labels/{id}/revoke': async (event, services) => {
    const issuer = await requireIssuer(event, services);
    const { label } = await revokeLabel(services, issuer, pathParameter(event, 'id'), jsonBody(event));
    // A cached status must not outlive a revocation made in this very process.
    services.statusSource.invalidate?.(label.record.id);
    return json(200, toLabelResource(label, services.publicBaseUrl));
  },
};
