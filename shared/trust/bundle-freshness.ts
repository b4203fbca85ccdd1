/**
 * How current a trust bundle is: revocation status is complete up to the list's `issuedAt`; key
 * status is as of `fetchedAt`. A bundle older than the caller's maximum age still answers, but
 * {@link bundleFreshness} flags it stale with a warning.
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
