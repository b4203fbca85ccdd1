/**
 * Online verification: the offline checks, then the label's status in storage. The stored record
 * must still hash to the signed digest and belong to the token's issuer; a revocation wins over
 * the validity window.
 */
import { canonicalJson } from '../canonical/canonical-json.ts';
import { describeClaims } from '../label/claims.ts';
import type { Revocation } from '../label/record.ts';
import { DEFAULT_CLOCK_SKEW_SECONDS, acceptedHeaderKid, checkTokenSignature, judgeValidityWindow } from './verify-token.ts';
import { verdict, type Verdict } from './verdict.ts';
import type { KeyLookup } from '../keys/signing-key.ts';

/** What storage says about a label, as far as verification needs it. */
export type LabelStatusRecord =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly issuerId: string;
      /** Digest recomputed from the stored record (not the stored digest field). */
      readonly recordDigest: string;
      /**
       * Canonical JSON of the claims the stored record implies. When present, the token's claims
       * must equal it: `dig` binds the record, and this binds the headline claim shown beside it,
       * so even a leaked key cannot re-sign an existing label with, say, a lower footprint.
       */
      readonly claimsText?: string;
      readonly revocation?: Revocation;
    };

/** Reads a label's status; may be cached with a bounded age. */
export interface LabelStatusSource {
  /** How status was obtained, reported in every verdict. */
  readonly kind: 'live' | 'cached';
  /** Upper bound on the age of an answer, in seconds (0 for live reads). */
  readonly maxAgeSeconds: number;
  lookup(labelId: string): Promise<LabelStatusRecord>;
  /** Drops anything remembered about `labelId`; a revocation in this process calls it. */
  invalidate?(labelId: string): void;
}

/** Dependencies of {@link verifyLabelToken}. */
export interface OnlineVerifyOptions {
  readonly keys: KeyLookup;
  readonly status: LabelStatusSource;
  readonly now: Date;
  readonly clockSkewSeconds?: number;
}

/** Peeks at the header's kid without trusting anything (to pre-load keys). */
export function peekKid(token: unknown): string | undefined {
  if (typeof token !== 'string') return undefined;
  const dot = token.indexOf('.');
  if (dot <= 0 || dot > 512) return undefined;
  // Nearly every token carries a header already accepted before: no need to decode it again.
  const known = acceptedHeaderKid(token.slice(0, dot));
  if (known !== undefined) return known;
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies a token against keys and the label's stored status. */
export async function verifyLabelToken(token: unknown, options: OnlineVerifyOptions): Promise<Verdict> {
  const { now } = options;
  const check = checkTokenSignature(token, options.keys, now);
  if (!check.genuine) return check.verdict;
  const { claims, key } = check;
  const claim = describeClaims(claims);
  const base = { labelId: claims.sub, kid: key.kid, claim };
  const source = { kind: options.status.kind, maxAgeSeconds: options.status.maxAgeSeconds };

  let status: LabelStatusRecord;
  try {
    status = await options.status.lookup(claims.sub);
  } catch {
    return verdict('status_unavailable', now, {
      ...base,
      reason: 'The signature is genuine, but revocation status could not be checked right now. Do not treat this label as verified; try again.',
      statusSource: { kind: 'none' },
    });
  }
  if (!status.found) return verdict('unknown_label', now, { ...base, statusSource: source });
  if (status.issuerId !== claims.iss || status.recordDigest !== claims.dig || (status.claimsText !== undefined && status.claimsText !== canonicalJson(claims))) {
    return verdict('record_mismatch', now, { ...base, statusSource: source });
  }
  if (status.revocation) {
    return verdict('revoked', now, {
      ...base,
      revocation: status.revocation,
      reason: `Revoked by the issuer: ${status.revocation.reason}`,
      statusSource: source,
    });
  }
  const window = judgeValidityWindow(claims, now, options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS);
  return verdict(window, now, { ...base, statusSource: source });
}
