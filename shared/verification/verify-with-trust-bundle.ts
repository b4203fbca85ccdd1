/**
 * Offline verification against a trust bundle, as a customs officer runs it: the signature and
 * key status from the bundle's keys, then revocation from its signed list, then the validity
 * window. No storage, no network.
 *
 * How current an answer is: revocation status is complete up to the list's `issuedAt`
 * (reported as `statusSource.asOf`); key status is as of the bundle's `fetchedAt`.
 */
import type { TrustBundle } from '../trust/trust-bundle.ts';
import { checkLabelSignature, judgeValidityWindow, revokedVerdict } from './steps.ts';
import { verdict, type Verdict } from './verdict.ts';
import { extractToken } from './verify-request.ts';

/** Verifies one token (or verify URL) against a bundle at `now`. */
export function verifyWithTrustBundle(bundle: TrustBundle, input: string, now: Date, clockSkewSeconds?: number): Verdict {
  const check = checkLabelSignature(extractToken(input), bundle.keys, now);
  if (!check.genuine) return check.verdict;
  const statusSource = { kind: 'offline' as const, asOf: bundle.revocationList.issuedAt };
  const revocation = bundle.revocations.get(check.claims.sub);
  if (revocation) return revokedVerdict(check.shown, revocation, now, statusSource);
  return verdict(judgeValidityWindow(check.claims, now, clockSkewSeconds), now, { ...check.shown, statusSource });
}
