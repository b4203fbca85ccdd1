/**
 * The token's claims. Registered claims follow RFC 7519; the headline claim uses short names
 * because the whole token rides in the QR code, and every character grows the symbol.
 * {@link describeClaims} turns them into the readable shape the API and pages show. Every limit
 * comes from `CLAIM_MAX` in `limits.ts`, which also bounds what issuance may put here.
 */
// zod/mini: claims are checked on the verify function's hot path and cold start.
import * as z from 'zod/mini';
import { CLAIM_MAX as MAX } from './limits.ts';
import type { LabelRecord } from './record.ts';

/** The JWS `typ` every label token carries (RFC 8725 §3.11 explicit typing). */
export const LABEL_TOKEN_TYPE = 'carbon-label+jwt';

export const LabelClaimsSchema = z.strictObject({
  /** Issuer (the accountable organisation) id. */
  iss: z.string().check(z.minLength(1), z.maxLength(MAX.iss)),
  /** Label id. */
  sub: z.string().check(z.minLength(1), z.maxLength(MAX.sub)),
  iat: z.int().check(z.nonnegative()),
  nbf: z.int().check(z.nonnegative()),
  exp: z.int().check(z.nonnegative()),
  /** base64url SHA-256 of the record's canonical JSON. */
  dig: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)),
  /** Issuer name. */
  isn: z.string().check(z.maxLength(MAX.isn)),
  /** Product id (the first URN). */
  pid: z.string().check(z.maxLength(MAX.pid)),
  /** Product name. */
  pnm: z.string().check(z.maxLength(MAX.pnm)),
  /** Footprint, kgCO2e per declared unit amount, excluding biogenic uptake (decimal string). */
  pcf: z.string().check(z.maxLength(MAX.pcf)),
  /** Declared unit amount (decimal string). */
  dua: z.string().check(z.maxLength(MAX.dua)),
  /** Declared unit of measurement. */
  duu: z.string().check(z.maxLength(MAX.duu)),
  /** Boundary. */
  bnd: z.string().check(z.maxLength(MAX.bnd)),
  /** Reference period start and end. */
  rps: z.string().check(z.maxLength(MAX.rps)),
  rpe: z.string().check(z.maxLength(MAX.rpe)),
  /** Cross-sectoral standards. */
  std: z.array(z.string().check(z.maxLength(MAX.std))).check(z.maxLength(MAX.stdItems)),
  /** Geography (ISO 3166-1 alpha-2). */
  geo: z.string().check(z.maxLength(MAX.geo)),
  /** Assurance provider and level, when third-party verified. */
  asp: z.optional(z.string().check(z.maxLength(MAX.asp))),
  asl: z.optional(z.enum(['limited', 'reasonable'])),
  /** HS subheading of the product (6 digits); absent on labels issued before accreditation scopes. */
  hsc: z.optional(z.string().check(z.regex(/^\d{6}$/))),
  /** Id of the accreditation the label was issued under (absent on labels issued before accreditation). */
  acc: z.optional(z.string().check(z.regex(/^acc_[0-9a-hjkmnp-tv-z]{12}$/))),
});

/** Claims of a label token. */
export type LabelClaims = z.infer<typeof LabelClaimsSchema>;

const CLAIM_STRINGS: ReadonlyArray<readonly [string, number, number]> = [
  ['iss', 1, MAX.iss],
  ['sub', 1, MAX.sub],
  ['isn', 0, MAX.isn],
  ['pid', 0, MAX.pid],
  ['pnm', 0, MAX.pnm],
  ['pcf', 0, MAX.pcf],
  ['dua', 0, MAX.dua],
  ['duu', 0, MAX.duu],
  ['bnd', 0, MAX.bnd],
  ['rps', 0, MAX.rps],
  ['rpe', 0, MAX.rpe],
  ['geo', 0, MAX.geo],
];
const CLAIM_TIMES = ['iat', 'nbf', 'exp'] as const;
const CLAIM_MEMBERS = new Set([
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
  'hsc',
  'acc',
]);
const OPTIONAL_MEMBERS = 4;
const HS_CODE = /^\d{6}$/;
const ACCREDITATION_ID = /^acc_[0-9a-hjkmnp-tv-z]{12}$/;
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

/**
 * A precompiled check of {@link LabelClaimsSchema} for the common case: `true` only when the
 * schema surely accepts `value` as it is (same members, types and limits, never looser). Anything
 * else, including what it merely cannot vouch for, goes to the schema, which stays the authority;
 * this only spares the schema's generic machinery on every genuine token. A fast-check property
 * (test/unit/shared/label/claims.test.ts) holds it to that: whatever it accepts, the schema
 * accepts with the same output.
 */
export function surelyLabelClaims(value: unknown): value is LabelClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const c = value as Record<string, unknown>;
  let members = 0;
  for (const key in c) {
    if (!Object.hasOwn(c, key) || !CLAIM_MEMBERS.has(key)) return false;
    members++;
  }
  for (const [name, min, max] of CLAIM_STRINGS) {
    const v = c[name];
    if (typeof v !== 'string' || v.length < min || v.length > max) return false;
  }
  for (const name of CLAIM_TIMES) {
    const v = c[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return false;
  }
  if (typeof c.dig !== 'string' || !DIGEST.test(c.dig)) return false;
  const std = c.std;
  if (!Array.isArray(std) || std.length > MAX.stdItems) return false;
  for (const s of std) if (typeof s !== 'string' || s.length > MAX.std) return false;
  let optional = 0;
  if ('asp' in c) {
    if (typeof c.asp !== 'string' || c.asp.length > MAX.asp) return false;
    optional++;
  }
  if ('asl' in c) {
    if (c.asl !== 'limited' && c.asl !== 'reasonable') return false;
    optional++;
  }
  if ('hsc' in c) {
    if (typeof c.hsc !== 'string' || !HS_CODE.test(c.hsc)) return false;
    optional++;
  }
  if ('acc' in c) {
    if (typeof c.acc !== 'string' || !ACCREDITATION_ID.test(c.acc)) return false;
    optional++;
  }
  // Every required member was checked above; with no unknown ones, the count must match exactly.
  return members === CLAIM_MEMBERS.size - OPTIONAL_MEMBERS + optional;
}

/** Parses label claims: the fast path when it can vouch, the schema otherwise. */
export function parseLabelClaims(value: unknown): { readonly ok: true; readonly value: LabelClaims } | { readonly ok: false; readonly message: string } {
  if (surelyLabelClaims(value)) return { ok: true, value };
  const parsed = LabelClaimsSchema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: 'the claims are not label claims' };
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The claims a token carries for a record with the given digest. */
export function claimsFor(record: LabelRecord, digest: string): LabelClaims {
  const fp = record.footprint;
  return {
    iss: record.issuer.id,
    sub: record.id,
    iat: seconds(record.issuedAt),
    nbf: seconds(record.validFrom),
    exp: seconds(record.validUntil),
    dig: digest,
    isn: record.issuer.name,
    pid: record.product.ids[0] ?? '',
    pnm: record.product.name,
    pcf: fp.pcfExcludingBiogenicUptake,
    dua: fp.declaredUnitAmount,
    duu: fp.declaredUnitOfMeasurement,
    bnd: fp.boundary,
    rps: fp.referencePeriodStart,
    rpe: fp.referencePeriodEnd,
    std: fp.crossSectoralStandards,
    geo: fp.geographyCountry,
    ...(record.verification ? { asp: record.verification.providerName, asl: record.verification.level } : {}),
    ...(record.product.hsCode ? { hsc: record.product.hsCode } : {}),
    ...(record.accreditationId ? { acc: record.accreditationId } : {}),
  };
}

/** The headline claim in readable form, as verdicts and pages show it. */
export interface HeadlineClaim {
  readonly labelId: string;
  readonly issuer: { readonly id: string; readonly name: string };
  readonly product: { readonly id: string; readonly name: string; readonly hsCode?: string };
  /** The accreditation the label was issued under, when it names one. */
  readonly accreditationId?: string;
  readonly footprint: {
    /** kgCO2e per `declaredUnitAmount` `declaredUnitOfMeasurement`, excluding biogenic uptake. */
    readonly pcfExcludingBiogenicUptake: string;
    readonly unit: 'kgCO2e';
    readonly declaredUnitAmount: string;
    readonly declaredUnitOfMeasurement: string;
    readonly boundary: string;
    readonly referencePeriodStart: string;
    readonly referencePeriodEnd: string;
    readonly crossSectoralStandards: readonly string[];
    readonly geographyCountry: string;
  };
  readonly assurance?: { readonly providerName: string; readonly level?: string };
  readonly issuedAt: string;
  readonly validFrom: string;
  readonly validUntil: string;
  /** base64url SHA-256 of the full record's canonical JSON. */
  readonly recordDigest: string;
}

const iso = (s: number) => new Date(s * 1000).toISOString();

/** Expands token claims into the readable {@link HeadlineClaim}. */
export function describeClaims(c: LabelClaims): HeadlineClaim {
  return {
    labelId: c.sub,
    issuer: { id: c.iss, name: c.isn },
    product: { id: c.pid, name: c.pnm, ...(c.hsc !== undefined ? { hsCode: c.hsc } : {}) },
    ...(c.acc !== undefined ? { accreditationId: c.acc } : {}),
    footprint: {
      pcfExcludingBiogenicUptake: c.pcf,
      unit: 'kgCO2e',
      declaredUnitAmount: c.dua,
      declaredUnitOfMeasurement: c.duu,
      boundary: c.bnd,
      referencePeriodStart: c.rps,
      referencePeriodEnd: c.rpe,
      crossSectoralStandards: c.std,
      geographyCountry: c.geo,
    },
    ...(c.asp !== undefined ? { assurance: { providerName: c.asp, ...(c.asl ? { level: c.asl } : {}) } } : {}),
    issuedAt: iso(c.iat),
    validFrom: iso(c.nbf),
    validUntil: iso(c.exp),
    recordDigest: c.dig,
  };
}
