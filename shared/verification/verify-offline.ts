/**
 * Offline verification with keys only: signature, key status and validity window. Pure and
 * synchronous: no storage, no network, the clock passed in. Revocation is not known here; see
 * `verify-with-trust-bundle.ts` (a bundle's list) and `verify-online.ts` (the store).
 */
import type { KeyLookup } from '../keys/signing-key.ts';
import { DEFAULT_CLOCK_SKEW_SECONDS, checkLabelSignature, judgeValidityWindow } from './steps.ts';
import { verdict, type Verdict } from './verdict.ts';

/** Options for {@link verifyOffline}. */
export interface OfflineVerifyOptions {
  readonly keys: KeyLookup;
  readonly now: Date;
  /** Leeway for `nbf`/`exp`; default {@link DEFAULT_CLOCK_SKEW_SECONDS}. */
  readonly clockSkewSeconds?: number;
}

/** Verifies a token against keys alone. */
export function verifyOffline(token: unknown, options: OfflineVerifyOptions): Verdict {
  const check = checkLabelSignature(token, options.keys, options.now);
  if (!check.genuine) return check.verdict;
  const window = judgeValidityWindow(check.claims, options.now, options.clockSkewSeconds);
  return verdict(window, options.now, { ...check.shown, statusSource: { kind: 'none' } });
}
