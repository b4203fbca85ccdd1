/** Issuer routes: issue, list and revoke one's own labels. */
import { issueLabel } from '../../shared/label/issue-label.ts';
import { currentLabelView, toLabelResource } from '../../shared/label/label-resource.ts';
import type { LabelPage } from '../../shared/label/label-resource-schema.ts';
import { revokeLabel } from '../../shared/label/revoke-label.ts';
import type { SomeRouteHandlers } from '../http/dispatch.ts';
import { requireIssuer } from '../http/auth.ts';
import { header, jsonBody, labelListRequest, pathParameter } from '../http/request.ts';
import { json } from '../http/responses.ts';

export const issuerRoutes: SomeRouteHandlers<'issuer', 'POST /labels' | 'GET /labels' | 'POST /labels/{id}/revoke'> = {
  'POST /labels': async (event, services) => {
    const issuer = await requireIssuer(event, services);
    const body = jsonBody(event);
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
    const resource = toLabelResource(label, services.publicBaseUrl, await currentLabelView(services));
    return json(201, resource, { location: resource.links.self, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) });
  },

  'GET /labels': async (event, services) => {
    const issuer = await requireIssuer(event, services);
    const { page: request, status } = labelListRequest(event);
    const page = await services.store.listLabelsByIssuer(issuer.id, request);
    const view = await currentLabelView(services);
    const items = page.items.map((l) => toLabelResource(l, services.publicBaseUrl, view));
    return json(200, {
      items: status ? items.filter((l) => l.effectiveStatus === status) : items,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    } satisfies LabelPage);
  },

  'POST /labels/{id}/revoke': async (event, services) => {
    const issuer = await requireIssuer(event, services);
    const { label } = await revokeLabel(services, issuer, pathParameter(event, 'id'), jsonBody(event));
    return json(200, toLabelResource(label, services.publicBaseUrl, await currentLabelView(services)));
  },
};
