/**
 * A bounded-staleness cache in front of a {@link LabelStatusSource}. Reading storage for every
 * verification costs far more than the ECDSA check itself (a DynamoDB round trip plus recomputing
 * the record digest), while a label's status changes at most once, on revocation. So answers are
 * kept for at most `maxAgeSeconds` and every verdict says so (`statusSource.kind = "cached"`).
 *
 * Guarantees:
 * - an answer is never older than `maxAgeSeconds`, counted from when its read *started*;
 * - at most `maxEntries` answers are kept (least recently used goes first), so memory is bounded;
 * - concurrent lookups of one id share one read (single flight);
 * - a failed read is never cached: the next lookup reads again;
 * - an answer past `refreshAheadFraction` of its bound is still served (it is within the bound)
 *   while one background read replaces it, so in steady state no verification waits for storage;
 * - {@link CachedStatusSource.invalidate} (called by a revocation in this process) drops the
 *   entry and any read in flight, so this process never serves a status older than its own revocation.
 */
import type { LabelStatusRecord, LabelStatusSource } from './label-status-source.ts';

/** Default upper bound on the age of a cached status. */
export const DEFAULT_STATUS_MAX_AGE_SECONDS = 5;

/** Default number of labels whose status is kept. */
export const DEFAULT_STATUS_CACHE_ENTRIES = 10_000;

/** Options for {@link cachedStatusSource}. */
export interface CachedStatusOptions {
  /** Oldest an answer may be, in seconds; default {@link DEFAULT_STATUS_MAX_AGE_SECONDS}. */
  readonly maxAgeSeconds?: number;
  /** Most answers kept; default {@link DEFAULT_STATUS_CACHE_ENTRIES}. */
  readonly maxEntries?: number;
  /**
   * Share of `maxAgeSeconds` after which a lookup that hits the cache also starts a background
   * refresh; default 0.8. 1 turns refresh-ahead off.
   */
  readonly refreshAheadFraction?: number;
  /** Clock in milliseconds (injectable for tests); default `Date.now`. */
  readonly now?: () => number;
}

/** A status source that caches, and can be told to forget a label. */
export interface CachedStatusSource extends LabelStatusSource {
  readonly kind: 'cached';
  /** Forgets `labelId`, e.g. right after revoking it in this process. */
  invalidate(labelId: string): void;
  /** Forgets everything. */
  clear(): void;
  /** Answers currently kept (for tests and the benchmark's memory row). */
  readonly size: number;
}

interface Entry {
  readonly value: LabelStatusRecord;
  /** When the read that produced `value` started (ms). */
  readonly readStartedAt: number;
}

interface Flight {
  readonly promise: Promise<LabelStatusRecord>;
}

/** Wraps `inner` with a bounded, bounded-staleness, single-flight cache. */
export function cachedStatusSource(inner: LabelStatusSource, options: CachedStatusOptions = {}): CachedStatusSource {
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_STATUS_MAX_AGE_SECONDS;
  const maxEntries = options.maxEntries ?? DEFAULT_STATUS_CACHE_ENTRIES;
  if (!(maxAgeSeconds >= 0) || !Number.isFinite(maxAgeSeconds)) throw new RangeError('maxAgeSeconds must be a finite number ≥ 0');
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be an integer ≥ 1');
  const refreshAheadFraction = options.refreshAheadFraction ?? 0.8;
  if (!(refreshAheadFraction > 0 && refreshAheadFraction <= 1)) throw new RangeError('refreshAheadFraction must be in (0, 1]');
  const maxAgeMs = maxAgeSeconds * 1000;
  const refreshAfterMs = maxAgeMs * refreshAheadFraction;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order; re-inserting on every hit makes its first key the LRU one.
  const entries = new Map<string, Entry>();
  const flights = new Map<string, Flight>();

  const remember = (labelId: string, entry: Entry) => {
    entries.delete(labelId);
    entries.set(labelId, entry);
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  };

  const read = (labelId: string): Promise<LabelStatusRecord> => {
    const readStartedAt = now();
    // The inner source's own staleness adds to ours, so the stated bound includes it.
    const promise = inner.lookup(labelId).then(
      (value) => {
        // Only the flight still registered may store: an invalidation in between means this
        // answer may predate a revocation.
        if (flights.get(labelId) === flight) {
          flights.delete(labelId);
          remember(labelId, { value, readStartedAt });
        }
        return value;
      },
      (error: unknown) => {
        if (flights.get(labelId) === flight) flights.delete(labelId);
        throw error;
      },
    );
    const flight: Flight = { promise };
    flights.set(labelId, flight);
    return promise;
  };

  return {
    kind: 'cached',
    maxAgeSeconds: maxAgeSeconds + inner.maxAgeSeconds,
    lookup(labelId: string): Promise<LabelStatusRecord> {
      const entry = entries.get(labelId);
      if (entry) {
        const age = now() - entry.readStartedAt;
        if (age < maxAgeMs) {
          entries.delete(labelId);
          entries.set(labelId, entry);
          if (age >= refreshAfterMs && refreshAheadFraction < 1 && !flights.has(labelId)) {
            // A failed refresh is simply not stored; the entry expires at its bound as usual.
            read(labelId).catch(() => undefined);
          }
          return Promise.resolve(entry.value);
        }
        entries.delete(labelId);
      }
      return flights.get(labelId)?.promise ?? read(labelId);
    },
    invalidate(labelId: string): void {
      entries.delete(labelId);
      flights.delete(labelId);
    },
    clear(): void {
      entries.clear();
      flights.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
