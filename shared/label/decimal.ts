/**
 * PACT-style decimal strings. Figures are kept as the exact strings the issuer sent, never parsed
 * into binary floats, so "2010.4" is signed, stored and shown as "2010.4".
 */

const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/** `true` when `s` is a plain decimal: optional minus, no exponent, no grouping, no leading zeros. */
export function isDecimalString(s: string): boolean {
  return DECIMAL.test(s);
}

/** Number of digits after the decimal point. */
export function fractionDigits(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** `true` for a decimal string with a leading minus sign that is not zero (e.g. "-0.0" is zero). */
export function isNegativeDecimal(s: string): boolean {
  return s.startsWith('-') && /[1-9]/.test(s);
}

/**
 * Compares two non-negative decimal strings exactly (no floats).
 * @returns negative, zero or positive like a sort comparator.
 */
export function compareNonNegativeDecimals(a: string, b: string): number {
  const [ai = '', af = ''] = a.split('.');
  const [bi = '', bf = ''] = b.split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const ap = af.padEnd(width, '0');
  const bp = bf.padEnd(width, '0');
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}
