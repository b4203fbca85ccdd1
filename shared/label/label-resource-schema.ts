/**
 * The zod schemas of a label as the API returns it (`GET /labels/{id}`, issuance, revocation and
 * listing responses): the source of the OpenAPI `Label` component and of the {@link LabelResource}
 * type that `toLabelResource` builds. Apart from `label-resource.ts` so the functions that only
 * build labels never load the schemas.
 */
import * as z from 'zod';
import { ACCREDITATION_ID_PATTERN, ISSUER_ID_PATTERN, LABEL_ID_PATTERN } from '../ids.ts';
import type { BodyOf, SchemaAgrees } from '../validation/schema-agrees.ts';
import { EFFECTIVE_STATUSES, REISSUE_COMMAND } from './effective-status.ts';
import { RECORD_SCHEMA_VERSION, type LabelRecord, type Revocation } from './record.ts';
import { CbamSchema, FootprintSchema, ProductSchema, VerificationSchema } from './request-schema.ts';

/** An RFC 3339 UTC timestamp as the service writes it (`Date.prototype.toISOString`). */
const Instant = z.iso.datetime();

/** A compact JWS: three base64url parts. */
export const CompactJwsSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
  .describe('Compact JWS (RFC 7515)');

/** Why and when a label was revoked. */
export const RevocationSchema = z.object({
  revokedAt: Instant,
  reason: z.string().describe('Why the label was withdrawn'),
  supersededBy: z.string().regex(LABEL_ID_PATTERN).optional().describe('A label of the same issuer that replaces this one'),
  by: z.enum(['issuer', 'scheme']).optional().describe('Who revoked it: its issuer, or the scheme operator'),
});

/** The signed record: the request plus id, issuer, times and schema version. */
export const LabelRecordSchema = z.object({
  schemaVersion: z.literal(RECORD_SCHEMA_VERSION),
  id: z.string().regex(LABEL_ID_PATTERN),
  issuer: z.object({ id: z.string().regex(ISSUER_ID_PATTERN), name: z.string() }),
  issuedAt: Instant,
  validFrom: Instant,
  validUntil: Instant,
  product: ProductSchema,
  footprint: FootprintSchema,
  verification: VerificationSchema.optional(),
  cbam: CbamSchema.optional(),
  accreditationId: z.string().regex(ACCREDITATION_ID_PATTERN).optional().describe('The accreditation the issuer issued under (bound by the digest)'),
});

/** A label as the API returns it. */
export const LabelResourceSchema = z.object({
  id: z.string().regex(LABEL_ID_PATTERN),
  status: z
    .enum(['active', 'revoked'])
    .describe('Stored lifecycle state: `revoked` once its issuer revoked it, else `active`. See `effectiveStatus` for what verifiers conclude'),
  effectiveStatus: z
    .enum(EFFECTIVE_STATUSES)
    .describe(
      'The state a verifier reaches now, in its order: `key_compromised` (signed by a key marked compromised, revoked or not), `revoked`, `expired`, `not_yet_valid` (validity window with the verifier’s 60 s clock skew), else `active`',
    ),
  reissue: z
    .object({
      reason: z.string().describe('Why the label needs re-issuing'),
      command: z.literal(REISSUE_COMMAND).describe('The CLI command that re-issues every such label of the issuer and revokes each old one as superseded'),
    })
    .optional()
    .describe('Present while the label is signed by a compromised key and not yet revoked: how to replace it'),
  issuer: LabelRecordSchema.shape.issuer,
  issuedAt: Instant,
  validUntil: Instant,
  token: CompactJwsSchema.describe('The signed label: compact JWS, typ carbon-label+jwt, ES256'),
  kid: z.string().describe('Key id (RFC 7638 thumbprint) of the signing key'),
  digest: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .describe('base64url SHA-256 of the RFC 8785 canonical JSON of record; equals the token’s dig'),
  record: LabelRecordSchema,
  revocation: RevocationSchema.optional(),
  verifyUrl: z.url().describe('What the default QR encodes: the verification page carrying the whole token'),
  compactUrl: z.url().describe('What the compact QR encodes: the page by label id (online check only)'),
  links: z.object({ self: z.url(), qrSvg: z.url(), qrPng: z.url(), labelSvg: z.url() }),
});

/** A label as the API returns it. */
export type LabelResource = z.output<typeof LabelResourceSchema>;

/** A page of labels (`GET /labels`). */
export const LabelPageSchema = z.object({
  items: z.array(LabelResourceSchema),
  nextCursor: z.string().optional().describe('Pass as ?cursor= for the next page; absent on the last page'),
});

/** A page of labels. */
export type LabelPage = BodyOf<typeof LabelPageSchema>;

// The record and revocation types are written out in record.ts (the verify function's bundle
// reads them without loading zod); these schemas must describe exactly those types.
const _recordAgrees: SchemaAgrees<typeof LabelRecordSchema, LabelRecord> = true;
const _revocationAgrees: SchemaAgrees<typeof RevocationSchema, Revocation> = true;
