/** Accreditation scope: steel certifiers cannot certify coffee; expiry, suspension and withdrawal count. */
import { describe, expect, it } from 'vitest';
import { judgeScope, type AccreditationScope, type LabelScopeFacts } from '../../../../shared/accreditation/scope.ts';

const steel: AccreditationScope = {
  id: 'acc_steel',
  productCategories: ['7208', '7601'],
  from: '2026-01-01T00:00:00Z',
  validUntil: '2028-01-01T00:00:00Z',
  status: 'active',
};
const coil: LabelScopeFacts = { hsCode: '720839', standards: ['ISO 14067'], markets: ['EU'], gtins: ['4006381333931'] };
const coffee: LabelScopeFacts = { hsCode: '090121', standards: ['ISO 14067'], markets: [], gtins: ['6901234567892'] };
const at = new Date('2026-12-01T00:00:00Z');

describe('judgeScope', () => {
  it('matches a label inside the product categories', () => {
    expect(judgeScope([steel], coil, at)).toMatchObject({ outcome: 'matched', accreditation: { id: 'acc_steel' } });
  });

  it('an issuer accredited for steel cannot issue coffee, and is told the HS code is the gap', () => {
    const decision = judgeScope([steel], coffee, at);
    expect(decision.outcome).toBe('outside_accreditation');
    expect(decision.outcome === 'outside_accreditation' && decision.gaps.map((g) => g.field)).toEqual(['product.hsCode']);
  });

  it('no accreditation, or none in force, is not_accredited', () => {
    expect(judgeScope([], coil, at).outcome).toBe('not_accredited');
    for (const a of [
      { ...steel, status: 'suspended' as const },
      { ...steel, status: 'withdrawn' as const },
      { ...steel, validUntil: '2026-06-01T00:00:00Z' },
      { ...steel, from: '2027-01-01T00:00:00Z' },
    ]) {
      expect(judgeScope([a], coil, at).outcome).toBe('not_accredited');
    }
  });

  it('standards, markets and GTIN prefixes narrow the scope', () => {
    expect(judgeScope([{ ...steel, standards: ['PACT v3'] }], coil, at)).toMatchObject({
      outcome: 'outside_accreditation',
      gaps: [{ field: 'footprint.crossSectoralStandards' }],
    });
    expect(judgeScope([{ ...steel, standards: ['ISO 14067', 'PACT v3'] }], coil, at).outcome).toBe('matched');
    expect(judgeScope([{ ...steel, markets: ['CN'] }], coil, at)).toMatchObject({ outcome: 'outside_accreditation', gaps: [{ field: 'market' }] });
    expect(judgeScope([{ ...steel, markets: ['CN', 'EU'] }], coil, at).outcome).toBe('matched');
    expect(judgeScope([{ ...steel, gtinPrefixes: ['690123456'] }], coil, at)).toMatchObject({
      outcome: 'outside_accreditation',
      gaps: [{ field: 'product.ids' }],
    });
    expect(judgeScope([{ ...steel, gtinPrefixes: ['4006381'] }], coil, at).outcome).toBe('matched');
    expect(judgeScope([{ ...steel, gtinPrefixes: ['4006381'] }], { ...coil, gtins: [] }, at)).toMatchObject({
      outcome: 'outside_accreditation',
      gaps: [{ field: 'product.ids' }],
    });
  });

  it('the first accreditation that covers the label is the one matched; gaps come from the closest', () => {
    const aluminium: AccreditationScope = { ...steel, id: 'acc_alu', productCategories: ['7601'] };
    expect(judgeScope([aluminium, steel], coil, at)).toMatchObject({ outcome: 'matched', accreditation: { id: 'acc_steel' } });
    const narrow = { ...steel, id: 'acc_narrow', markets: ['CN'], standards: ['PACT v3'] };
    const decision = judgeScope([narrow, { ...steel, id: 'acc_cn', markets: ['CN'] }], coil, at);
    expect(decision).toMatchObject({ outcome: 'outside_accreditation', gaps: [{ field: 'market' }] });
  });
});
