/**
 * Verdicts: what a verifier says about a token. `status` is the stable code callers switch on;
 * only `valid` means the claim may be trusted.
 */
import type { HeadlineClaim } from '../label/claims.ts';
import type { Revocation } from '../label/record.ts';

/** Every verdict code, in the order the checks run. */
export const VERDICT_STATUSES = [
  'malformed',
  'unknown_key',
  'bad_signature',
  'key_compromised',
  'unknown_label',
  'record_mismatch',
  'status_unavailable',
  'revoked',
  'expired',
  'not_yet_valid',
  'valid',
] as const;

/** A verdict code. */
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

/** What each code means, for docs, the OpenAPI document and pages. */
export const VERDICT_MEANINGS: Readonly<Record<VerdictStatus, string>> = {
  valid: 'Genuine, current and not revoked: the claim can be trusted.',
  revoked: 'Genuine, but the issuer revoked it; see `revocation` for why and any successor.',
  expired: 'Genuine, but past its validity end (`exp`).',
  not_yet_valid: 'Genuine, but its validity has not begun (`nbf`).',
  bad_signature: 'The signature does not match the content: tampered or forged.',
  unknown_key: 'Signed with a key this service never published.',
  unknown_label: 'Genuinely signed, but no such label is on record here.',
  malformed: 'Not a well-formed label token (structure, header or claims).',
  record_mismatch: 'Genuinely signed, but the stored record no longer matches the signed digest or issuer.',
  key_compromised: 'Signed with a key marked compromised: no label signed by it can be trusted.',
  status_unavailable: 'The signature is genuine but revocation status could not be checked right now.',
};

/** A verifier's answer for one token. */
export interface Verdict {
  readonly status: VerdictStatus;
  /** `true` only for `valid`. */
  readonly valid: boolean;
  /** One sentence for humans. */
  readonly reason: string;
  /** When the check ran. */
  readonly checkedAt: string;
  /** Label id, once the signature has been shown genuine. */
  readonly labelId?: string;
  /** Key id from the header, when it could be read. */
  readonly kid?: string;
  /** The headline claim, only when the signature is genuine (never for forged tokens). */
  readonly claim?: HeadlineClaim;
  /** Revocation details for `revoked`. */
  readonly revocation?: Revocation;
  /**
   * How revocation status was established: `live` (read from storage for this check),
   * `cached` (at most `maxAgeSeconds` old), `offline` (from a trust bundle), or `none`
   * (not checked: the token failed earlier).
   */
  readonly statusSource?: { readonly kind: 'live' | 'cached' | 'offline' | 'none'; readonly maxAgeSeconds?: number; readonly asOf?: string };
}

/** Builds a verdict with `valid` derived from `status`. */
export function verdict(
  status: VerdictStatus,
  checkedAt: Date,
  extra: Omit<Verdict, 'status' | 'valid' | 'reason' | 'checkedAt'> & { reason?: string } = {},
): Verdict {
  const { reason, ...rest } = extra;
  return {
    status,
    valid: status === 'valid',
    reason: reason ?? VERDICT_MEANINGS[status],
    checkedAt: checkedAt.toISOString(),
    ...rest,
  };
}
