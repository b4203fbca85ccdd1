/**
 * A label's effective state: the one a verifier reaches for its token, so the issuer's own view
 * (`GET /labels`, `GET /labels/{id}`, `carbon-label labels list|show`) never says `active` about a
 * label every verifier refuses. Same order as verification: the signing key first (a compromised
 * key taints every label it signed, revoked or not), then a revocation, then the validity window
 * with the verifier's clock skew.
 */
import type { KeyStatus } from '../keys/signing-key.ts';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../verification/steps.ts';
import type { StoredLabel } from './record.ts';

/** Every effective state, for the schema and `?status=`. */
export const EFFECTIVE_STATUSES = ['active', 'revoked', 'expired', 'not_yet_valid', 'key_compromised'] as const;

/** An effective state. */
export type EffectiveStatus = (typeof EFFECTIVE_STATUSES)[number];

/** The CLI command that re-issues every label of the caller signed by a compromised key. */
export const REISSUE_COMMAND = 'carbon-label labels reissue --status key_compromised';

/**
 * The effective state of `label` at `now`, given the status of the key that signed it
 * (`undefined` when the key is unknown here: judged on the label alone).
 */
export function effectiveStatusOf(label: StoredLabel, keyStatus: KeyStatus | undefined, now: Date): EffectiveStatus {
  if (keyStatus === 'compromised') return 'key_compromised';
  if (label.status === 'revoked') return 'revoked';
  const t = now.getTime() / 1000;
  // The token's exp and nbf are the record's validUntil and validFrom, in whole seconds.
  if (t >= Math.floor(Date.parse(label.record.validUntil) / 1000) + DEFAULT_CLOCK_SKEW_SECONDS) return 'expired';
  if (t < Math.floor(Date.parse(label.record.validFrom) / 1000) - DEFAULT_CLOCK_SKEW_SECONDS) return 'not_yet_valid';
  return 'active';
}

/** Whether `label` still needs re-issuing: signed by a compromised key and not yet superseded or withdrawn. */
export function needsReissue(label: StoredLabel, effective: EffectiveStatus): boolean {
  return effective === 'key_compromised' && label.status === 'active';
}
