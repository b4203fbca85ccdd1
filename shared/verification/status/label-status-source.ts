/**
 * The status port: what online verification asks storage about a label. Its implementations sit
 * beside it: {@link liveStatusSource} reads storage on every check, {@link cachedStatusSource}
 * puts a bounded-staleness cache in front of any source.
 */
import type { Revocation } from '../../label/record.ts';

/** What storage says about a label, as far as verification needs it. */
export type LabelStatusRecord =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly issuerId: string;
      /** Digest recomputed from the stored record (not the stored digest field). */
      readonly recordDigest: string;
      /**
       * Canonical JSON of the claims the stored record implies. When present, the token's claims
       * must equal it: `dig` binds the record, and this binds the headline claim shown beside it,
       * so even a leaked key cannot re-sign an existing label with, say, a lower footprint.
       */
      readonly claimsText?: string;
      readonly revocation?: Revocation;
    };

/** Reads a label's status; may be cached with a bounded age. */
export interface LabelStatusSource {
  /** How status was obtained, reported in every verdict. */
  readonly kind: 'live' | 'cached';
  /** Upper bound on the age of an answer, in seconds (0 for live reads). */
  readonly maxAgeSeconds: number;
  lookup(labelId: string): Promise<LabelStatusRecord>;
  /** Drops anything remembered about `labelId`; a revocation in this process calls it. */
  invalidate?(labelId: string): void;
}
