/** `GET /revocations`: the signed revocation list (issue #6). Lives with the issuer group because it signs. */
import type { SigningServices } from '../../shared/app/services.ts';
import { RevocationListPublisher, ifNoneMatchMatches } from '../../shared/revocation/revocation-list-publisher.ts';
import type { SomeRouteHandlers } from '../http/dispatch.ts';
import { header } from '../http/request.ts';
import { BASE_HEADERS } from '../http/responses.ts';

/** Media type of the response body: the compact JWS itself (its `typ` says what it is). */
export const REVOCATION_LIST_MEDIA_TYPE = 'application/jwt';

// One publisher (and so one cached list) per assembled Services, i.e. per process in production.
const publishers = new WeakMap<SigningServices, RevocationListPublisher>();

/** The publisher of a Services instance. */
export function revocationPublisherOf(services: SigningServices): RevocationListPublisher {
  let publisher = publishers.get(services);
  if (!publisher) publishers.set(services, (publisher = new RevocationListPublisher()));
  return publisher;
}

/** `GET /revocations`: the cached signed list, `304` when `If-None-Match` matches its ETag. */
export const revocationRoutes: SomeRouteHandlers<'issuer', 'GET /revocations'> = {
  'GET /revocations': async (event, services) => {
    const published = await revocationPublisherOf(services).current({
      store: services.store,
      signing: services.signing,
      now: services.now,
      issuer: services.publicBaseUrl,
    });
    const headers = {
      ...BASE_HEADERS,
      etag: published.etag,
      // Never cached past the list's own nextUpdate.
      'cache-control': `public, max-age=${published.maxAgeSeconds}`,
    };
    if (ifNoneMatchMatches(header(event, 'if-none-match'), published.etag)) {
      return { statusCode: 304, headers, body: '' };
    }
    return { statusCode: 200, headers: { ...headers, 'content-type': REVOCATION_LIST_MEDIA_TYPE }, body: published.jws };
  },
};
