import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case: no i, l, o, u

/** A random id of `length` Crockford base32 characters (5 bits each). */
export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[bytes[i]! & 31];
  return id;
}

/** Label ids: 16 characters, 80 random bits; short because the compact QR carries one. */
export const newLabelId = (): string => randomId(16);

/** Issuer ids: `org_` and 12 characters (60 random bits). */
export const newIssuerId = (): string => `org_${randomId(12)}`;

/** Accreditation ids: `acc_` and 12 characters. */
export const newAccreditationId = (): string => `acc_${randomId(12)}`;

/** Shape of ids we mint, for validating path parameters before touching storage. */
export const LABEL_ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{16}$/;
export const ISSUER_ID_PATTERN = /^org_[0-9a-hjkmnp-tv-z]{12}$/;
export const ACCREDITATION_ID_PATTERN = /^acc_[0-9a-hjkmnp-tv-z]{12}$/;

/** An `Idempotency-Key` header: 1–255 visible ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
