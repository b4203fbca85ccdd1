/**
 * Offline verification against a trust bundle: the signature and key status from the bundle's
 * JWKS (`verifyTokenOffline`), then revocation from its signed list. No storage, no network.
 *
 * How current an answer is: revocation status is complete up to the list's `issuedAt`
 * (reported as `statusSource.asOf`); key status is as of `fetchedAt`. A bundle older than the
 * caller's maximum age still answers, but {@link bundleFreshness} flags it stale with a warning.
 */
import type { Revocation } from '../label/record.ts';
import { verdict, type Verdict } from '../verification/verdict.ts';
import { verifyTokenOffline } from '../verification/verify-token.ts';
import { extractToken } from '../verification/verify-request.ts';
import type { TrustBundle } from './trust-bundle.ts';

/** Default maximum bundle age before verdicts carry a staleness warning. */
export const DEFAULT_MAX_BUNDLE_AGE_HOURS = 24;

/** Statuses that mean the signature was shown genuine (so revocation applies). */
const GENUINE = new Set<Verdict['status']>(['valid', 'expired', 'not_yet_valid']);

/** Verifies one token (or verify URL) against a bundle at `now`. */
export function verifyWithTrustBundle(bundle: TrustBundle, input: string, now: Date, clockSkewSeconds?: number): Verdict {
  const token = extractToken(input);
  const base = verifyTokenOffline(token, { keys: bundle.keys, now, ...(clockSkewSeconds !== undefined ? { clockSkewSeconds } : {}) });
  if (!GENUINE.has(base.status) || !base.labelId) return base;
  const statusSource = { kind: 'offline' as const, asOf: bundle.revocationList.issuedAt };
  const { status: _s, valid: _v, reason: _r, checkedAt: _c, statusSource: _ss, ...rest } = base;
  const revocation = bundle.revocations.get(base.labelId);
  if (revocation) {
    // A revocation wins over the validity window, as online.
    return verdict('revoked', now, { ...rest, revocation, reason: `Revoked by the issuer: ${revocation.reason}`, statusSource });
  }
  return verdict(base.status, now, { ...rest, reason: base.reason, statusSource });
}

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

/** How old a bundle is, and whether that is past the allowed age. */
export interface BundleFreshness {
  readonly fetchedAt: string;
  /** Revocation status is complete up to this time. */
  readonly listIssuedAt: string;
  readonly listNextUpdate: string;
  /** Seconds since `listIssuedAt` (the age of the revocation status). */
  readonly ageSeconds: number;
  readonly maxAgeSeconds: number;
  readonly stale: boolean;
  readonly warning?: string;
}

/** Human form of a duration, e.g. `3 h 12 min`. */
export function describeAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/** Judges a bundle's age at `now` against `maxAgeSeconds`. */
export function bundleFreshness(bundle: TrustBundle, now: Date, maxAgeSeconds: number): BundleFreshness {
  const ageSeconds = Math.max(0, Math.floor((now.getTime() - Date.parse(bundle.revocationList.issuedAt)) / 1000));
  const stale = ageSeconds > maxAgeSeconds;
  return {
    fetchedAt: bundle.fetchedAt,
    listIssuedAt: bundle.revocationList.issuedAt,
    listNextUpdate: bundle.revocationList.nextUpdate,
    ageSeconds,
    maxAgeSeconds,
    stale,
    ...(stale
      ? {
          warning: `The trust bundle is stale: its revocation status is ${describeAge(ageSeconds)} old (allowed: ${describeAge(maxAgeSeconds)}). Labels revoked or keys compromised since then are not known; pull a fresh bundle (carbon-label trust pull).`,
        }
      : {}),
  };
}
