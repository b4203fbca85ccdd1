/**
 * Revocation reason codes: the closed list a revocation takes (issue 14). Offline artefacts carry
 * only bits, and the bounded `/revocations` list carries a code, never free text, so the bytes an
 * issuer can add per revocation are a constant, not the length of what it typed. Free text, where
 * given, stays with the label record and is shown only by the online API and pages.
 *
 * Not wired yet: `shared/label/record.ts` still stores a free-text `reason`.
 */
import * as z from 'zod';

/** Every reason code, in the order forms offer them. Closed: verifiers switch on it. */
export const REVOCATION_REASON_CODES = ['superseded', 'data_error', 'withdrawn_by_issuer', 'withdrawn_by_scheme', 'key_compromise', 'other'] as const;

/** Why a label was revoked. */
export type RevocationReasonCode = (typeof REVOCATION_REASON_CODES)[number];

/** A reason code, and nothing else (no case folding, no aliases: one spelling per code). */
export const RevocationReasonCodeSchema = z.enum(REVOCATION_REASON_CODES);

/** Longest free text kept with a revocation (online only; matches the old list's reason cap). */
export const MAX_REVOCATION_NOTE_CHARS = 160;

/**
 * A revocation's reason as an API request gives it: a code, plus optional text for people.
 * `superseded` is the code for a label replaced by another; the successor id travels separately.
 */
export const RevocationReasonSchema = z.strictObject({
  code: RevocationReasonCodeSchema,
  note: z.string().trim().min(1).max(MAX_REVOCATION_NOTE_CHARS).optional(),
});

/** A parsed {@link RevocationReasonSchema}. */
export type RevocationReason = z.infer<typeof RevocationReasonSchema>;

/** Whether `value` is a reason code (for decoding stored or listed codes without throwing). */
export function isRevocationReasonCode(value: unknown): value is RevocationReasonCode {
  return RevocationReasonCodeSchema.safeParse(value).success;
}
