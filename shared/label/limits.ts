/**
 * Every size and range limit of a label, named once. The request schema, the claims schema and
 * its fast path, the token type and the issuance check all read them from here, so a label can
 * never be accepted that a verifier would then call `malformed`, or whose QR code cannot be drawn.
 *
 * How they hang together (each relation is asserted in test/unit/shared/label/limits.test.ts):
 * - a request field's limit is the limit of the claim that carries it (`CLAIM_MAX` is written in
 *   terms of `TEXT_MAX`), or lies within a wider wire limit (times: {@link TIME_MAX_LENGTH} ≤ 40);
 * - per-field limits alone cannot bound the token (twenty 64-character standards in CJK are
 *   5 KB), so issuance also measures the encoded token before signing: at most
 *   {@link LABEL_TOKEN_MAX_LENGTH} characters, and `{PUBLIC_BASE_URL}/v/{token}` within
 *   {@link QR_V40_BYTE_CAPACITY} at the full QR's error-correction level (`shared/label/fits.ts`);
 * - that QR capacity is below the token limit, so every token whose QR can be drawn is read whole.
 *
 * Text lengths count UTF-16 code units of the NFC form, as JavaScript, zod and the claims do.
 * Pure constants: the verify path imports this file, and it must stay free of zod and qrcode.
 */
import type { QrErrorCorrection } from '../qr/qr-content.ts';

/** Longest issuer-controlled texts (code units, after trimming and NFC normalisation). */
export const TEXT_MAX = {
  issuerName: 200,
  productId: 200,
  productName: 200,
  productDescription: 2000,
  standard: 64,
  verificationProvider: 200,
  verificationStandard: 200,
  installationName: 200,
  productionRoute: 100,
  revocationReason: 500,
} as const;

/** Longest lists. */
export const LIST_MAX = {
  productIds: 20,
  ipccFactors: 10,
  standards: 20,
} as const;

/** Longest decimal string, e.g. "2010.4" (figures are never parsed into floats). */
export const DECIMAL_MAX_LENGTH = 40;

/** Fractional-second digits a request time may carry: nanoseconds, more than any clock measures. */
export const TIME_MAX_FRACTION_DIGITS = 9;

/** Longest request time, e.g. `2025-01-01T00:00:00.123456789+05:30` (35 characters). */
export const TIME_MAX_LENGTH = 'YYYY-MM-DDThh:mm:ss'.length + '.'.length + TIME_MAX_FRACTION_DIGITS + '+hh:mm'.length;

/**
 * No date a label carries lies before this: 1990 is the base year of the Kyoto Protocol, and no
 * product-footprint standard is older. An earlier date is a typing mistake, not a footprint.
 */
export const EARLIEST_DATE = '1990-01-01T00:00:00Z';

/** Longest validity of a label, from issuance to `validUntil`, in calendar years. */
export const MAX_VALIDITY_YEARS = 10;

/**
 * How far ahead of our clock an issuer's clock may be when it names a past moment (a verification
 * date). The same leeway verifiers give `nbf`/`exp` (`DEFAULT_CLOCK_SKEW_SECONDS`; the limits test
 * holds them equal).
 */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * What verifiers accept in a label token's claims (`LabelClaimsSchema` and `surelyLabelClaims`).
 * Each is the request limit of the field it carries, or a wire limit at least as wide.
 */
export const CLAIM_MAX = {
  /** Issuer and label ids; we mint 16 characters. */
  iss: 64,
  sub: 64,
  isn: TEXT_MAX.issuerName,
  pid: TEXT_MAX.productId,
  pnm: TEXT_MAX.productName,
  pcf: DECIMAL_MAX_LENGTH,
  dua: DECIMAL_MAX_LENGTH,
  /** Enum values (`DECLARED_UNITS`, `BOUNDARIES`), the longest 14 characters. */
  duu: 40,
  bnd: 40,
  /**
   * Times: wider than {@link TIME_MAX_LENGTH}, because labels issued before the fractional-digit
   * limit may carry up to 40 characters here and must go on verifying.
   */
  rps: 40,
  rpe: 40,
  std: TEXT_MAX.standard,
  stdItems: LIST_MAX.standards,
  geo: 8,
  asp: TEXT_MAX.verificationProvider,
} as const;

/** Longest label token a verifier reads; anything longer is `malformed` before decoding. */
export const LABEL_TOKEN_MAX_LENGTH = 4096;

/** Characters of an ES256 signature (64 bytes) in base64url: known before signing. */
export const SIGNATURE_B64_LENGTH = Math.ceil((64 * 4) / 3);

/**
 * Bytes the largest QR symbol (version 40) holds in byte mode at each error-correction level
 * (ISO/IEC 18004, table 7). A URL of at most this many UTF-8 bytes always fits: byte mode can
 * carry any text, and the `qrcode` package only ever picks a smaller mix of modes.
 */
export const QR_V40_BYTE_CAPACITY: Readonly<Record<QrErrorCorrection, number>> = { L: 2953, M: 2331, Q: 1663, H: 1273 };
