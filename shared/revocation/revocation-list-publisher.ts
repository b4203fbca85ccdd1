/**
 * Publishing the revocation list: built from storage once per time bucket, signed once, and
 * served from memory for the rest of the bucket.
 *
 * Freshness: lists are cut on fixed boundaries of `periodSeconds` (default 300 s). The list
 * served during bucket `[b, b + period)` was built at or after `b`, so it holds every revocation
 * made before `b`; its `iat` is `b` (what it is complete up to) and its `nxt` is `b + period`.
 * A revocation therefore reaches every list served more than `period` seconds after it.
 *
 * Stable ETags: ECDSA signatures are randomised, so re-signing would change the bytes. The ETag
 * is computed over the signing input (header with kid, and payload), which depends only on the
 * revocations, the bucket and the key; the signed list is cached for the bucket, so one process
 * serves byte-identical responses while the list is unchanged. Two processes in the same bucket
 * with the same content give the same ETag for equally valid signatures over the same payload.
 */
import type { LabelStore } from '../store/store.ts';
import type { SignerSource } from '../signing/signer-source.ts';
import { toRevocationEntry, type RevocationEntry, type RevocationList } from './revocation-list.ts';
import { signRevocationList, type SignedRevocationList } from '../tokens/revocation-list-token.ts';

/** Default length of a list's time bucket (and upper bound of its `nxt - iat`). */
export const REVOCATION_LIST_PERIOD_SECONDS = 300;

/** Page size when reading revoked labels. */
const READ_PAGE = 500;

/** What building a list needs. */
export interface RevocationListDeps {
  readonly store: Pick<LabelStore, 'listRevokedLabels'>;
  readonly signing: SignerSource;
  readonly now: () => Date;
  /** The service's public base URL, written as the list's `iss`. */
  readonly issuer: string;
}

/** Reads every revoked label, oldest revocation first. */
export async function readRevocations(store: Pick<LabelStore, 'listRevokedLabels'>): Promise<RevocationEntry[]> {
  const entries: RevocationEntry[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listRevokedLabels({ limit: READ_PAGE, ...(cursor ? { cursor } : {}) });
    for (const label of page.items) if (label.revocation) entries.push(toRevocationEntry(label.record.id, label.revocation));
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

/** A signed list plus how long a cache may keep it. */
export interface PublishedRevocationList extends SignedRevocationList {
  /** Seconds until `nextUpdate` (the `max-age` to send). */
  readonly maxAgeSeconds: number;
}

/** Builds, signs and caches the list per (bucket, signing key, issuer). One per process. */
export class RevocationListPublisher {
  private cached: { readonly key: string; readonly list: Promise<SignedRevocationList> } | undefined;

  constructor(readonly periodSeconds = REVOCATION_LIST_PERIOD_SECONDS) {
    if (!Number.isInteger(periodSeconds) || periodSeconds < 1) throw new RangeError('periodSeconds must be a positive integer');
  }

  /** The list for the current bucket: from memory, or built now. */
  async current(deps: RevocationListDeps): Promise<PublishedRevocationList> {
    const nowSeconds = Math.floor(deps.now().getTime() / 1000);
    const bucketStart = nowSeconds - (nowSeconds % this.periodSeconds);
    // Asking for the signer each time makes a rotation or compromise start a new list at once.
    const signer = await deps.signing.current();
    const key = `${bucketStart}|${signer.kid}|${deps.issuer}`;
    if (this.cached?.key !== key) {
      const list = (async () => {
        const entries = await readRevocations(deps.store);
        const content: RevocationList = {
          issuer: deps.issuer,
          issuedAt: new Date(bucketStart * 1000).toISOString(),
          nextUpdate: new Date((bucketStart + this.periodSeconds) * 1000).toISOString(),
          entries,
        };
        return signRevocationList(content, signer);
      })();
      this.cached = { key, list };
      // A failed build must not be served from the cache.
      list.catch(() => {
        if (this.cached?.list === list) this.cached = undefined;
      });
    }
    const signed = await this.cached.list;
    return { ...signed, maxAgeSeconds: Math.max(0, bucketStart + this.periodSeconds - nowSeconds) };
  }

  /** Drops the cached list (e.g. after a key was marked compromised in this process). */
  invalidate(): void {
    this.cached = undefined;
  }
}

/** RFC 9110 §13.1.2: does `If-None-Match` match `etag` (weak comparison)? */
export function ifNoneMatchMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}
