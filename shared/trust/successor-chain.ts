/**
 * Successor chains of revoked labels: the replacement a revocation names (`supersededBy`), its own
 * replacement if it was revoked too, and so on. Offline the revocations come from a trust bundle's
 * list, online from the service; the walk and the way it is written out are the same for both.
 */
import type { Revocation } from '../label/record.ts';
import type { TrustBundle } from './trust-bundle.ts';

/** One link of a successor chain. */
export interface SuccessorLink {
  readonly labelId: string;
  /** Set when this successor is itself revoked (per the bundle, or per the service online). */
  readonly revocation?: Revocation;
}

/** The revocation of a label, if it is revoked, from wherever the verifier learns it. */
export type RevocationLookup = (labelId: string) => Revocation | undefined | Promise<Revocation | undefined>;

/** Most links followed: a chain longer than this is cut there. */
export const MAX_SUCCESSOR_LINKS = 20;

/**
 * Follows `supersededBy` from the revoked label `labelId`, whose revocation is `revocation`
 * (cycles stop, chains over {@link MAX_SUCCESSOR_LINKS} links are cut).
 */
export async function successorChain(labelId: string, revocation: Revocation | undefined, revocationOf: RevocationLookup): Promise<SuccessorLink[]> {
  const chain: SuccessorLink[] = [];
  const seen = new Set([labelId]);
  let next = revocation?.supersededBy;
  while (next && !seen.has(next) && chain.length < MAX_SUCCESSOR_LINKS) {
    seen.add(next);
    const nextRevocation = await revocationOf(next);
    chain.push({ labelId: next, ...(nextRevocation ? { revocation: nextRevocation } : {}) });
    next = nextRevocation?.supersededBy;
  }
  return chain;
}

/** The lookup of a trust bundle: its revocation list. */
export function bundleRevocations(bundle: Pick<TrustBundle, 'revocations'>): RevocationLookup {
  return (labelId) => bundle.revocations.get(labelId);
}

/** `B → C (also revoked)`, as the CLI prints a chain, with each id passed through `sanitise`. */
export function formatSuccessorChain(chain: readonly SuccessorLink[], sanitise: (text: string) => string): string {
  return chain.map((s) => `${sanitise(s.labelId)}${s.revocation ? ' (also revoked)' : ''}`).join(' → ');
}
