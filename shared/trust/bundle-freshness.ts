/**
 * How current a trust bundle is: revocation status is complete up to the list's `issuedAt`; key
 * status is as of `fetchedAt`. A bundle older than the caller's maximum age still answers, but
 * {@link bundleFreshness} flags it stale with a warning; a verifier clock earlier than either time
 * is flagged too (`clockBehindBundle`), since it makes any bundle look fresh.
 */
import type { TrustBundle } from './trust-bundle.ts';

/** Default maximum bundle age before verdicts carry a staleness warning. */
export const DEFAULT_MAX_BUNDLE_AGE_HOURS = 24;

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
  /** Why it is stale, when it is. */
  readonly warning?: string;
  /**
   * The verifier's clock is earlier than the bundle's `fetchedAt` or the list's `issuedAt`: it is
   * wrong (or was set back), so the age above, which cannot go below zero, says nothing, and
   * validity windows are judged at the wrong time.
   */
  readonly clockBehindBundle: boolean;
  /** What is wrong with the clock, when it is behind. */
  readonly clockWarning?: string;
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
  const times: readonly (readonly [string, string])[] = [
    ['the bundle was fetched at', bundle.fetchedAt],
    ['its revocation list was cut at', bundle.revocationList.issuedAt],
  ];
  const ahead = times.filter(([, at]) => Date.parse(at) > now.getTime());
  const clockWarning =
    ahead.length > 0
      ? `This computer’s clock says ${now.toISOString()}, but ${ahead.map(([what, at]) => `${what} ${at}`).join(' and ')}: the clock is behind (or was set back), so the bundle’s age cannot be judged and labels are checked at the wrong time. Set the clock right and verify again.`
      : undefined;
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
    clockBehindBundle: clockWarning !== undefined,
    ...(clockWarning ? { clockWarning } : {}),
  };
}
