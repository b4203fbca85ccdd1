import { describe, expect, it } from 'vitest';
import { hasValidGs1CheckDigit, productUrnProblem } from '../../../../shared/label/identifiers.ts';

describe('GS1 check digits', () => {
  it.each(['06901234560015', '4006381333931', '73513537', '036000291452'])('accepts %s', (gtin) => {
    expect(hasValidGs1CheckDigit(gtin)).toBe(true);
  });
  it.each(['06901234560016', '4006381333932', '1234567', 'abcdefghijklm'])('refuses %s', (gtin) => {
    expect(hasValidGs1CheckDigit(gtin)).toBe(false);
  });
});

describe('product URNs', () => {
  it('accepts a GTIN URN with a valid check digit and other URN namespaces', () => {
    expect(productUrnProblem('urn:gtin:06901234560015')).toBeUndefined();
    expect(productUrnProblem('urn:pact:sample.com:product-id:44055-9c05')).toBeUndefined();
  });
  it('explains what is wrong', () => {
    expect(productUrnProblem('06901234560015')).toMatch(/URN/);
    expect(productUrnProblem('urn:gtin:4006381333931')).toMatch(/14 digits/);
    expect(productUrnProblem('urn:gtin:06901234560016')).toMatch(/check digit/);
  });
});
