import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { footprintFigure, normaliseDecimal, roundDecimal } from '../../../../shared/render/footprint-figure.ts';
import { en } from '../../../../shared/render/i18n/en.ts';

const phrase = (pcf: string, amount: string, unit: string) => {
  const f = footprintFigure(pcf, amount, unit);
  return `${f.value} ${f.massUnit} CO₂e ${en.per(f.per.amount, f.per.unit)}`;
};

describe('footprint figure', () => {
  it.each([
    ['2010.4', '1000', 'kilogram', '2.01 t CO₂e per tonne'],
    ['846', '1000', 'kilogram', '846 kg CO₂e per tonne'],
    ['4.21', '1', 'kilogram', '4.21 kg CO₂e per kg'],
    ['4.9', '1', 'piece', '4.9 kg CO₂e per piece'],
    ['61.8', '1', 'kilowatt hour', '61.8 kg CO₂e per kWh'],
    ['0.0012345', '1', 'liter', '0.00123 kg CO₂e per litre'],
    ['999.7', '1.0', 'kilogram', '1 t CO₂e per kg'],
    ['123456.7', '1000.000', 'kilogram', '123 t CO₂e per tonne'],
    ['12.5', '250', 'piece', '12.5 kg CO₂e per 250 pieces'],
    ['0', '1', 'megajoule', '0 kg CO₂e per MJ'],
    ['0.3', '2.50', 'square meter', '0.3 kg CO₂e per 2.5 m²'],
  ])('%s kgCO2e per %s %s reads "%s"', (pcf, amount, unit, expected) => {
    expect(phrase(pcf, amount, unit)).toBe(expected);
  });

  it('never shows float noise: 0.1 + 0.2 style values stay exact', () => {
    expect(footprintFigure('0.3', '1', 'kilogram').value).toBe('0.3');
    expect(footprintFigure('1000.3', '1', 'kilogram').value).toBe('1');
    expect(normaliseDecimal('2010.40')).toBe('2010.4');
    expect(normaliseDecimal('not a number')).toBe('not a number');
  });

  it('rounds half away from zero to three significant digits, within half a unit in the last place', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }), (digits, scale) => {
        const text = digits.toString().padStart(scale + 1, '0');
        const input = scale > 0 ? `${text.slice(0, -scale)}.${text.slice(-scale)}` : text;
        const rounded = roundDecimal(input, 3);
        // Compare exactly on a common scale of 10^-(scale + 40).
        const toScaled = (s: string) => {
          const [i = '0', f = ''] = s.split('.');
          return BigInt(i + f.padEnd(scale + 40, '0'));
        };
        const diff = toScaled(rounded) - toScaled(input);
        const abs = diff < 0n ? -diff : diff;
        const intDigits = input.split('.')[0]!.replace(/^0+/, '').length;
        const firstSignificant = intDigits > 0 ? intDigits : -(/^0\.(0*)/.exec(input)?.[1]?.length ?? 0);
        const keep = Math.max(0, 3 - firstSignificant);
        // Half a unit in the last kept place, on the common scale.
        const halfUlp = 5n * 10n ** BigInt(scale + 40 - keep - 1);
        expect(abs <= halfUlp).toBe(true);
        expect(rounded).toMatch(/^\d+(\.\d*[1-9])?$/);
      }),
      { numRuns: 300 },
    );
  });
});
