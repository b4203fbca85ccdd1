/** `GET /revocations`: the signed revocation list (issue #6). Lives with the issuer group because it signs. */
import type { Services } from '../../shared/app/services.ts';
import { ServiceUnavailableError } from '../../shared/errors/errors.ts';
import { RevocationListPublisher, ifNoneMatchMatches } from '../../shared/revocation/revocation-list-publisher.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { header } from '../http/request.ts';
import { BASE_HEADERS } from '../http/responses.ts';

/** Media type of the response body: the compact JWS itself (its `typ` says what it is). */
export const REVOCATION_LIST_MEDIA_TYPE = 'application/jwt';

// One publisher (and so one cached list) per assembled Services, i.e. per process in production.
const publishers = new WeakMap<Services, RevocationListPublisher>();

/** The publisher of a Services instance. */
export function revocationPublisherOf(services: Services): RevocationListPublisher {
  let publisher = publishers.get(services);
  if (!publisher) publishers.set(services, (publisher = new RevocationListPublisher()));
  return publisher;
}

/** `GET /revocations`: the cached signed list, `304` when `If-None-Match` matches its ETag. */
export const revocationRoutes: RouteHandlers = {
  'GET /revocations': async (event, services) => {
    if (!services.signing) throw new ServiceUnavailableError('this function has no signing key');
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
