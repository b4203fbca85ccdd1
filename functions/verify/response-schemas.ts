/**
 * The zod schemas of `POST /verify`'s answers: a verdict (one token) or a summary with verdicts (a
 * batch). The OpenAPI document takes the `Verdict` and `VerifyBatchResponse` components from here.
 * The verify function imports this module for types only, so its bundle never loads full zod.
 */
import * as z from 'zod';
import type { HeadlineClaim } from '../../shared/label/claims.ts';
import { RevocationSchema } from '../../shared/label/label-resource-schema.ts';
import type { BodyOf, SchemaAgrees } from '../../shared/validation/schema-agrees.ts';
import {
  VERDICT_MEANINGS,
  VERDICT_STATUSES,
  VERDICT_WARNING_CODES,
  VERDICT_WARNING_MEANINGS,
  type Verdict,
  type VerdictStatus,
} from '../../shared/verification/verdict.ts';
import type { summarise } from '../../shared/verification/verify-batch.ts';

const Instant = z.iso.datetime();

/** The headline claim in readable form. */
export const HeadlineClaimSchema = z.object({
  labelId: z.string(),
  issuer: z.object({ id: z.string(), name: z.string() }),
  product: z.object({ id: z.string(), name: z.string(), hsCode: z.string().optional().describe('HS subheading (6 digits)') }),
  accreditationId: z.string().optional().describe('The accreditation the label was issued under'),
  footprint: z.object({
    pcfExcludingBiogenicUptake: z.string().describe('kgCO2e per declaredUnitAmount declaredUnitOfMeasurement, excluding biogenic uptake'),
    unit: z.literal('kgCO2e'),
    declaredUnitAmount: z.string(),
    declaredUnitOfMeasurement: z.string(),
    boundary: z.string(),
    referencePeriodStart: z.string(),
    referencePeriodEnd: z.string(),
    crossSectoralStandards: z.array(z.string()),
    geographyCountry: z.string(),
  }),
  assurance: z.object({ providerName: z.string(), level: z.string().optional() }).optional(),
  issuedAt: Instant,
  validFrom: Instant,
  validUntil: Instant,
  recordDigest: z.string().describe('base64url SHA-256 of the full record’s canonical JSON'),
});

/** The scheme whose trust list vouches for the signing key. */
export const SchemeRefSchema = z.object({
  id: z.string(),
  name: z.string(),
  rootThumbprint: z.string().describe('RFC 7638 thumbprint of the scheme root key: the pin'),
});

/** The accreditation a label was issued under, as the scheme lists it now. */
export const VerdictAccreditationSchema = z.object({
  id: z.string(),
  scope: z.object({
    productCategory: z.string().optional().describe('The accredited HS category the label’s HS code falls under'),
    hsCode: z.string().optional().describe('The label’s HS code'),
    productCategories: z.array(z.string()),
    standards: z.array(z.string()).optional(),
    markets: z.array(z.string()).optional(),
    gtinPrefixes: z.array(z.string()).optional(),
  }),
  accreditedBy: z.string().describe('The accreditation body'),
  reference: z.string(),
  validUntil: Instant,
  status: z.enum(['active', 'suspended', 'withdrawn']),
});

/** The issuer as the scheme's trust list names it. */
export const VerdictIssuerSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['manufacturer', 'certification_body']).optional(),
  status: z.enum(['active', 'suspended', 'withdrawn']).optional(),
  accreditation: VerdictAccreditationSchema.optional(),
});

/** A warning that does not change a verdict's status. */
export const VerdictWarningSchema = z.object({
  code: z.enum(VERDICT_WARNING_CODES).describe(VERDICT_WARNING_CODES.map((c) => `- \`${c}\`: ${VERDICT_WARNING_MEANINGS[c]}`).join('\n')),
  message: z.string(),
});

/** A verifier's answer for one token. */
export const VerdictSchema = z.object({
  status: z.enum(VERDICT_STATUSES).describe(VERDICT_STATUSES.map((s) => `- \`${s}\`: ${VERDICT_MEANINGS[s]}`).join('\n')),
  valid: z.boolean().describe('true only for status valid'),
  reason: z.string().describe('One sentence for humans'),
  checkedAt: Instant,
  labelId: z.string().optional().describe('Label id, once the signature has been shown genuine'),
  kid: z.string().optional().describe('Key id from the header, when it could be read'),
  claim: HeadlineClaimSchema.optional().describe('The headline claim; present only when the signature is genuine'),
  revocation: RevocationSchema.optional().describe('For revoked: when, why and any successor'),
  statusSource: z
    .object({ kind: z.enum(['live', 'cached', 'offline', 'none']), maxAgeSeconds: z.number().optional(), asOf: z.string().optional() })
    .optional()
    .describe('How revocation status was established'),
  scheme: SchemeRefSchema.optional().describe('The scheme whose signed trust list lists the signing key; absent when none is known'),
  issuer: VerdictIssuerSchema.optional().describe('The issuer and the accreditation the label names, as the scheme lists them'),
  warnings: z.array(VerdictWarningSchema).optional().describe('Things to know that do not change the status'),
});

/** Counts of a batch by verdict status. */
export const VerifySummarySchema = z.object({
  total: z.int().nonnegative(),
  ...(Object.fromEntries(VERDICT_STATUSES.map((s) => [s, z.int().nonnegative().optional()])) as Record<VerdictStatus, z.ZodOptional<z.ZodInt>>),
});

/** The answer to a batch: the summary and one verdict per token, in order. */
export const VerifyBatchResponseSchema = z.object({
  summary: VerifySummarySchema,
  results: z.array(VerdictSchema),
});

/** The answer to a batch. */
export type VerifyBatchResponse = BodyOf<typeof VerifyBatchResponseSchema>;

/** What `POST /verify` answers: a verdict for `{token}`, a batch response for `{tokens}`. */
export const VerifyResponseSchema = z.union([VerdictSchema, VerifyBatchResponseSchema]);

// Verdicts and claims are built on the verify function's hot path from hand-written types; the
// schemas must describe exactly those.
const _verdictAgrees: SchemaAgrees<typeof VerdictSchema, Verdict> = true;
const _claimAgrees: SchemaAgrees<typeof HeadlineClaimSchema, HeadlineClaim> = true;
const _summaryAgrees: SchemaAgrees<typeof VerifySummarySchema, ReturnType<typeof summarise>> = true;
