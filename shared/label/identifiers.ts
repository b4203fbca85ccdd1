/**
 * Rules for the identifiers a label carries: GS1 GTINs, product URNs, UN/LOCODEs, CN codes.
 * Pure functions, so the schema and anyone else can reuse them.
 */

/** `true` when `digits` (8, 12, 13 or 14 digits) ends in a correct GS1 mod-10 check digit. */
export function hasValidGs1CheckDigit(digits: string): boolean {
  if (!/^\d{8}$|^\d{12,14}$/.test(digits)) return false;
  let sum = 0;
  // Weights alternate 3,1,3,… starting from the digit left of the check digit.
  for (let i = digits.length - 2, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += Number(digits[i]) * weight;
  }
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** A product URN: `urn:<nid>:<nss>`; GTIN URNs must be 14 digits with a valid check digit. */
export function productUrnProblem(urn: string): string | undefined {
  const match = /^urn:([a-z0-9][a-z0-9-]{0,31}):(\S+)$/i.exec(urn);
  if (!match) return 'must be a URN such as urn:gtin:06901234560015';
  const [, nid, nss] = match as unknown as [string, string, string];
  if (nid.toLowerCase() === 'gtin') {
    if (!/^\d{14}$/.test(nss)) return 'a urn:gtin: must carry exactly 14 digits';
    if (!hasValidGs1CheckDigit(nss)) return 'GTIN check digit is wrong';
  }
  return undefined;
}

/** UN/LOCODE without the space: two-letter country then three letters or digits 2–9. */
export const UN_LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/** EU Combined Nomenclature code: eight digits. */
export const CN_CODE = /^\d{8}$/;

/** Harmonized System subheading: 6 digits (a CN code's first six). */
export const HS_CODE = /^\d{6}$/;
