/** Signing-key rotation and compromise (issue #6). */
import type { KeyAdminServices } from '../../shared/app/services.ts';
import { markSigningKeyCompromised, rotateSigningKey, type RotateDeps } from '../../shared/keys/rotate-signing-key.ts';
import type { SomeRouteHandlers } from '../http/dispatch.ts';
import { requireAdmin } from '../http/auth.ts';
import { pathParameter } from '../http/request.ts';
import { json } from '../http/responses.ts';
import { compromiseResponse, rotationResponse } from './response-schemas.ts';

const rotateDeps = (services: KeyAdminServices): RotateDeps => ({
  store: services.store,
  provisioner: services.keyProvisioner,
  now: services.now,
  logger: services.logger,
  keyCaches: services.keyCaches,
});

/** Admin routes that rotate signing keys and mark them compromised (logic in `shared/keys/rotate-signing-key.ts`). */
export const signingKeyRoutes: SomeRouteHandlers<'admin', 'POST /admin/signing-keys/rotate' | 'POST /admin/signing-keys/{kid}/compromise'> = {
  'POST /admin/signing-keys/rotate': async (event, services) => {
    requireAdmin(event, services);
    const result = await rotateSigningKey(rotateDeps(services));
    return json(200, rotationResponse(result));
  },

  'POST /admin/signing-keys/{kid}/compromise': async (event, services) => {
    requireAdmin(event, services);
    const result = await markSigningKeyCompromised(rotateDeps(services), pathParameter(event, 'kid'));
    return json(200, compromiseResponse(result));
  },
};
