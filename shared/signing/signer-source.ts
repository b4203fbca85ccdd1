/**
 * Where the current signer comes from. Key rotation changes the active key while the process
 * runs, so handlers ask for the signer per request instead of holding one.
 */
import type { Signer } from './signer.ts';

/** Yields the signer new labels are signed with. */
export interface SignerSource {
  /** The active signer (cached by implementations; cheap to call per request). */
  current(): Promise<Signer>;
}

/** A source that always yields the same signer (tests, single-key set-ups). */
export function fixedSigner(signer: Signer): SignerSource {
  return { current: async () => signer };
}
