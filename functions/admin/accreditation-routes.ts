/**
 * The scheme operator's powers over issuers (issue #13): accredit, suspend, reinstate and
 * withdraw accreditations, withdraw an issuer, and revoke any label. Logic in
 * `shared/accreditation/accreditation-service.ts` and `shared/label/revoke-label.ts`; every route
 * here is audited like every admin route.
 */
import { accreditIssuer, accreditationsOf, changeAccreditationStatus, withdrawIssuer } from '../../shared/accreditation/accreditation-service.ts';
import type { AccreditationStatus } from '../../shared/accreditation/accreditation.ts';
import type { Services } from '../../shared/app/services.ts';
import { toPublicIssuer } from '../../shared/issuers/issuer.ts';
import { currentLabelView, toLabelResource } from '../../shared/label/label-resource.ts';
import { revokeLabelAsScheme } from '../../shared/label/revoke-label.ts';
import type { ApiEvent, ApiResult } from '../http/api-event.ts';
import { requireAdmin } from '../http/auth.ts';
import type { SomeRouteHandlers } from '../http/dispatch.ts';
import { jsonBody, pathParameter } from '../http/request.ts';
import { json } from '../http/responses.ts';

async function setStatus(event: ApiEvent, services: Services, status: AccreditationStatus): Promise<ApiResult> {
  requireAdmin(event, services);
  const issuerId = pathParameter(event, 'id');
  const accreditation = await changeAccreditationStatus(services, issuerId, pathParameter(event, 'aid'), status, jsonBody(event));
  services.logger.info(`accreditation ${status}`, { issuerId, accreditationId: accreditation.id });
  return json(200, accreditation);
}

export const accreditationRoutes: SomeRouteHandlers<
  'admin',
  | 'POST /admin/issuers/{id}/accreditations'
  | 'GET /admin/issuers/{id}/accreditations'
  | 'POST /admin/issuers/{id}/accreditations/{aid}/suspend'
  | 'POST /admin/issuers/{id}/accreditations/{aid}/reinstate'
  | 'POST /admin/issuers/{id}/accreditations/{aid}/withdraw'
  | 'POST /admin/issuers/{id}/withdraw'
  | 'POST /admin/labels/{id}/revoke'
> = {
  'POST /admin/issuers/{id}/accreditations': async (event, services) => {
    requireAdmin(event, services);
    const accreditation = await accreditIssuer(services, pathParameter(event, 'id'), jsonBody(event));
    services.logger.info('accreditation recorded', { issuerId: accreditation.issuerId, accreditationId: accreditation.id });
    return json(201, accreditation, {
      location: `${services.publicBaseUrl}/admin/issuers/${accreditation.issuerId}/accreditations/${accreditation.id}`,
    });
  },

  'GET /admin/issuers/{id}/accreditations': async (event, services) => {
    requireAdmin(event, services);
    return json(200, { items: await accreditationsOf(services, pathParameter(event, 'id')) });
  },

  'POST /admin/issuers/{id}/accreditations/{aid}/suspend': (event, services) => setStatus(event, services, 'suspended'),
  'POST /admin/issuers/{id}/accreditations/{aid}/reinstate': (event, services) => setStatus(event, services, 'active'),
  'POST /admin/issuers/{id}/accreditations/{aid}/withdraw': (event, services) => setStatus(event, services, 'withdrawn'),

  'POST /admin/issuers/{id}/withdraw': async (event, services) => {
    requireAdmin(event, services);
    const { issuer, accreditations } = await withdrawIssuer(services, pathParameter(event, 'id'), jsonBody(event));
    services.logger.info('issuer withdrawn', { issuerId: issuer.id, accreditations: accreditations.length });
    return json(200, { ...toPublicIssuer(issuer), accreditations });
  },

  'POST /admin/labels/{id}/revoke': async (event, services) => {
    requireAdmin(event, services);
    const { label, alreadyRevoked } = await revokeLabelAsScheme(services, pathParameter(event, 'id'), jsonBody(event));
    if (!alreadyRevoked) services.logger.info('label revoked by the scheme', { labelId: label.record.id, issuerId: label.record.issuer.id });
    return json(200, toLabelResource(label, services.publicBaseUrl, await currentLabelView(services)));
  },
};
