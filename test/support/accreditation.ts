/**
 * Accreditations for tests that issue labels: since issue #13 an issuer may only issue within an
 * accreditation, so every helper that registers an issuer to issue with gives it this broad one
 * (every HS chapter, no standard, market or GTIN limit) unless the test is about scope.
 */
import type { Accreditation } from '../../shared/accreditation/accreditation.ts';
import { newAccreditationId } from '../../shared/ids.ts';

/** HS chapters 01–97, as two-digit product categories. */
export const ALL_HS_CHAPTERS: readonly string[] = Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0'));

/** An accreditation body covering every product: the default of the test helpers. */
export const BROAD_ACCREDITATION = {
  productCategories: [...ALL_HS_CHAPTERS],
  validUntil: '2099-12-31T00:00:00Z',
  accreditedBy: 'Test Accreditation Body',
  reference: 'TAB-BROAD-0001',
} as const;

/** Steel only (HS chapter 72), as the example of a scope. */
export const STEEL_ACCREDITATION = {
  productCategories: ['72'],
  validUntil: '2099-12-31T00:00:00Z',
  accreditedBy: 'Test Accreditation Body',
  reference: 'TAB-STEEL-0001',
} as const;

/** A stored broad accreditation of `issuerId`, in force from `from`: for tests that issue through the core, not HTTP. */
export function broadAccreditationRecord(issuerId: string, from: Date): Accreditation {
  return { id: newAccreditationId(), issuerId, ...BROAD_ACCREDITATION, productCategories: [...ALL_HS_CHAPTERS], from: from.toISOString(), status: 'active' };
}

/** The body of `POST /admin/issuers` for an issuer that may issue anything. */
export const accreditedIssuerBody = (name: string) => ({ name, accreditation: BROAD_ACCREDITATION });
