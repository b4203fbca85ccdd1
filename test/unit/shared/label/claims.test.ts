/**
 * The claims fast path agrees with the schema: whatever `surelyLabelClaims` accepts,
 * `LabelClaimsSchema` accepts with the very same output, so the fast path can change no verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelClaimsSchema, parseLabelClaims, surelyLabelClaims } from '../../../../shared/label/claims.ts';
import { CLAIM_MAX } from '../../../../shared/label/limits.ts';
import { sampleClaims } from '../../../support/sample-claims.ts';

/** Strings around each limit, so both sides of every bound are drawn. */
const str = (max: number) => fc.oneof(fc.string({ maxLength: max + 2 }), fc.string({ minLength: Math.max(0, max - 1), maxLength: max + 1 }), fc.constant(''));
const time = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000 }),
  fc.integer({ min: -5, max: 5 }),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.string(),
);

/** Replacement values for each member (and `extra`, an unknown member), around the limits of `limits.ts`. */
const replacements = fc.record({
  iss: str(CLAIM_MAX.iss),
  sub: str(CLAIM_MAX.sub),
  iat: time,
  nbf: time,
  exp: time,
  dig: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.string({ maxLength: 45 })),
  isn: str(CLAIM_MAX.isn),
  pid: str(CLAIM_MAX.pid),
  pnm: str(CLAIM_MAX.pnm),
  pcf: str(CLAIM_MAX.pcf),
  dua: str(CLAIM_MAX.dua),
  duu: str(CLAIM_MAX.duu),
  bnd: str(CLAIM_MAX.bnd),
  rps: str(CLAIM_MAX.rps),
  rpe: str(CLAIM_MAX.rpe),
  std: fc.oneof(fc.array(str(CLAIM_MAX.std), { maxLength: CLAIM_MAX.stdItems + 2 }), fc.string(), fc.array(fc.anything(), { maxLength: 3 })),
  geo: str(CLAIM_MAX.geo),
  asp: str(CLAIM_MAX.asp),
  asl: fc.oneof(fc.constantFrom('limited', 'reasonable', 'none', ''), fc.anything()),
  extra: fc.anything(),
});
const MEMBERS = [
  'iss',
  'sub',
  'iat',
  'nbf',
  'exp',
  'dig',
  'isn',
  'pid',
  'pnm',
  'pcf',
  'dua',
  'duu',
  'bnd',
  'rps',
  'rpe',
  'std',
  'geo',
  'asp',
  'asl',
  'extra',
] as const;

/** Claims-like objects: the sample with up to three members replaced, mistyped or dropped. */
const claimsLike = fc
  .tuple(replacements, fc.subarray([...MEMBERS], { maxLength: 3 }), fc.subarray([...MEMBERS], { maxLength: 2 }))
  .map(([values, replaced, dropped]) => {
    const claims: Record<string, unknown> = { ...sampleClaims('aaaaaaaaaaaaaaaa') };
    for (const m of replaced) claims[m] = values[m];
    for (const m of dropped) delete claims[m];
    return claims;
  });

describe('surelyLabelClaims (the fast path) against LabelClaimsSchema', () => {
  it('accepts the sample claims, with and without assurance', () => {
    expect(surelyLabelClaims(sampleClaims('aaaaaaaaaaaaaaaa'))).toBe(true);
    expect(surelyLabelClaims(sampleClaims('aaaaaaaaaaaaaaaa', { asp: 'TÜV', asl: 'limited' }))).toBe(true);
  });

  it('whatever the fast path accepts, the schema accepts with the same output', () => {
    fc.assert(
      fc.property(fc.oneof(claimsLike, fc.anything()), (value) => {
        if (!surelyLabelClaims(value)) return;
        const parsed = LabelClaimsSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 5000 },
    );
  });

  it('parseLabelClaims gives the schema verdict whichever path answers', () => {
    fc.assert(
      fc.property(fc.oneof(claimsLike, fc.anything()), (value) => {
        const parsed = parseLabelClaims(value);
        const schema = LabelClaimsSchema.safeParse(value);
        expect(parsed.ok).toBe(schema.success);
        if (parsed.ok && schema.success) expect(parsed.value).toEqual(schema.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('the property is not vacuous: the generator reaches both answers of the fast path', () => {
    const values = fc.sample(claimsLike, 2000);
    const accepted = values.filter(surelyLabelClaims).length;
    expect(accepted).toBeGreaterThan(20);
    expect(accepted).toBeLessThan(values.length);
  });
});
