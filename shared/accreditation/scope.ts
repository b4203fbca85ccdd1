/**
 * Accreditation scope: may this issuer certify this product? An accreditation names the HS
 * product categories it covers (a label's 6-digit `product.hsCode` must start with one), and
 * optionally the standards, markets and GS1 company prefixes it is limited to. Pure: the caller
 * passes the issuer's accreditations and the label's facts.
 *
 * Outcomes, in the order they are judged:
 * - `not_accredited`: the issuer holds no accreditation in force at issuance (none at all, or
 *   only expired, suspended or withdrawn ones);
 * - `outside_accreditation`: accreditations are in force, but none covers the label; the answer
 *   names what is missing, from the accreditation that came closest;
 * - `matched`: the first accreditation (in the order held) that covers every fact.
 */
import type { Accreditation } from './accreditation.ts';

/** An accreditation as judged here: the stored one's scope, period and status (ISO 8601 times). */
export type AccreditationScope = Pick<Accreditation, 'id' | 'productCategories' | 'standards' | 'markets' | 'gtinPrefixes' | 'from' | 'validUntil' | 'status'>;

/** The facts of a label that an accreditation must cover. */
export interface LabelScopeFacts {
  /** HS subheading, 6 digits. */
  readonly hsCode: string;
  /** Cross-sectoral standards the footprint follows. */
  readonly standards: readonly string[];
  /** Markets the label is issued for (e.g. `EU` when it carries a CBAM block). */
  readonly markets: readonly string[];
  /** GTINs among the product ids (digits only). */
  readonly gtins: readonly string[];
}

/** One fact an accreditation does not cover. */
export interface ScopeGap {
  readonly field: 'product.hsCode' | 'footprint.crossSectoralStandards' | 'market' | 'product.ids';
  readonly message: string;
}

/** The judgement. */
export type ScopeDecision =
  | { readonly outcome: 'matched'; readonly accreditation: AccreditationScope }
  | { readonly outcome: 'not_accredited'; readonly message: string }
  | { readonly outcome: 'outside_accreditation'; readonly message: string; readonly gaps: readonly ScopeGap[] };

/** Whether an accreditation is in force at `at`. */
export function inForce(a: AccreditationScope, at: Date): boolean {
  const t = at.getTime();
  return a.status === 'active' && Date.parse(a.from) <= t && t < Date.parse(a.validUntil);
}

/** What `a` does not cover of `facts`; empty when it covers everything. */
export function scopeGaps(a: AccreditationScope, facts: LabelScopeFacts): ScopeGap[] {
  const gaps: ScopeGap[] = [];
  if (!a.productCategories.some((c) => facts.hsCode.startsWith(c))) {
    gaps.push({ field: 'product.hsCode', message: `HS code ${facts.hsCode} is outside the accredited product categories (${a.productCategories.join(', ')})` });
  }
  if (a.standards && a.standards.length > 0) {
    const missing = facts.standards.filter((s) => !a.standards!.includes(s));
    if (facts.standards.length === 0 || missing.length === facts.standards.length) {
      gaps.push({
        field: 'footprint.crossSectoralStandards',
        message: `none of the standards (${facts.standards.join(', ') || 'none'}) is accredited (${a.standards.join(', ')})`,
      });
    }
  }
  if (a.markets && a.markets.length > 0) {
    const outside = facts.markets.filter((m) => !a.markets!.includes(m));
    if (outside.length > 0) gaps.push({ field: 'market', message: `market ${outside.join(', ')} is outside the accredited markets (${a.markets.join(', ')})` });
  }
  if (a.gtinPrefixes && a.gtinPrefixes.length > 0) {
    const foreign = facts.gtins.filter((g) => !a.gtinPrefixes!.some((p) => g.startsWith(p) || g.replace(/^0+/, '').startsWith(p)));
    if (facts.gtins.length === 0)
      gaps.push({ field: 'product.ids', message: `a GTIN under the accredited prefixes (${a.gtinPrefixes.join(', ')}) is required` });
    else if (foreign.length > 0)
      gaps.push({ field: 'product.ids', message: `GTIN ${foreign.join(', ')} is not under the accredited prefixes (${a.gtinPrefixes.join(', ')})` });
  }
  return gaps;
}

/** Judges whether an issuer holding `accreditations` may issue a label with `facts` at `at`. */
export function judgeScope(accreditations: readonly AccreditationScope[], facts: LabelScopeFacts, at: Date): ScopeDecision {
  const current = accreditations.filter((a) => inForce(a, at));
  if (current.length === 0) {
    const why =
      accreditations.length === 0 ? 'the issuer holds no accreditation' : "none of the issuer's accreditations is in force (expired, suspended or withdrawn)";
    return { outcome: 'not_accredited', message: `Not accredited: ${why}.` };
  }
  let closest: ScopeGap[] | undefined;
  for (const a of current) {
    const gaps = scopeGaps(a, facts);
    if (gaps.length === 0) return { outcome: 'matched', accreditation: a };
    if (!closest || gaps.length < closest.length) closest = gaps;
  }
  const gaps = closest ?? [];
  return { outcome: 'outside_accreditation', message: `Outside accreditation: ${gaps.map((g) => g.message).join('; ')}.`, gaps };
}
