/**
 * The scheme's own trust list, as online verification reads it: the stored compact JWS
 * (`store.getTrustList()`), verified against the root it names (or against a configured pin) before
 * anything in it is believed, and kept for at most `maxAgeSeconds` (counted from when its read
 * started). The JWS is re-verified only when its entity tag changes, so a steady list costs one
 * store read per period. `invalidate()` (called after this process publishes a list) forgets it.
 *
 * No list published yet → `undefined` (verdicts carry no scheme or issuer fields). A stored list
 * that fails verification is logged and treated as none (never believed). A failed store read is
 * never cached and rejects, like a status read: the verdicts say `status_unavailable`.
 */
import type { Logger } from '../../logging/logger.ts';
import type { TrustListStore } from '../../store/store.ts';
import { peekKid } from '../../jws/compact-jws.ts';
import { acceptTrustList, TrustListError } from '../../trust-list/pinned-trust-list.ts';
import type { TrustList } from '../../trust-list/trust-list.ts';

/** Default upper bound on the age of the trust list online verdicts are judged against. */
export const DEFAULT_TRUST_LIST_MAX_AGE_SECONDS = 5;

/** Where online verification gets the scheme's current trust list. */
export interface TrustListSource {
  /** The current verified list, or `undefined` when none is published (or the stored one is refused). */
  current(): Promise<TrustList | undefined>;
  /** Forgets the cached list, e.g. right after this process published a new one. */
  invalidate(): void;
  /** Oldest an answer may be, in seconds. */
  readonly maxAgeSeconds: number;
}

/** Options for {@link storedTrustListSource}. */
export interface StoredTrustListOptions {
  readonly maxAgeSeconds?: number;
  /** The root thumbprint to insist on; default: the root the stored list names (its own deployment). */
  readonly pin?: string;
  readonly logger?: Pick<Logger, 'error'>;
  /** Clock in milliseconds (injectable for tests). */
  readonly now?: () => number;
}

interface Entry {
  readonly etag: string | undefined;
  readonly list: TrustList | undefined;
  readonly readStartedAt: number;
}

/** A {@link TrustListSource} over the store. */
export function storedTrustListSource(store: Pick<TrustListStore, 'getTrustList'>, options: StoredTrustListOptions = {}): TrustListSource {
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_TRUST_LIST_MAX_AGE_SECONDS;
  if (!(maxAgeSeconds >= 0) || !Number.isFinite(maxAgeSeconds)) throw new RangeError('maxAgeSeconds must be a finite number ≥ 0');
  const now = options.now ?? Date.now;
  let entry: Entry | undefined;
  let flight: Promise<TrustList | undefined> | undefined;

  const read = (): Promise<TrustList | undefined> => {
    const readStartedAt = now();
    const previous = entry;
    const mine: Promise<TrustList | undefined> = store.getTrustList().then(
      (stored) => {
        let list: TrustList | undefined;
        if (stored && previous?.etag === stored.etag) list = previous.list;
        else if (stored) list = verifyStored(stored.jws, options);
        if (flight === mine) {
          flight = undefined;
          entry = { etag: stored?.etag, list, readStartedAt };
        }
        return list;
      },
      (error: unknown) => {
        if (flight === mine) flight = undefined;
        throw error;
      },
    );
    flight = mine;
    return mine;
  };

  return {
    maxAgeSeconds,
    current() {
      if (entry && now() - entry.readStartedAt < maxAgeSeconds * 1000) return Promise.resolve(entry.list);
      return flight ?? read();
    },
    invalidate() {
      entry = undefined;
      flight = undefined;
    },
  };
}

function verifyStored(jws: string, options: StoredTrustListOptions): TrustList | undefined {
  const pin = options.pin ?? peekKid(jws);
  try {
    if (pin === undefined) throw new TrustListError('malformed', 'the stored trust list names no root');
    return acceptTrustList(jws, { pin });
  } catch (error) {
    options.logger?.error('stored trust list refused; verifying without it', { error: (error as Error).message });
    return undefined;
  }
}
