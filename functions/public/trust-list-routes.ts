/**
 * `GET /trust-list` and `GET /.well-known/carbon-label-root.json`: the trust list as the admin
 * function last stored it, served byte for byte by a function that holds no root and no signer.
 * ETag and `If-None-Match` exactly as `/revocations`; `max-age` never past the list's `nxt`, and
 * at most {@link TRUST_LIST_MAX_AGE_SECONDS}, so a withdrawal reaches caches within minutes.
 */
import { ifNoneMatchMatches } from '../../shared/revocation/revocation-list-publisher.ts';
import type { StoredTrustList } from '../../shared/store/store.ts';
import { rootDocumentOf } from '../../shared/trust-list/root-document.ts';
import type { ApiResult } from '../http/api-event.ts';
import type { SomeRouteHandlers } from '../http/dispatch.ts';
import { problem } from '../http/problem.ts';
import { header } from '../http/request.ts';
import { BASE_HEADERS, json, problemResult } from '../http/responses.ts';

/** Media type of the list: the compact JWS itself (its `typ` says what it is). */
export const TRUST_LIST_MEDIA_TYPE = 'application/jwt';

/** Longest a cache may keep the list (and the root document) even when `nxt` is further away. */
export const TRUST_LIST_MAX_AGE_SECONDS = 300;

/** Seconds a cache may keep `list` at `now`. */
export function trustListMaxAge(list: Pick<StoredTrustList, 'nextUpdate'>, now: Date): number {
  return Math.max(0, Math.min(TRUST_LIST_MAX_AGE_SECONDS, Math.floor((Date.parse(list.nextUpdate) - now.getTime()) / 1000)));
}

const notPublished = (): ApiResult =>
  problemResult(problem('trust_list_not_published', 'no trust list has been published yet; it is published at start and after every admin change'), {
    'retry-after': '5',
  });

export const trustListRoutes: SomeRouteHandlers<'public', 'GET /trust-list' | 'GET /.well-known/carbon-label-root.json'> = {
  'GET /trust-list': async (event, services) => {
    const stored = await services.store.getTrustList();
    if (!stored) return notPublished();
    const headers = { ...BASE_HEADERS, etag: stored.etag, 'cache-control': `public, max-age=${trustListMaxAge(stored, services.now())}` };
    if (ifNoneMatchMatches(header(event, 'if-none-match'), stored.etag)) return { statusCode: 304, headers, body: '' };
    return { statusCode: 200, headers: { ...headers, 'content-type': TRUST_LIST_MEDIA_TYPE }, body: stored.jws };
  },

  'GET /.well-known/carbon-label-root.json': async (_event, services) => {
    const stored = await services.store.getTrustList();
    if (!stored) return notPublished();
    return json(200, rootDocumentOf(stored.jws), { 'cache-control': `public, max-age=${trustListMaxAge(stored, services.now())}` });
  },
};
