/**
 * The last word before signing: would this label verify, and would both its QR codes draw? The
 * request schema judges each field alone; some limits belong to the label as a whole: the claims
 * a verifier accepts, the encoded token's length, the full QR code's capacity for
 * `{PUBLIC_BASE_URL}/v/{token}`, and the reference period against the effective validity (which
 * may be the default). All are known before signing (an ES256 signature is always 86
 * characters), so a label that would fail is refused with the fields to shorten, and never
 * signed. Limits come from `limits.ts`.
 */
import type { FieldIssue } from '../errors/errors.ts';
import { QR_ERROR_CORRECTION, qrContent } from '../qr/qr-content.ts';
import { LabelClaimsSchema, type LabelClaims } from './claims.ts';
import { LABEL_TOKEN_MAX_LENGTH, QR_V40_BYTE_CAPACITY, SIGNATURE_B64_LENGTH } from './limits.ts';
import type { LabelRecord } from './record.ts';

/** Where each variable claim comes from in the request (or, for `isn`, the issuer). */
const CLAIM_SOURCES: Readonly<Partial<Record<keyof LabelClaims, string>>> = {
  isn: 'issuer.name',
  pid: 'product.ids.0',
  pnm: 'product.name',
  pcf: 'footprint.pcfExcludingBiogenicUptake',
  dua: 'footprint.declaredUnitAmount',
  duu: 'footprint.declaredUnitOfMeasurement',
  bnd: 'footprint.boundary',
  rps: 'footprint.referencePeriodStart',
  rpe: 'footprint.referencePeriodEnd',
  std: 'footprint.crossSectoralStandards',
  geo: 'footprint.geographyCountry',
  asp: 'verification.providerName',
  asl: 'verification.level',
  exp: 'validUntil',
};

/** What a label about to be signed is made of. */
export interface UnsignedLabel {
  readonly record: LabelRecord;
  readonly claims: LabelClaims;
  /** `header.payload`, exactly as it will be signed. */
  readonly signingInput: string;
  /** The service's public base URL, which both QR codes start with. */
  readonly baseUrl: string;
}

/** Characters of the token that `value` takes (its JSON, base64url-encoded). */
const tokenCharacters = (value: unknown) => Math.ceil((Buffer.byteLength(JSON.stringify(value), 'utf8') * 4) / 3);

/**
 * Why `label` must not be signed, as field issues; empty when it may be. The service's own
 * configuration (a base URL too long for even the compact QR code) is the caller's to judge, see
 * {@link compactQrOverflow}.
 */
export function labelFitIssues(label: UnsignedLabel): FieldIssue[] {
  const { record, claims } = label;
  const issues: FieldIssue[] = [];

  if (Date.parse(record.footprint.referencePeriodEnd) > Date.parse(record.validUntil)) {
    issues.push({
      path: 'footprint.referencePeriodEnd',
      message: `must not be after the label stops being valid (${record.validUntil}), or the label would expire before the period it reports is over; give an earlier end or a later validUntil`,
    });
  }

  // Limits are aligned so this holds by construction; the check keeps a future drift from ever
  // signing a token that verifies as malformed.
  const parsed = LabelClaimsSchema.safeParse(claims);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const claim = String(issue.path[0] ?? '');
      issues.push({
        path: CLAIM_SOURCES[claim as keyof LabelClaims] ?? '(root)',
        message: `must fit the signed label, but verifiers would refuse its claim "${claim}" (${issue.message})`,
      });
    }
  }

  const tokenLength = label.signingInput.length + 1 + SIGNATURE_B64_LENGTH;
  // The URL around the token is ASCII here; its exact bytes come from the QR content itself.
  const fullUrlBytes = Buffer.byteLength(qrContent(label.baseUrl, { id: record.id, token: 'x'.repeat(tokenLength) }, 'full'), 'utf8');
  const fullCapacity = QR_V40_BYTE_CAPACITY[QR_ERROR_CORRECTION.full];
  const room = Math.min(LABEL_TOKEN_MAX_LENGTH, fullCapacity - (fullUrlBytes - tokenLength));
  if (tokenLength > room) issues.push(...oversizeIssues(claims, tokenLength, room, fullCapacity));
  return issues;
}

/** Names the largest fields, enough of them that shortening them could make the label fit. */
function oversizeIssues(claims: LabelClaims, tokenLength: number, room: number, fullCapacity: number): FieldIssue[] {
  const excess = tokenLength - room;
  const why =
    room < LABEL_TOKEN_MAX_LENGTH
      ? `the signed token would be ${tokenLength} characters, but the full QR code holds at most ${room} after this service's address (the largest QR code, version 40 at error correction ${QR_ERROR_CORRECTION.full}, holds ${fullCapacity} bytes)`
      : `the signed token would be ${tokenLength} characters, and verifiers read at most ${LABEL_TOKEN_MAX_LENGTH}`;
  // Largest first, but fields of the request before the issuer's registered name, which the
  // request cannot change.
  const sizes = Object.entries(CLAIM_SOURCES)
    .map(([claim, path]) => ({ path: path!, size: tokenCharacters(claims[claim as keyof LabelClaims] ?? '') }))
    .sort((a, b) => Number(a.path === 'issuer.name') - Number(b.path === 'issuer.name') || b.size - a.size);
  const named: FieldIssue[] = [];
  let covered = 0;
  for (const { path, size } of sizes) {
    if (covered >= excess) break;
    covered += size;
    named.push({
      path,
      message: `must be shorter: ${why}. This field takes about ${size} of them (a Chinese, Japanese or Korean character takes 4, a Latin letter about 1.3); the fields named here must give up at least ${excess} between them`,
    });
  }
  return named;
}

/**
 * The compact QR code's content when the service's base URL alone makes it too long to draw,
 * else `undefined`. A deployment problem, not the issuer's: no field of a request can fix it.
 */
export function compactQrOverflow(baseUrl: string, labelId: string): string | undefined {
  const content = qrContent(baseUrl, { id: labelId, token: '' }, 'compact');
  return Buffer.byteLength(content, 'utf8') > QR_V40_BYTE_CAPACITY[QR_ERROR_CORRECTION.compact] ? content : undefined;
}
