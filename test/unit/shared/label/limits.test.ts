/**
 * The limits of `shared/label/limits.ts` hold together: each request limit is enforced by the
 * request schema and fits the claim that carries it, the QR capacities are what the `qrcode`
 * package can draw, and every token whose QR code fits is one verifiers read whole.
 */
import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { loadLocalConfig } from '../../../../local/config/local-config.ts';
import { LabelClaimsSchema, surelyLabelClaims, type LabelClaims } from '../../../../shared/label/claims.ts';
import {
  CLAIM_MAX,
  CLOCK_SKEW_SECONDS,
  DECIMAL_MAX_LENGTH,
  LABEL_TOKEN_MAX_LENGTH,
  LIST_MAX,
  QR_V40_BYTE_CAPACITY,
  SIGNATURE_B64_LENGTH,
  TEXT_MAX,
  TIME_MAX_LENGTH,
} from '../../../../shared/label/limits.ts';
import { BOUNDARIES, DECLARED_UNITS, createLabelRequestSchema, latestValidUntil } from '../../../../shared/label/request-schema.ts';
import { QR_ERROR_CORRECTION, type QrErrorCorrection } from '../../../../shared/qr/qr-content.ts';
import { LABEL_TOKEN, MAX_TOKEN_LENGTH, signLabelToken } from '../../../../shared/tokens/label-token.ts';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../../../../shared/verification/steps.ts';
import { sampleClaims } from '../../../support/sample-claims.ts';
import { validFixture } from '../../../support/fixtures.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const schema = createLabelRequestSchema(() => NOW);
type Body = Record<string, any>;

/** Request fields with a length limit, how to set them, and the claim that carries them. */
const TEXT_FIELDS: ReadonlyArray<{ path: string; limit: number; set: (b: Body, v: string) => void; claim?: keyof typeof CLAIM_MAX }> = [
  { path: 'product.name', limit: TEXT_MAX.productName, set: (b, v) => (b.product.name = v), claim: 'pnm' },
  { path: 'product.description', limit: TEXT_MAX.productDescription, set: (b, v) => (b.product.description = v) },
  { path: 'product.ids.0', limit: TEXT_MAX.productId, set: (b, v) => (b.product.ids[0] = `urn:example:${v.slice('urn:example:'.length)}`), claim: 'pid' },
  { path: 'footprint.crossSectoralStandards.0', limit: TEXT_MAX.standard, set: (b, v) => (b.footprint.crossSectoralStandards[0] = v), claim: 'std' },
  {
    path: 'footprint.pcfExcludingBiogenicUptake',
    limit: DECIMAL_MAX_LENGTH,
    set: (b, v) => (b.footprint.pcfExcludingBiogenicUptake = `1${'0'.repeat(v.length - 1)}`),
    claim: 'pcf',
  },
  {
    path: 'footprint.declaredUnitAmount',
    limit: DECIMAL_MAX_LENGTH,
    set: (b, v) => (b.footprint.declaredUnitAmount = `1${'0'.repeat(v.length - 1)}`),
    claim: 'dua',
  },
  { path: 'verification.providerName', limit: TEXT_MAX.verificationProvider, set: (b, v) => (b.verification.providerName = v), claim: 'asp' },
  { path: 'verification.standardName', limit: TEXT_MAX.verificationStandard, set: (b, v) => (b.verification.standardName = v) },
  { path: 'cbam.installation.name', limit: TEXT_MAX.installationName, set: (b, v) => (b.cbam.installation.name = v) },
  { path: 'cbam.productionRoute', limit: TEXT_MAX.productionRoute, set: (b, v) => (b.cbam.productionRoute = v) },
];

const parses = (body: Body) => schema.safeParse(body);

describe('request limits: enforced by the schema, within their claims', () => {
  it.each(TEXT_FIELDS.map((f) => [f.path, f] as const))('%s: its limit is accepted, one more is refused naming it', (path, field) => {
    const at = validFixture('steel-hot-rolled-coil') as Body;
    field.set(at, 'a'.repeat(field.limit));
    expect(parses(at).success, JSON.stringify(parses(at).error?.issues)).toBe(true);
    const over = validFixture('steel-hot-rolled-coil') as Body;
    field.set(over, 'a'.repeat(field.limit + 1));
    const refused = parses(over);
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((i) => i.path.join('.'))).toContain(path);
    if (field.claim) expect(field.limit).toBeLessThanOrEqual(CLAIM_MAX[field.claim]);
  });

  it('list limits are enforced and fit their claims', () => {
    const body = validFixture('steel-hot-rolled-coil') as Body;
    body.footprint.crossSectoralStandards = Array.from({ length: LIST_MAX.standards }, () => 'ISO 14067');
    expect(parses(body).success).toBe(true);
    body.footprint.crossSectoralStandards.push('ISO 14067');
    expect(parses(body).success).toBe(false);
    expect(LIST_MAX.standards).toBeLessThanOrEqual(CLAIM_MAX.stdItems);
  });

  it('the issuer name limit is the claim limit', () => {
    expect(TEXT_MAX.issuerName).toBeLessThanOrEqual(CLAIM_MAX.isn);
  });

  it('the longest time a request may carry fits the reference-period claims', () => {
    const longest = '2025-01-01T00:00:00.123456789+05:30';
    expect(longest.length).toBe(TIME_MAX_LENGTH);
    const body = validFixture('steel-hot-rolled-coil') as Body;
    body.footprint.referencePeriodStart = longest;
    expect(parses(body).success).toBe(true);
    expect(TIME_MAX_LENGTH).toBeLessThanOrEqual(CLAIM_MAX.rps);
    expect(TIME_MAX_LENGTH).toBeLessThanOrEqual(CLAIM_MAX.rpe);
  });

  it('every declared unit and boundary fits its claim', () => {
    expect(Math.max(...DECLARED_UNITS.map((u) => u.length))).toBeLessThanOrEqual(CLAIM_MAX.duu);
    expect(Math.max(...BOUNDARIES.map((b) => b.length))).toBeLessThanOrEqual(CLAIM_MAX.bnd);
  });

  it('the largest claims issuance can build pass the schema and its fast path alike', () => {
    const largest: LabelClaims = sampleClaims('aaaaaaaaaaaaaaaa', {
      isn: '中'.repeat(TEXT_MAX.issuerName),
      pid: `urn:example:${'a'.repeat(TEXT_MAX.productId - 12)}`,
      pnm: '钢'.repeat(TEXT_MAX.productName),
      pcf: '9'.repeat(DECIMAL_MAX_LENGTH),
      dua: '9'.repeat(DECIMAL_MAX_LENGTH),
      duu: 'megabit second',
      rps: '2025-01-01T00:00:00.123456789+05:30',
      rpe: '2025-12-31T00:00:00.123456789+05:30',
      std: Array.from({ length: LIST_MAX.standards }, () => '标'.repeat(TEXT_MAX.standard)),
      asp: 'Ü'.repeat(TEXT_MAX.verificationProvider),
      asl: 'reasonable',
    });
    expect(LabelClaimsSchema.safeParse(largest).success).toBe(true);
    expect(surelyLabelClaims(largest)).toBe(true);
  });
});

describe('token and QR limits', () => {
  it('the token type reads the limit from limits.ts', () => {
    expect(MAX_TOKEN_LENGTH).toBe(LABEL_TOKEN_MAX_LENGTH);
    expect(LABEL_TOKEN.maxLength).toBe(LABEL_TOKEN_MAX_LENGTH);
  });

  it('every token whose full QR code fits is within what verifiers read', () => {
    expect(QR_V40_BYTE_CAPACITY[QR_ERROR_CORRECTION.full]).toBeLessThan(LABEL_TOKEN_MAX_LENGTH);
  });

  it('an ES256 signature takes exactly the characters the size check assumes', async () => {
    const token = await signLabelToken(sampleClaims('aaaaaaaaaaaaaaaa'), LocalKeySigner.generate());
    expect(token.split('.')[2]).toHaveLength(SIGNATURE_B64_LENGTH);
  });

  it.each(Object.entries(QR_V40_BYTE_CAPACITY) as [QrErrorCorrection, number][])(
    'level %s: qrcode holds exactly %i bytes, and not one more',
    (level, capacity) => {
      const fits = (text: string) => {
        try {
          return QRCode.create(text, { errorCorrectionLevel: level }).version;
        } catch {
          return undefined;
        }
      };
      expect(fits('a'.repeat(capacity))).toBe(40);
      expect(fits('a'.repeat(capacity + 1))).toBeUndefined();
    },
  );

  it("qrcode's own choice of modes never needs more than byte mode: verify URLs at full capacity draw", () => {
    const capacity = QR_V40_BYTE_CAPACITY[QR_ERROR_CORRECTION.full];
    // base64url text with runs of upper case and digits (alphanumeric mode) and lower case (byte).
    // (qrcode's mode search is slow on many short runs, hence few and longish ones.)
    const run = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'), minLength: 4, maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_'), minLength: 4, maxLength: 40 }),
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 4, maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(run, { minLength: 120, maxLength: 120 }), (runs) => {
        const url = `https://labels.example.com/v/${runs.join('')}`.padEnd(capacity, 'a').slice(0, capacity);
        expect(() => QRCode.create(url, { errorCorrectionLevel: QR_ERROR_CORRECTION.full })).not.toThrow();
      }),
      // Shrinking would redraw hundreds of large symbols: report the first counterexample as it is.
      { numRuns: 8, endOnFailure: true },
    );
  });
});

describe('time limits', () => {
  it('issuance allows the same clock skew as verifiers', () => {
    expect(CLOCK_SKEW_SECONDS).toBe(DEFAULT_CLOCK_SKEW_SECONDS);
  });

  it('the configured default validity can never exceed the longest validity', () => {
    expect(loadLocalConfig({ DEFAULT_VALIDITY_DAYS: '3650' }).DEFAULT_VALIDITY_DAYS).toBe(3650);
    expect(() => loadLocalConfig({ DEFAULT_VALIDITY_DAYS: '3651' })).toThrow();
    // Ten calendar years are at least 3,652 days, whichever day a label is issued.
    for (const day of ['2026-12-01T12:00:00Z', '2028-02-29T00:00:00Z', '2099-03-01T00:00:00Z']) {
      const issued = new Date(day);
      expect(latestValidUntil(issued).getTime() - issued.getTime()).toBeGreaterThanOrEqual(3650 * 86_400_000);
    }
  });
});
