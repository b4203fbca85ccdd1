/**
 * Recording accreditations (the scheme operator's word that an accrediting body vouches for an
 * issuer within a scope) and withdrawing issuers. Invariants:
 * - `withdrawn` is final, for an accreditation and for an issuer: nothing here moves either back
 *   (`already_withdrawn`), and a withdrawn issuer is never accredited again;
 * - a manufacturer's accreditation always names its GS1 company prefixes, so it can label only
 *   its own GTINs;
 * - withdrawing an issuer withdraws the issuer first (it can no longer issue from that write on),
 *   then each of its accreditations, so its labels stop verifying.
 */
import * as z from 'zod';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../errors/errors.ts';
import { ACCREDITATION_ID_PATTERN, ISSUER_ID_PATTERN, newAccreditationId } from '../ids.ts';
import type { Issuer, IssuerRole } from '../issuers/issuer.ts';
import { ISO_3166_ALPHA2 } from '../label/country-codes.ts';
import { LIST_MAX, TEXT_MAX } from '../label/limits.ts';
import type { AccreditationStore, IssuerStore } from '../store/store.ts';
import { parseInput } from '../validation/parse-input.ts';
import { safeText } from '../validation/safe-text.ts';
import type { Accreditation, AccreditationStatus } from './accreditation.ts';

/** Longest lists of an accreditation's scope. */
const SCOPE_LIST_MAX = 100;

const HS_CATEGORY = /^\d{2}(\d{2}(\d{2})?)?$/;
const GS1_COMPANY_PREFIX = /^\d{6,12}$/;

const list = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, { error: `must name at least one ${what} (omit the field for no limit)` })
    .max(SCOPE_LIST_MAX, { error: `must name at most ${SCOPE_LIST_MAX} ${what}s` });

/** The body of `POST /admin/issuers/{id}/accreditations` (and `accreditation` of `POST /admin/issuers`). */
export const AccreditationRequestSchema = z.strictObject({
  productCategories: list(
    z.string().regex(HS_CATEGORY, { message: 'must be an HS chapter, heading or subheading: 2, 4 or 6 digits such as "7208"' }),
    'product category',
  ).describe("HS chapters (2 digits), headings (4) or subheadings (6); a label's product.hsCode must start with one"),
  standards: z
    .array(safeText(TEXT_MAX.standard))
    .min(1, { error: 'must name at least one standard (omit the field for no limit)' })
    .max(LIST_MAX.standards, { error: `must name at most ${LIST_MAX.standards} standards` })
    .optional()
    .describe("When given, a label's footprint must follow one of these standards"),
  markets: list(
    z.string().refine((m) => m === 'EU' || ISO_3166_ALPHA2.has(m), { message: 'must be an ISO 3166-1 alpha-2 country code or "EU"' }),
    'market',
  )
    .optional()
    .describe('When given, the markets a label may be issued for (a label with a CBAM block is for `EU`)'),
  gtinPrefixes: list(z.string().regex(GS1_COMPANY_PREFIX, { message: 'must be a GS1 company prefix: 6 to 12 digits' }), 'GTIN prefix')
    .optional()
    .describe("GS1 company prefixes a label's GTINs must fall under; required for a manufacturer"),
  validUntil: z.iso
    .datetime({ offset: true, message: 'must be an RFC 3339 date-time such as 2030-12-31T00:00:00Z' })
    .describe('When the accreditation ends; labels issued before then stay valid to their own end'),
  accreditedBy: safeText(TEXT_MAX.issuerName).describe('The accrediting body, e.g. "CNAS"'),
  reference: safeText(TEXT_MAX.issuerName).describe("The accreditation's reference (certificate number)"),
});

/** A validated accreditation request. */
export type AccreditationRequest = z.output<typeof AccreditationRequestSchema>;

/** The body of suspend, reinstate and withdraw (of an accreditation or an issuer). */
export const StatusChangeRequestSchema = z.strictObject({
  reason: safeText(TEXT_MAX.revocationReason).describe('Why; recorded and shown to the operator'),
});

/** An accreditation as the admin API shows it. */
export const AccreditationSchema = z.object({
  id: z.string().regex(ACCREDITATION_ID_PATTERN),
  issuerId: z.string().regex(ISSUER_ID_PATTERN),
  productCategories: z.array(z.string()),
  standards: z.array(z.string()).optional(),
  markets: z.array(z.string()).optional(),
  gtinPrefixes: z.array(z.string()).optional(),
  from: z.iso.datetime().describe('When it came into force (its creation)'),
  validUntil: z.iso.datetime(),
  accreditedBy: z.string(),
  reference: z.string(),
  status: z.enum(['active', 'suspended', 'withdrawn']).describe('`active` may issue; `suspended` may not (labels carry a warning); `withdrawn` is final'),
  statusAt: z.iso.datetime().optional(),
  statusReason: z.string().optional(),
});

/** `GET /admin/issuers/{id}/accreditations`. */
export const AccreditationListSchema = z.object({ items: z.array(AccreditationSchema) });

/** What these use cases need. */
export interface AccreditationDeps {
  readonly store: Pick<IssuerStore, 'getIssuer' | 'withdrawIssuer'> &
    Pick<AccreditationStore, 'createAccreditation' | 'getAccreditation' | 'listAccreditations' | 'setAccreditationStatus'>;
  readonly now: () => Date;
}

/**
 * The rules of an accreditation beyond its schema, for an issuer of `role`, judged at `now`.
 * @throws {ValidationError} naming each failing field (under `pathPrefix`, e.g. `accreditation.`).
 */
export function checkAccreditationRequest(request: AccreditationRequest, role: IssuerRole, now: Date, pathPrefix = ''): AccreditationRequest {
  const issues: FieldIssue[] = [];
  if (role === 'manufacturer' && !request.gtinPrefixes) {
    issues.push({ path: `${pathPrefix}gtinPrefixes`, message: 'is required for a manufacturer: it may label only GTINs under its own GS1 company prefixes' });
  }
  if (Date.parse(request.validUntil) <= now.getTime()) issues.push({ path: `${pathPrefix}validUntil`, message: 'must lie in the future' });
  if (issues.length > 0) throw new ValidationError(`accreditation is invalid: ${issues.map((i) => i.path).join(', ')}`, issues);
  return request;
}

/** The stored accreditation for a validated request. */
export function newAccreditation(issuerId: string, request: AccreditationRequest, now: Date): Accreditation {
  return {
    id: newAccreditationId(),
    issuerId,
    productCategories: request.productCategories,
    ...(request.standards ? { standards: request.standards } : {}),
    ...(request.markets ? { markets: request.markets } : {}),
    ...(request.gtinPrefixes ? { gtinPrefixes: request.gtinPrefixes } : {}),
    from: now.toISOString(),
    validUntil: new Date(Date.parse(request.validUntil)).toISOString(),
    accreditedBy: request.accreditedBy,
    reference: request.reference,
    status: 'active',
  };
}

async function issuerOf(deps: AccreditationDeps, issuerId: string): Promise<Issuer> {
  const issuer = ISSUER_ID_PATTERN.test(issuerId) ? await deps.store.getIssuer(issuerId) : undefined;
  if (!issuer) throw new NotFoundError(`issuer ${issuerId} not found`);
  return issuer;
}

/** Stores `accreditation` (a fresh id: a collision is retried under another). */
export async function storeAccreditation(
  deps: { readonly store: Pick<AccreditationStore, 'createAccreditation'> },
  accreditation: Accreditation,
): Promise<Accreditation> {
  let candidate = accreditation;
  while ((await deps.store.createAccreditation(candidate)) === 'exists') candidate = { ...candidate, id: newAccreditationId() };
  return candidate;
}

/**
 * Records an accreditation of an issuer, in force from now.
 * @throws {NotFoundError} when there is no such issuer.
 * @throws {ConflictError} `already_withdrawn` when the issuer is withdrawn.
 * @throws {ValidationError} naming each failing field.
 */
export async function accreditIssuer(deps: AccreditationDeps, issuerId: string, body: unknown): Promise<Accreditation> {
  const issuer = await issuerOf(deps, issuerId);
  if (issuer.status === 'withdrawn') throw new ConflictError(`issuer ${issuer.id} is withdrawn and can never be accredited again`, 'already_withdrawn');
  const now = deps.now();
  const request = checkAccreditationRequest(parseInput(AccreditationRequestSchema, body, 'accreditation'), issuer.role, now);
  return storeAccreditation(deps, newAccreditation(issuer.id, request, now));
}

/** An issuer's accreditations, oldest first. @throws {NotFoundError} when there is no such issuer. */
export async function accreditationsOf(deps: AccreditationDeps, issuerId: string): Promise<Accreditation[]> {
  const issuer = await issuerOf(deps, issuerId);
  return deps.store.listAccreditations(issuer.id);
}

/**
 * Suspends, reinstates or withdraws one accreditation, with a reason. Repeating a change returns
 * the accreditation unchanged (the first reason stands).
 * @throws {NotFoundError} when the issuer has no such accreditation.
 * @throws {ConflictError} `already_withdrawn` when suspending or reinstating a withdrawn one.
 */
export async function changeAccreditationStatus(
  deps: AccreditationDeps,
  issuerId: string,
  accreditationId: string,
  status: AccreditationStatus,
  body: unknown,
): Promise<Accreditation> {
  const { reason } = parseInput(StatusChangeRequestSchema, body, 'status change');
  const known = ISSUER_ID_PATTERN.test(issuerId) && ACCREDITATION_ID_PATTERN.test(accreditationId);
  const result = known ? await deps.store.setAccreditationStatus(issuerId, accreditationId, { status, at: deps.now().toISOString(), reason }) : undefined;
  if (!result) throw new NotFoundError(`accreditation ${accreditationId} of issuer ${issuerId} not found`);
  if (result.status === 'withdrawn' && status !== 'withdrawn') {
    throw new ConflictError(`accreditation ${accreditationId} is withdrawn, which is final; record a new accreditation instead`, 'already_withdrawn');
  }
  return result;
}

/** A withdrawn issuer and its accreditations, all withdrawn. */
export interface IssuerWithdrawal {
  readonly issuer: Issuer;
  readonly accreditations: readonly Accreditation[];
}

/**
 * Withdraws an issuer for good and every one of its accreditations: it can never issue again and
 * its labels verify `accreditation_withdrawn`. Repeating it finishes what a failed attempt left
 * (accreditations still in force) and keeps the first withdrawal's time and reason.
 * @throws {NotFoundError} when there is no such issuer.
 */
export async function withdrawIssuer(deps: AccreditationDeps, issuerId: string, body: unknown): Promise<IssuerWithdrawal> {
  const { reason } = parseInput(StatusChangeRequestSchema, body, 'withdrawal');
  const at = deps.now().toISOString();
  const issuer = ISSUER_ID_PATTERN.test(issuerId) ? await deps.store.withdrawIssuer(issuerId, { at, reason }) : undefined;
  if (!issuer) throw new NotFoundError(`issuer ${issuerId} not found`);
  const accreditations: Accreditation[] = [];
  for (const a of await deps.store.listAccreditations(issuer.id)) {
    accreditations.push(
      a.status === 'withdrawn'
        ? a
        : ((await deps.store.setAccreditationStatus(issuer.id, a.id, { status: 'withdrawn', at, reason: `issuer withdrawn: ${reason}` })) ?? a),
    );
  }
  return { issuer, accreditations };
}
