/**
 * Accreditations: what an issuer may certify, granted by an accrediting body and recorded by the
 * scheme operator. Stored per issuer; listed (without reasons) in the signed trust list; judged
 * at issuance by `scope.ts`. Times here are ISO 8601; the trust list carries them as seconds.
 */

/** An accreditation's lifecycle: `active` may issue; `suspended` may not (labels stay, with a warning); `withdrawn` is terminal and its labels stop verifying. */
export type AccreditationStatus = 'active' | 'suspended' | 'withdrawn';

/** An accreditation as stored. */
export interface Accreditation {
  /** `acc_` and 12 Crockford base32 characters. */
  readonly id: string;
  readonly issuerId: string;
  /** HS chapters, headings or subheadings (2 to 6 digits) a label's `product.hsCode` must start with. */
  readonly productCategories: readonly string[];
  readonly standards?: readonly string[];
  /** ISO 3166-1 alpha-2 codes, or `EU`. */
  readonly markets?: readonly string[];
  /** GS1 company prefixes; required for a manufacturer. */
  readonly gtinPrefixes?: readonly string[];
  /** When it came into force (its creation). */
  readonly from: string;
  readonly validUntil: string;
  /** The accrediting body, e.g. "CNAS". */
  readonly accreditedBy: string;
  /** The accreditation's reference (certificate number). */
  readonly reference: string;
  readonly status: AccreditationStatus;
  /** When and why the status last changed (absent while it never did). */
  readonly statusAt?: string;
  readonly statusReason?: string;
}
