/**
 * The steps every verification is composed of, in the order they run:
 * 1. {@link checkLabelSignature}: structure, header, key, signature and claims (the JWS core);
 * 2. a status step, which differs by mode: none offline, the store online, a trust bundle's
 *    revocation list at a border;
 * 3. the accreditation step (`accreditation-step.ts`), when a trust list is known: the scheme and
 *    issuer fields, `accreditation_withdrawn`, warnings;
 * 4. {@link judgeValidityWindow}: `nbf`/`exp` with clock skew.
 * Each mode's file (`verify-offline.ts`, `verify-online.ts`, `verify-batch.ts`,
 * `verify-with-trust-bundle.ts`) strings these together; none builds a verdict and then takes it
 * apart again.
 */
import { describeClaims, type HeadlineClaim, type LabelClaims } from '../label/claims.ts';
import type { Revocation } from '../label/record.ts';
import type { KeyLookup, VerificationKey } from '../keys/signing-key.ts';
import { verifyLabelTokenSignature } from '../tokens/label-token.ts';
import type { SchemeFields } from './accreditation-step.ts';
import { verdict, type Verdict, type VerdictStatus } from './verdict.ts';

/** Default tolerance for clock differences between issuer and verifier. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** The result of step 1: a failing verdict, or genuine claims with what verdicts show of them. */
export type SignatureCheck =
  | { readonly genuine: false; readonly verdict: Verdict }
  | { readonly genuine: true; readonly claims: LabelClaims; readonly key: VerificationKey; readonly shown: GenuineFields };

/** What every verdict on a genuine token carries. */
export interface GenuineFields {
  readonly labelId: string;
  readonly kid: string;
  readonly claim: HeadlineClaim;
}

/** Step 1. A token of another type is `malformed` (verdicts speak only of labels). */
export function checkLabelSignature(token: unknown, keys: KeyLookup, now: Date): SignatureCheck {
  const result = verifyLabelTokenSignature(token, keys);
  if (!result.ok) {
    const status: VerdictStatus = result.code === 'wrong_type' ? 'malformed' : result.code;
    return {
      genuine: false,
      verdict: verdict(status, now, { reason: result.reason, ...(result.kid !== undefined ? { kid: result.kid } : {}), statusSource: { kind: 'none' } }),
    };
  }
  const claims = result.payload;
  return { genuine: true, claims, key: result.key, shown: { labelId: claims.sub, kid: result.key.kid, claim: describeClaims(claims) } };
}

/** Step 3: the validity window of genuine claims. */
export function judgeValidityWindow(claims: LabelClaims, now: Date, skewSeconds = DEFAULT_CLOCK_SKEW_SECONDS): 'expired' | 'not_yet_valid' | 'valid' {
  const t = now.getTime() / 1000;
  if (t >= claims.exp + skewSeconds) return 'expired';
  if (t < claims.nbf - skewSeconds) return 'not_yet_valid';
  return 'valid';
}

/** The verdict for a revoked label: a revocation wins over the validity window, in every mode. */
export function revokedVerdict(
  shown: GenuineFields & Partial<SchemeFields>,
  revocation: Revocation,
  now: Date,
  statusSource: Verdict['statusSource'],
): Verdict {
  // `by` arrives with scheme revocations (absent on older records: the issuer's).
  const by = (revocation as { readonly by?: string }).by === 'scheme' ? 'the scheme' : 'the issuer';
  return verdict('revoked', now, { ...shown, revocation, reason: `Revoked by ${by}: ${revocation.reason}`, ...(statusSource ? { statusSource } : {}) });
}
