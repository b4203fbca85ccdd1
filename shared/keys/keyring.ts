/**
 * The verifier's view of our signing keys: a snapshot of the key records from storage, parsed
 * once and refreshed on a fixed interval. How stale a key's status can be is bounded by
 * `refreshIntervalMs` (default 30 s): a key marked compromised is refused everywhere within that.
 */
import type { SigningKeyStore } from '../store/store.ts';
import { toVerificationKey, type KeyLookup, type SigningKeyRecord, type VerificationKey } from './signing-key.ts';

/** Options for {@link Keyring}. */
export interface KeyringOptions {
  /** Oldest a snapshot may be before the next use reloads it. */
  readonly refreshIntervalMs?: number;
  /** A miss (unknown kid) reloads at most this often, so random kids cannot hammer storage. */
  readonly missRefreshIntervalMs?: number;
  readonly now?: () => number;
}

interface Snapshot {
  readonly loadedAt: number;
  readonly records: readonly SigningKeyRecord[];
  readonly keys: ReadonlyMap<string, VerificationKey>;
}

/** Cached, periodically refreshed signing-key records. */
export class Keyring {
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;
  private readonly refreshIntervalMs: number;
  private readonly missRefreshIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<SigningKeyStore, 'listSigningKeys'>,
    options: KeyringOptions = {},
  ) {
    this.refreshIntervalMs = options.refreshIntervalMs ?? 30_000;
    this.missRefreshIntervalMs = options.missRefreshIntervalMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds a key status may lag behind storage. */
  get maxStalenessSeconds(): number {
    return Math.ceil(this.refreshIntervalMs / 1000);
  }

  private load(): Promise<Snapshot> {
    this.loading ??= this.store
      .listSigningKeys()
      .then((records) => {
        const snapshot: Snapshot = {
          loadedAt: this.now(),
          records,
          keys: new Map(records.map((r) => [r.kid, toVerificationKey(r)])),
        };
        this.snapshot = snapshot;
        return snapshot;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  private async fresh(): Promise<Snapshot> {
    const s = this.snapshot;
    if (s && this.now() - s.loadedAt < this.refreshIntervalMs) return s;
    try {
      return await this.load();
    } catch (error) {
      // Storage is down: keep verifying signatures with the last known keys. Label status reads
      // fail too, so no verdict can come out `valid` on stale data (it is `status_unavailable`).
      if (s) return s;
      throw error;
    }
  }

  /** Forgets the snapshot, e.g. right after a rotation in this process. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  /** All key records (for the JWKS). */
  async records(): Promise<readonly SigningKeyRecord[]> {
    return (await this.fresh()).records;
  }

  /**
   * A synchronous lookup for one verification, with `kids` pre-resolved: a kid missing from a
   * snapshot older than `missRefreshIntervalMs` triggers a reload, so a key created by another
   * process is found within seconds while random kids cannot hammer storage.
   */
  async lookupFor(kids: Iterable<string | undefined>): Promise<KeyLookup> {
    let snapshot = await this.fresh();
    const missing = [...kids].some((kid) => kid !== undefined && !snapshot.keys.has(kid));
    // Reload only a snapshot older than the miss interval: that alone rate-limits reloads.
    if (missing && this.now() - snapshot.loadedAt >= this.missRefreshIntervalMs) {
      const current = snapshot;
      snapshot = await this.load().catch(() => current); // unknown kid stays unknown while storage is down
    }
    const keys = snapshot.keys;
    return (kid) => keys.get(kid);
  }
}
