/**
 * Verdicts: what a verifier says about a token. `status` is the stable code callers switch on;
 * only `valid` means the claim may be trusted.
 */
import type { Accreditation } from '../accreditation/accreditation.ts';
import type { HeadlineClaim } from '../label/claims.ts';
import type { Revocation } from '../label/record.ts';
import type { SchemeRef } from '../scheme/scheme.ts';

/** Every verdict code, in the order the checks run. */
export const VERDICT_STATUSES = [
  'malformed',
  'untrusted_scheme',
  'unknown_key',
  'bad_signature',
  'key_compromised',
  'unknown_label',
  'record_mismatch',
  'status_unavailable',
  'accreditation_withdrawn',
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
  untrusted_scheme: 'Signed with a key that no trusted (pinned) scheme lists: possibly a look-alike deployment.',
  accreditation_withdrawn: 'Genuine, but the scheme has withdrawn the issuer or the accreditation it was issued under.',
};

/** Codes of the warnings a verdict may carry (never a failure by themselves). */
export const VERDICT_WARNING_CODES = ['accreditation_suspended', 'issuer_suspended', 'accreditation_unlisted'] as const;

/** A verdict warning code. */
export type VerdictWarningCode = (typeof VERDICT_WARNING_CODES)[number];

/** What each warning means. */
export const VERDICT_WARNING_MEANINGS: Readonly<Record<VerdictWarningCode, string>> = {
  accreditation_suspended: 'The accreditation the label was issued under is suspended: no new labels under it; this one stands.',
  issuer_suspended: 'The issuer is suspended: it may not issue new labels; this one stands.',
  accreditation_unlisted: 'The trust list does not list the issuer or accreditation the label names (the list may predate it): pull a newer list.',
};

/** Something a reader should know about a verdict that does not change its status. */
export interface VerdictWarning {
  readonly code: VerdictWarningCode;
  readonly message: string;
}

/** What an issuer was accredited for, as the verdict reports it. */
export interface VerdictAccreditation {
  readonly id: string;
  /** What it covers, as recorded, with the category the label's HS code fell under. */
  readonly scope: Pick<Accreditation, 'productCategories' | 'standards' | 'markets' | 'gtinPrefixes'> & {
    /** The accredited HS category (2 to 6 digits) the label's HS code falls under, when it does. */
    readonly productCategory?: string;
    /** The label's HS code. */
    readonly hsCode?: string;
  };
  /** The accrediting body, reference, end (ISO 8601) and current status. */
  readonly accreditedBy: Accreditation['accreditedBy'];
  readonly reference: Accreditation['reference'];
  readonly validUntil: Accreditation['validUntil'];
  readonly status: Accreditation['status'];
}

/** The issuer as the scheme's trust list names it. */
export interface VerdictIssuer {
  readonly id: string;
  readonly name: string;
  readonly role?: 'manufacturer' | 'certification_body';
  readonly status?: 'active' | 'suspended' | 'withdrawn';
  /** The accreditation the label was issued under (labels naming one only). */
  readonly accreditation?: VerdictAccreditation;
}

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
  /** The scheme whose trust list vouches for the signing key (absent when no list is known). */
  readonly scheme?: SchemeRef;
  /** The issuer as the scheme lists it, with the accreditation the label names. */
  readonly issuer?: VerdictIssuer;
  /** Things to know that do not change the status (e.g. a suspended accreditation). */
  readonly warnings?: readonly VerdictWarning[];
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
