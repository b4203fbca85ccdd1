/**
 * When the trust list is republished: after every admin change that succeeded, once for the whole
 * admin group (no handler has to remember it, and a route added later is covered by the same
 * wrapper); at start; and on a schedule when more than half its validity has passed. A publish
 * that fails after a change does not undo or fail the change: the change is stored and audited,
 * the failure is logged, and the next change or scheduled run publishes the state including it.
 */
import type { KeyAdminServices } from '../../shared/app/services.ts';
import type { StoredTrustList } from '../../shared/store/store.ts';
import { publishTrustList, trustListIsDue } from '../../shared/trust-list/publish-trust-list.ts';
import type { RouteHandler } from '../http/dispatch.ts';

/** Publishes the next trust list now (nothing when the services have no scheme root). */
export async function publishTrustListNow(services: KeyAdminServices): Promise<StoredTrustList | undefined> {
  if (!services.trustList) return undefined;
  const stored = await publishTrustList({ store: services.store, trustList: services.trustList, now: services.now });
  services.logger.info('trust list published', { seq: stored.seq, nextUpdate: stored.nextUpdate });
  return stored;
}

/** Publishes when nothing is published yet or more than half the stored list's validity passed. */
export async function publishTrustListIfDue(services: KeyAdminServices): Promise<StoredTrustList | undefined> {
  if (!services.trustList) return undefined;
  if (!trustListIsDue(await services.store.getTrustList(), services.now())) return undefined;
  return publishTrustListNow(services);
}

/**
 * The handlers, each changing one (every non-GET) republishing the trust list after a success
 * (status below 300); GET handlers unchanged.
 */
export function publishingAfterChanges<S extends KeyAdminServices, H extends { readonly [key: string]: RouteHandler<S> }>(handlers: H): H {
  const wrapped: Record<string, RouteHandler<S>> = {};
  for (const [key, handler] of Object.entries(handlers)) {
    wrapped[key] = key.startsWith('GET ')
      ? handler
      : async (event, services) => {
          const result = await handler(event, services);
          if (result.statusCode < 300) {
            try {
              await publishTrustListNow(services);
            } catch (error) {
              services.logger.error('trust list not republished after an admin change; the next change or scheduled run will', {
                routeKey: event.routeKey,
                error,
              });
            }
          }
          return result;
        };
  }
  return wrapped as unknown as H;
}
