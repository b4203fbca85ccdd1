/**
 * The issuance request (`POST /labels` body): a PACT v3-style CarbonFootprint with product ids,
 * optional third-party verification and an optional EU CBAM block.
 *
 * Every rule here is a rule of the product: the schema is the single source for validation,
 * the OpenAPI document and the TypeScript types. Its limits come from `limits.ts`; every free
 * text goes through `safeText` (no controls or bidi characters, stored in NFC). What a single
 * field cannot decide (the whole token's size, the QR code, the reference period against the
 * effective validity) is checked on the built label before signing (`fits.ts`).
 */
import * as z from 'zod';
import { safeText } from '../validation/safe-text.ts';
import { ISO_3166_ALPHA2 } from './country-codes.ts';
import { compareNonNegativeDecimals, fractionDigits, isDecimalString, isNegativeDecimal } from './decimal.ts';
import { CN_CODE, HS_CODE, UN_LOCODE, productUrnProblem } from './identifiers.ts';
import { CLOCK_SKEW_SECONDS, DECIMAL_MAX_LENGTH, EARLIEST_DATE, LIST_MAX, MAX_VALIDITY_YEARS, TEXT_MAX, TIME_MAX_FRACTION_DIGITS } from './limits.ts';

interface DecimalRules {
  /** Allow a leading minus (only a few PACT figures may be negative). */
  readonly signed?: boolean;
  /** Require a value strictly above zero. */
  readonly positive?: boolean;
  /** Upper bound, inclusive, for percentages. */
  readonly max?: string;
  /** At most this many fraction digits. */
  readonly maxFractionDigits?: number;
  readonly description: string;
}

/** A decimal carried as a string, e.g. "2010.4"; never parsed into a float. */
function decimalString(rules: DecimalRules) {
  const example = rules.signed ? '"-12.5"' : '"2010.4"';
  return z
    .string({
      // The common mistake is a JSON number: say what was expected, in words.
      error: (issue) =>
        issue.input === undefined
          ? `is required: a decimal string such as ${example}`
          : `must be a decimal string such as ${example}, got ${issue.input === null ? 'null' : typeof issue.input === 'number' ? 'a number' : `a ${typeof issue.input}`}`,
    })
    .max(DECIMAL_MAX_LENGTH, { error: `must be at most ${DECIMAL_MAX_LENGTH} characters long` })
    .regex(rules.signed ? /^-?(0|[1-9]\d*)(\.\d+)?$/ : /^(0|[1-9]\d*)(\.\d+)?$/, {
      message: rules.signed
        ? 'must be a decimal string such as "-12.5" (no exponent, no thousands separator)'
        : 'must be a non-negative decimal string such as "2010.4" (no sign, exponent or thousands separator)',
    })
    .superRefine((value, ctx) => {
      if (!isDecimalString(value)) return; // the regex already reported it
      if (rules.positive && (isNegativeDecimal(value) || !/[1-9]/.test(value))) {
        ctx.addIssue({ code: 'custom', message: 'must be greater than zero' });
      }
      if (rules.max !== undefined && compareNonNegativeDecimals(value, rules.max) > 0) {
        ctx.addIssue({ code: 'custom', message: `must be between 0 and ${rules.max}` });
      }
      if (rules.maxFractionDigits !== undefined && fractionDigits(value) > rules.maxFractionDigits) {
        ctx.addIssue({
          code: 'custom',
          message: `must have at most ${rules.maxFractionDigits} decimal places`,
        });
      }
    })
    .describe(rules.description);
}

const EARLIEST = Date.parse(EARLIEST_DATE);

/**
 * RFC 3339 timestamp with an explicit offset, e.g. 2025-01-01T00:00:00Z: at most nanosecond
 * precision (so it fits its claim) and not before {@link EARLIEST_DATE}.
 */
const timestamp = z.iso
  .datetime({ offset: true, message: 'must be an RFC 3339 date-time such as 2025-01-01T00:00:00Z' })
  .refine((t) => (/\.(\d+)/.exec(t)?.[1]?.length ?? 0) <= TIME_MAX_FRACTION_DIGITS, {
    error: `must have at most ${TIME_MAX_FRACTION_DIGITS} digits after the seconds' decimal point`,
  })
  .refine((t) => Date.parse(t) >= EARLIEST, { error: `must not be before ${EARLIEST_DATE.slice(0, 10)}` });

const countryCode = z
  .string()
  .refine((c) => ISO_3166_ALPHA2.has(c), { message: 'must be an ISO 3166-1 alpha-2 country code such as "CN"' })
  .describe('ISO 3166-1 alpha-2 country code');

/** Units a footprint may be declared per (PACT v3 `declaredUnitOfMeasurement`). */
export const DECLARED_UNITS = [
  'liter',
  'kilogram',
  'cubic meter',
  'kilowatt hour',
  'megajoule',
  'ton kilometer',
  'square meter',
  'piece',
  'hour',
  'megabit second',
] as const;

/** Life-cycle boundaries a footprint may cover. */
export const BOUNDARIES = ['cradle-to-gate', 'cradle-to-grave', 'gate-to-gate'] as const;

export const ProductSchema = z.strictObject({
  ids: z
    .array(
      safeText(TEXT_MAX.productId).superRefine((urn, ctx) => {
        const problem = productUrnProblem(urn);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .min(1, { message: 'at least one product id is required (e.g. urn:gtin:…)' })
    .max(LIST_MAX.productIds, { error: `must list at most ${LIST_MAX.productIds} product ids` })
    .describe('Product identifiers as URNs; urn:gtin: ids carry 14 digits with a valid GS1 check digit'),
  name: safeText(TEXT_MAX.productName).describe('Product name as printed on the label'),
  hsCode: z
    .string()
    .regex(HS_CODE, { message: 'must be a 6-digit Harmonized System subheading such as "720839"' })
    .describe('Harmonized System subheading (6 digits); accreditation scopes match on its leading digits; a `cbam.cnCode` must start with it'),
  description: safeText(TEXT_MAX.productDescription).optional(),
});

export const FootprintSchema = z
  .strictObject({
    referencePeriodStart: timestamp,
    referencePeriodEnd: timestamp,
    ipccCharacterizationFactors: z
      .array(z.string().regex(/^AR\d{1,2}$/, { message: 'must be an IPCC assessment report such as "AR6"' }))
      .min(1, { error: 'must name at least one IPCC assessment report' })
      .max(LIST_MAX.ipccFactors, { error: `must name at most ${LIST_MAX.ipccFactors} IPCC assessment reports` }),
    crossSectoralStandards: z
      .array(safeText(TEXT_MAX.standard))
      .min(1, { error: 'must name at least one standard' })
      .max(LIST_MAX.standards, { error: `must name at most ${LIST_MAX.standards} standards` }),
    boundary: z.enum(BOUNDARIES),
    declaredUnitOfMeasurement: z.enum(DECLARED_UNITS),
    declaredUnitAmount: decimalString({ positive: true, description: 'How many declared units the figures refer to' }),
    productMassPerDeclaredUnit: decimalString({ description: 'kg of product per declared unit amount' }),
    pcfExcludingBiogenicUptake: decimalString({ description: 'kgCO2e per declared unit amount, excluding biogenic CO2 uptake (the headline figure)' }),
    pcfIncludingBiogenicUptake: decimalString({ signed: true, description: 'kgCO2e per declared unit amount, including biogenic CO2 uptake' }).optional(),
    fossilGhgEmissions: decimalString({ description: 'kgCO2e of fossil GHG emissions' }),
    fossilCarbonContent: decimalString({ description: 'kgC of fossil carbon content' }),
    biogenicCarbonContent: decimalString({ description: 'kgC of biogenic carbon content' }).optional(),
    geographyCountry: countryCode,
    geographyCountrySubdivision: z
      .string()
      .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'must be an ISO 3166-2 code such as "CN-YN"' })
      .optional(),
    exemptedEmissionsPercent: decimalString({ max: '100', description: 'Share of emissions exempted from the study, 0–100' }),
    primaryDataShare: decimalString({ max: '100', description: 'Share of primary data, 0–100' }).optional(),
  })
  .superRefine((fp, ctx) => {
    if (Date.parse(fp.referencePeriodStart) >= Date.parse(fp.referencePeriodEnd)) {
      ctx.addIssue({
        code: 'custom',
        path: ['referencePeriodEnd'],
        message: 'must be after referencePeriodStart',
      });
    }
  });

export const VerificationSchema = z.strictObject({
  providerName: safeText(TEXT_MAX.verificationProvider),
  standardName: safeText(TEXT_MAX.verificationStandard),
  level: z.enum(['limited', 'reasonable']),
  completedAt: timestamp,
});

export const CbamSchema = z.strictObject({
  cnCode: z.string().regex(CN_CODE, { message: 'must be an 8-digit CN code such as "72083900"' }),
  countryOfOrigin: countryCode,
  installation: z
    .strictObject({
      unLocode: z.string().regex(UN_LOCODE, { message: 'must be a UN/LOCODE such as "CNTSN"' }),
      name: safeText(TEXT_MAX.installationName),
    })
    .optional(),
  productionRoute: safeText(TEXT_MAX.productionRoute).optional(),
  directEmbeddedEmissions: decimalString({ maxFractionDigits: 5, description: 'Specific direct embedded emissions, tCO2e per tonne, at most 5 decimals' }),
  indirectEmbeddedEmissions: decimalString({ maxFractionDigits: 5, description: 'Specific indirect embedded emissions, tCO2e per tonne, at most 5 decimals' }),
  method: z.enum(['actual', 'default']),
});

const LabelRequestShape = z.strictObject({
  product: ProductSchema,
  footprint: FootprintSchema,
  verification: VerificationSchema.optional(),
  cbam: CbamSchema.optional(),
  validUntil: timestamp
    .optional()
    .describe(`When the label stops being valid; must lie in the future, at most ${MAX_VALIDITY_YEARS} years after issuance. Default: one year after issuance`),
});

/** A validated issuance request. */
export type LabelRequest = z.infer<typeof LabelRequestShape>;

/** The latest `validUntil` a label issued at `issuedAt` may have. */
export function latestValidUntil(issuedAt: Date): Date {
  const latest = new Date(issuedAt.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_VALIDITY_YEARS);
  return latest;
}

/**
 * Builds the request schema against a clock, since `validUntil` must lie in the future of the
 * moment the request is judged (and not too far in it), and a verification must have happened.
 */
export function createLabelRequestSchema(now: () => Date = () => new Date()) {
  return LabelRequestShape.superRefine((req, ctx) => {
    const at = now();
    if (req.cbam && !req.cbam.cnCode.startsWith(req.product.hsCode)) {
      ctx.addIssue({
        code: 'custom',
        path: ['product', 'hsCode'],
        message: `must be the first 6 digits of cbam.cnCode (${req.cbam.cnCode.slice(0, 6)}): a CN code extends its HS subheading`,
      });
    }
    if (req.validUntil !== undefined) {
      const until = Date.parse(req.validUntil);
      if (until <= at.getTime()) {
        ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must lie in the future' });
      } else if (until > latestValidUntil(at).getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['validUntil'],
          message: `must be at most ${MAX_VALIDITY_YEARS} years after issuance (no later than ${latestValidUntil(at).toISOString()})`,
        });
      }
    }
    if (req.verification && Date.parse(req.verification.completedAt) > at.getTime() + CLOCK_SKEW_SECONDS * 1000) {
      ctx.addIssue({
        code: 'custom',
        path: ['verification', 'completedAt'],
        message: `must not lie in the future: a verification that has not happened cannot be claimed (now is ${at.toISOString()}; ${CLOCK_SKEW_SECONDS} seconds of clock difference are allowed)`,
      });
    }
  });
}

/** The request schema judged against the real clock (also the OpenAPI source). */
export const LabelRequestSchema = createLabelRequestSchema();
