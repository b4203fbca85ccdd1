/**
 * A least-recently-used cache bounded by bytes, for values that are expensive to make and
 * immutable once made (rendered images). Concurrent requests for a missing key share one
 * production, so a burst for the same image renders it once.
 */

/** Counters, for tests and logs. */
export interface ByteLruStats {
  readonly hits: number;
  /** Productions started (misses that were not already in flight). */
  readonly misses: number;
  /** Requests that joined a production already in flight. */
  readonly joined: number;
  readonly entries: number;
  readonly bytes: number;
  readonly maxBytes: number;
}

/** A produced value and what it costs to keep (key bytes are added by the cache). */
export interface Sized<V> {
  readonly value: V;
  readonly bytes: number;
}

/** An LRU cache that holds at most `maxBytes` of keys and values. */
export class ByteLruCache<V> {
  private readonly entries = new Map<string, Sized<V>>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private joined = 0;

  constructor(readonly maxBytes: number) {}

  /** The value for `key`, produced by `produce` on a miss; a failed production is not kept. */
  async get(key: string, produce: () => Promise<Sized<V>> | Sized<V>): Promise<V> {
    const entry = this.entries.get(key);
    if (entry) {
      this.hits++;
      // Re-insert: Map keeps insertion order, so the first key is always the least recent.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value;
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.joined++;
      return pending;
    }
    this.misses++;
    const production = (async () => {
      try {
        const made = await produce();
        this.put(key, made);
        return made.value;
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, production);
    return production;
  }

  private put(key: string, made: Sized<V>): void {
    const cost = key.length + made.bytes;
    if (cost > this.maxBytes) return; // never worth evicting everything for
    this.entries.set(key, { value: made.value, bytes: cost });
    this.bytes += cost;
    for (const [oldest, { bytes }] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= bytes;
    }
  }

  stats(): ByteLruStats {
    return { hits: this.hits, misses: this.misses, joined: this.joined, entries: this.entries.size, bytes: this.bytes, maxBytes: this.maxBytes };
  }
}
