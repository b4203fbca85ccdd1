import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/errors/errors.ts';
import { createLabelRequestSchema } from '../../../../shared/label/request-schema.ts';
import { parseInput } from '../../../../shared/validation/parse-input.ts';
import { INVALID_FIXTURES, INVALID_FIXTURE_FIELDS, VALID_FIXTURES, validFixture } from '../../../support/fixtures.ts';

const NOW = new Date('2026-11-29T00:00:00Z');
const schema = createLabelRequestSchema(() => NOW);

function refusal(body: unknown): ValidationError {
  try {
    parseInput(schema, body, 'label request');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('label request schema', () => {
  it.each(VALID_FIXTURES.map((f) => [f.name, f.body] as const))('accepts the valid fixture %s', (_name, body) => {
    const parsed = parseInput(schema, body, 'label request');
    expect(parsed.product.ids.length).toBeGreaterThan(0);
  });

  it.each(INVALID_FIXTURES.map((f) => [f.name, f.body] as const))('refuses the invalid fixture %s naming its field', (name, body) => {
    const error = refusal(body);
    expect(error.issues.map((i) => i.path)).toContain(INVALID_FIXTURE_FIELDS[name]);
  });

  it('keeps every fixture end date at least a year ahead of the real clock', () => {
    // The README walkthrough and the end-to-end suites issue these fixtures at today's date, and
    // an end date in the past is refused. Fail here, naming the files, well before that happens.
    const yearAhead = Date.now() + 365 * 86_400_000;
    const stale = [...VALID_FIXTURES, ...INVALID_FIXTURES.filter((f) => f.name !== 'valid-until-before-issue')]
      .filter((f) => typeof f.body.validUntil === 'string' && Date.parse(f.body.validUntil) < yearAhead)
      .map((f) => `${f.name}: validUntil ${String(f.body.validUntil)}`);
    expect(stale, "move these fixtures' validUntil forward (test/fixtures/)").toEqual([]);
  });

  it('keeps every invalid fixture accounted for', () => {
    expect(Object.keys(INVALID_FIXTURE_FIELDS).sort()).toEqual(INVALID_FIXTURES.map((f) => f.name).sort());
  });

  it('keeps decimal strings exactly as given', () => {
    const body = validFixture('steel-hot-rolled-coil');
    (body.footprint as Record<string, string>).pcfExcludingBiogenicUptake = '2010.40000000000000001';
    const parsed = parseInput(schema, body, 'label request');
    expect(parsed.footprint.pcfExcludingBiogenicUptake).toBe('2010.40000000000000001');
  });

  it.each([
    ['exponent', '2e3'],
    ['leading zeros', '007'],
    ['plus sign', '+5'],
    ['trailing dot', '5.'],
    ['a number, not a string', 2010.4],
  ])('refuses a figure with %s', (_what, value) => {
    const body = validFixture('steel-hot-rolled-coil');
    (body.footprint as Record<string, unknown>).pcfExcludingBiogenicUptake = value;
    expect(refusal(body).issues[0]?.path).toBe('footprint.pcfExcludingBiogenicUptake');
  });

  it('allows a negative figure only where PACT does (including biogenic uptake)', () => {
    const body = validFixture('cotton-tshirt');
    (body.footprint as Record<string, string>).pcfIncludingBiogenicUptake = '-1.5';
    expect(() => parseInput(schema, body, 'label request')).not.toThrow();
  });

  it('refuses unknown fields rather than silently dropping them', () => {
    const body = { ...validFixture('cotton-tshirt'), colour: 'blue' };
    expect(refusal(body).issues[0]?.path).toBe('(root)');
  });

  it('refuses a zero declared unit amount', () => {
    const body = validFixture('cotton-tshirt');
    (body.footprint as Record<string, string>).declaredUnitAmount = '0.000';
    expect(refusal(body).issues[0]?.path).toBe('footprint.declaredUnitAmount');
  });

  it('accepts percentages at exactly 100 and refuses just above', () => {
    const body = validFixture('cotton-tshirt');
    (body.footprint as Record<string, string>).exemptedEmissionsPercent = '100.000';
    expect(() => parseInput(schema, body, 'label request')).not.toThrow();
    (body.footprint as Record<string, string>).exemptedEmissionsPercent = '100.0001';
    expect(refusal(body).issues[0]?.path).toBe('footprint.exemptedEmissionsPercent');
  });

  it('judges validUntil against the injected clock', () => {
    const body = { ...validFixture('cotton-tshirt'), validUntil: '2026-11-30T00:00:00Z' };
    expect(() => parseInput(schema, body, 'label request')).not.toThrow();
    const later = createLabelRequestSchema(() => new Date('2026-12-01T00:00:00Z'));
    expect(() => parseInput(later, body, 'label request')).toThrow(ValidationError);
  });

  it('refuses reserved country codes such as EU', () => {
    const body = validFixture('cotton-tshirt');
    (body.footprint as Record<string, string>).geographyCountry = 'EU';
    expect(refusal(body).issues[0]?.path).toBe('footprint.geographyCountry');
  });
});

describe('dates in sane ranges', () => {
  const at = new Date('2026-12-01T12:00:00Z');
  const judged = createLabelRequestSchema(() => at);
  const refusedAt = (body: unknown) => {
    try {
      parseInput(judged, body, 'label request');
    } catch (error) {
      if (error instanceof ValidationError) return error.issues;
      throw error;
    }
    throw new Error('expected the request to be refused');
  };
  const steel = () => validFixture('steel-hot-rolled-coil') as Record<string, any>;

  it('validity: exactly 10 years is accepted, a second more is refused saying so', () => {
    expect(() => parseInput(judged, { ...steel(), validUntil: '2036-12-01T12:00:00Z' }, 'label request')).not.toThrow();
    expect(() => parseInput(judged, { ...steel(), validUntil: '2036-12-01T13:00:00+01:00' }, 'label request')).not.toThrow();
    const issues = refusedAt({ ...steel(), validUntil: '2036-12-01T12:00:01Z' });
    expect(issues).toEqual([{ path: 'validUntil', message: expect.stringMatching(/^must be at most 10 years after issuance/) }]);
  });

  it('a verification date up to the clock skew ahead is accepted; further ahead is refused', () => {
    const body = steel();
    body.verification.completedAt = '2026-12-01T12:00:30Z';
    expect(() => parseInput(judged, body, 'label request')).not.toThrow();
    body.verification.completedAt = '2026-12-01T12:02:00Z';
    expect(refusedAt(body)).toEqual([{ path: 'verification.completedAt', message: expect.stringMatching(/^must not lie in the future/) }]);
  });

  it.each(['footprint.referencePeriodStart', 'footprint.referencePeriodEnd', 'verification.completedAt', 'validUntil'])(
    '%s: at most 9 fractional-second digits (so it fits its claim)',
    (path) => {
      const set = (body: Record<string, any>, value: string) => {
        const keys = path.split('.');
        const last = keys.pop()!;
        keys.reduce((o, k) => o[k], body)[last] = value;
      };
      const original = path.split('.').reduce<any>((o, k) => o[k], steel()) as string;
      const body = steel();
      set(body, original.replace('Z', '.123456789Z'));
      expect(() => parseInput(judged, body, 'label request')).not.toThrow();
      set(body, original.replace('Z', '.1234567890Z'));
      expect(refusedAt(body)).toContainEqual({ path, message: expect.stringMatching(/^must have at most 9 digits after the seconds/) });
    },
  );

  it('no date before 1990', () => {
    const body = steel();
    body.footprint.referencePeriodStart = '1989-12-31T23:59:59Z';
    expect(refusedAt(body)).toEqual([{ path: 'footprint.referencePeriodStart', message: 'must not be before 1990-01-01' }]);
  });

  it("messages say in words what is expected, never zod's defaults", () => {
    const body = steel();
    body.product.name = 'x'.repeat(201);
    body.footprint.crossSectoralStandards = Array.from({ length: 21 }, () => 'ISO 14067');
    body.footprint.pcfExcludingBiogenicUptake = '1'.repeat(41);
    const messages = refusedAt(body).map((i) => i.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        'must be at most 200 characters long (counted after Unicode NFC normalisation)',
        'must name at most 20 standards',
        'must be at most 40 characters long',
      ]),
    );
    for (const message of messages) expect(message).not.toMatch(/Too big|Too small|Invalid input/);
  });
});
