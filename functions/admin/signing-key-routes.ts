/** Signing-key rotation and compromise (issue #6). */
import type { Services } from '../../shared/app/services.ts';
import { ServiceUnavailableError } from '../../shared/errors/errors.ts';
import { canInvalidate } from '../../shared/keys/active-signer.ts';
import { toJwks } from '../../shared/keys/jwks.ts';
import { markSigningKeyCompromised, rotateSigningKey, type RotateDeps } from '../../shared/keys/rotate-signing-key.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { requireAdmin } from '../http/auth.ts';
import { pathParameter } from '../http/request.ts';
import { json } from '../http/responses.ts';

function rotateDeps(services: Services): RotateDeps {
  if (!services.keyProvisioner) throw new ServiceUnavailableError('this function cannot create signing keys');
  return { store: services.store, provisioner: services.keyProvisioner, now: services.now, logger: services.logger };
}

/**
 * This process sees the change at once; other processes within their keyring refresh interval
 * (verification) and their signer cache (signing).
 */
function forgetKeys(services: Services): void {
  services.keyring.invalidate();
  if (canInvalidate(services.signing)) services.signing.invalidate();
}

const published = (record: Parameters<typeof toJwks>[0][number]) => toJwks([record]).keys[0]!;

/** Admin routes that rotate signing keys and mark them compromised (logic in `shared/keys/rotate-signing-key.ts`). */
export const signingKeyRoutes: RouteHandlers = {
  'POST /admin/signing-keys/rotate': async (event, services) => {
    requireAdmin(event, services);
    const deps = rotateDeps(services);
    try {
      const result = await rotateSigningKey(deps);
      return json(200, { active: published(result.active), retired: result.retired.map(published) });
    } finally {
      forgetKeys(services);
    }
  },

  'POST /admin/signing-keys/{kid}/compromise': async (event, services) => {
    requireAdmin(event, services);
    const deps = rotateDeps(services);
    try {
      const result = await markSigningKeyCompromised(deps, pathParameter(event, 'kid'));
      return json(200, {
        compromised: published(result.compromised),
        ...(result.rotation ? { active: published(result.rotation.active) } : {}),
      });
    } finally {
      forgetKeys(services);
    }
  },
};
