/**
 * The headline figure in human form: "2010.4 kgCO2e per 1000 kilogram" reads as "2.01 t CO₂e per
 * tonne". All arithmetic is on the decimal strings (as BigInt digits), never on binary floats, so
 * no figure is ever shown as 2.0100000000000002.
 */
import type { DECLARED_UNITS } from '../label/request-schema.ts';

/** A declared unit, or `tonne` for 1000 kilogram. */
export type DeclaredUnitKey = (typeof DECLARED_UNITS)[number] | 'tonne';

/** The figure, ready for a language to phrase. */
export interface FootprintFigure {
  /** Rounded to {@link SIGNIFICANT_DIGITS} significant digits (integer digits are never dropped). */
  readonly value: string;
  /** The mass unit of `value`: kilograms, or tonnes from 1000 kg up. */
  readonly massUnit: 'kg' | 't';
  /** What the figure is per: `amount` is absent for one unit. */
  readonly per: { readonly amount?: string; readonly unit: DeclaredUnitKey };
}

/** Significant digits of the headline (the exact figure is always shown beside it). */
export const SIGNIFICANT_DIGITS = 3;

interface Decimal {
  readonly negative: boolean;
  /** Every digit, no point: "20.104" is 20104n with scale 3. */
  readonly digits: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function parse(s: string): Decimal | undefined {
  const m = DECIMAL.exec(s);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  return { negative: m[1] === '-', digits: BigInt(`${m[2]}${fraction}`), scale: fraction.length };
}

function print(d: Decimal): string {
  let text = d.digits.toString().padStart(d.scale + 1, '0');
  if (d.scale > 0) text = `${text.slice(0, -d.scale)}.${text.slice(-d.scale)}`.replace(/\.?0+$/, '');
  return d.negative && d.digits !== 0n ? `-${text}` : text;
}

/** Digits before the point (negative for 0.00…): the decimal exponent of the leading digit + 1. */
function magnitude(d: Decimal): number {
  return d.digits === 0n ? 1 : d.digits.toString().length - d.scale;
}

/** Rounds half away from zero to `significant` digits, keeping every integer digit. */
function roundSignificant(d: Decimal, significant: number): Decimal {
  const keep = Math.max(0, significant - magnitude(d));
  if (d.scale <= keep) return d;
  const drop = 10n ** BigInt(d.scale - keep);
  let q = d.digits / drop;
  if ((d.digits % drop) * 2n >= drop) q += 1n;
  return { negative: d.negative, digits: q, scale: keep };
}

/**
 * Normalises a decimal string ("1000.0" → "1000", "0.50" → "0.5"); anything that is not a plain
 * decimal is returned unchanged, so a caller never shows a figure that differs from the record.
 */
export function normaliseDecimal(s: string): string {
  const d = parse(s);
  return d ? print(d) : s;
}

/** Rounds a decimal string to `significant` significant digits (integer digits are kept). */
export function roundDecimal(s: string, significant = SIGNIFICANT_DIGITS): string {
  const d = parse(s);
  return d ? print(roundSignificant(d, significant)) : s;
}

/**
 * Phrases a footprint: `pcf` kgCO2e per `amount` `unit`. 1000 kilogram becomes a tonne, and from
 * 1000 kg up the figure is given in tonnes.
 */
export function footprintFigure(pcf: string, amount: string, unit: string): FootprintFigure {
  const value = parse(pcf);
  const normalisedAmount = normaliseDecimal(amount);
  const per: FootprintFigure['per'] =
    unit === 'kilogram' && normalisedAmount === '1000'
      ? { unit: 'tonne' }
      : { ...(normalisedAmount === '1' ? {} : { amount: normalisedAmount }), unit: unit as DeclaredUnitKey };
  if (!value) return { value: pcf, massUnit: 'kg', per };
  // Decide the unit after rounding, so 999.7 kg reads "1 t", not "1000 kg".
  const inTonnes = magnitude(roundSignificant(value, SIGNIFICANT_DIGITS)) >= 4;
  const scaled = inTonnes ? { ...value, scale: value.scale + 3 } : value;
  return { value: print(roundSignificant(scaled, SIGNIFICANT_DIGITS)), massUnit: inTonnes ? 't' : 'kg', per };
}
