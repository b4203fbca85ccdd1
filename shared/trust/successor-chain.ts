/** Successor chains of revoked labels, as a trust bundle's list records them. */
import type { Revocation } from '../label/record.ts';
import type { TrustBundle } from './trust-bundle.ts';

/** One link of a successor chain. */
export interface SuccessorLink {
  readonly labelId: string;
  /** Set when this successor is itself revoked (per the bundle). */
  readonly revocation?: Revocation;
}

/**
 * Follows `supersededBy` from `labelId` through the bundle's list: the replacement, its own
 * replacement if it was revoked too, and so on (cycles and chains over 20 links stop).
 */
export function successorChain(bundle: Pick<TrustBundle, 'revocations'>, labelId: string): SuccessorLink[] {
  const chain: SuccessorLink[] = [];
  const seen = new Set([labelId]);
  let next = bundle.revocations.get(labelId)?.supersededBy;
  while (next && !seen.has(next) && chain.length < 20) {
    seen.add(next);
    const revocation = bundle.revocations.get(next);
    chain.push({ labelId: next, ...(revocation ? { revocation } : {}) });
    next = revocation?.supersededBy;
  }
  return chain;
}
