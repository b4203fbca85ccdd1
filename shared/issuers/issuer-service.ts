/** Registering, listing, suspending, reinstating, re-keying and authenticating issuers. */
import * as z from 'zod';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../errors/errors.ts';
import { ISSUER_ID_PATTERN, newIssuerId } from '../ids.ts';
import type { Accreditation } from '../accreditation/accreditation.ts';
import { AccreditationRequestSchema, checkAccreditationRequest, newAccreditation, storeAccreditation } from '../accreditation/accreditation-service.ts';
import type { AccreditationStore, IssuerStore, Page, PageRequest } from '../store/store.ts';
import { TEXT_MAX } from '../label/limits.ts';
import { parseInput } from '../validation/parse-input.ts';
import { safeText } from '../validation/safe-text.ts';
import { mintApiKey, parseApiKey, secretMatches } from './api-key.ts';
import { ISSUER_ROLES, toPublicIssuer, type CreatedIssuer, type Issuer, type IssuerStatus, type PublicIssuer } from './issuer.ts';

export const CreateIssuerRequestSchema = z.strictObject({
  name: safeText(TEXT_MAX.issuerName).describe('The organisation name shown on every label it issues (stored in Unicode NFC)'),
  role: z.enum(ISSUER_ROLES).optional().describe('`certification_body` (default) or `manufacturer` (its accreditations must name its GS1 company prefixes)'),
  accreditation: AccreditationRequestSchema.optional().describe('Its first accreditation; without one the issuer cannot issue until accredited'),
});

export type { CreatedIssuer } from './issuer.ts';

type Deps = { readonly store: IssuerStore; readonly now: () => Date };

/** A new issuer with its API key and the accreditation given inline, if any. */
export type CreatedIssuerWithAccreditations = CreatedIssuer & { readonly accreditations: readonly Accreditation[] };

/**
 * Registers an issuer, mints its API key and records the accreditation given inline. The whole
 * body is judged before anything is stored, so a refused request creates no issuer.
 */
export async function createIssuer(
  deps: { readonly store: IssuerStore & Pick<AccreditationStore, 'createAccreditation'>; readonly now: () => Date },
  body: unknown,
): Promise<CreatedIssuerWithAccreditations> {
  const { name, role = 'certification_body', accreditation } = parseInput(CreateIssuerRequestSchema, body, 'issuer');
  const now = deps.now();
  const scope = accreditation && checkAccreditationRequest(accreditation, role, now, 'accreditation.');
  const id = newIssuerId();
  const { apiKey, apiKeyHash } = mintApiKey(id);
  const issuer: Issuer = { id, name, role, status: 'active', createdAt: now.toISOString(), apiKeyHash };
  await deps.store.createIssuer(issuer);
  const accreditations = scope ? [await storeAccreditation(deps, newAccreditation(id, scope, now))] : [];
  return { ...toPublicIssuer(issuer), apiKey, accreditations };
}

/** Lists issuers, oldest first. */
export async function listIssuers(deps: Deps, page: PageRequest): Promise<Page<PublicIssuer>> {
  const out = await deps.store.listIssuers(page);
  return { ...out, items: out.items.map(toPublicIssuer) };
}

async function setStatus(deps: Deps, id: string, status: Exclude<IssuerStatus, 'withdrawn'>): Promise<PublicIssuer> {
  const issuer = ISSUER_ID_PATTERN.test(id) ? await deps.store.setIssuerStatus(id, status, deps.now().toISOString()) : undefined;
  if (!issuer) throw new NotFoundError(`issuer ${id} not found`);
  if (issuer.status === 'withdrawn') throw new ConflictError(`issuer ${id} is withdrawn, which is final`, 'already_withdrawn');
  return toPublicIssuer(issuer);
}

/**
 * Suspends an issuer: it can no longer issue; its labels are untouched. Idempotent.
 * @throws {ConflictError} `already_withdrawn` for a withdrawn issuer (as does reinstating one).
 */
export function suspendIssuer(deps: Deps, id: string): Promise<PublicIssuer> {
  return setStatus(deps, id, 'suspended');
}

/** Lets a suspended issuer issue again (undoes {@link suspendIssuer}). Idempotent. */
export function reinstateIssuer(deps: Deps, id: string): Promise<PublicIssuer> {
  return setStatus(deps, id, 'active');
}

/**
 * Gives an issuer a new API key and makes the old one stop working at once (the next request
 * with it gets 401), e.g. after a key leaked. Labels already issued are untouched, and a suspended
 * issuer stays suspended. The new key is returned only here.
 * @throws {NotFoundError} when there is no such issuer.
 * @throws {ConflictError} `api_key_changed_meanwhile` when another rotation won the race; this one
 *   changed nothing.
 */
export async function rotateIssuerApiKey(deps: Deps, id: string): Promise<CreatedIssuer> {
  const current = ISSUER_ID_PATTERN.test(id) ? await deps.store.getIssuer(id) : undefined;
  if (!current) throw new NotFoundError(`issuer ${id} not found`);
  const { apiKey, apiKeyHash } = mintApiKey(id);
  const result = await deps.store.replaceIssuerApiKeyHash(id, { from: current.apiKeyHash, to: apiKeyHash, at: deps.now().toISOString() });
  switch (result.outcome) {
    case 'replaced':
      return { ...toPublicIssuer(result.issuer), apiKey };
    case 'not_found':
      throw new NotFoundError(`issuer ${id} not found`);
    case 'changed_meanwhile':
      throw new ConflictError(`issuer ${id}'s API key was replaced by another request meanwhile; this request changed nothing`, 'api_key_changed_meanwhile');
  }
}

/**
 * Resolves an API key to its issuer. Every failure is the same `UnauthenticatedError`, so a
 * caller learns nothing about which part was wrong. Suspended and withdrawn issuers authenticate
 * (they may still list and revoke); the issuing rule refuses them.
 */
export async function authenticateIssuer(deps: Pick<Deps, 'store'>, apiKey: string | undefined): Promise<Issuer> {
  const parsed = apiKey === undefined ? undefined : parseApiKey(apiKey);
  const issuer = parsed && (await deps.store.getIssuer(parsed.issuerId));
  if (!parsed || !issuer || !secretMatches(parsed.secret, issuer.apiKeyHash)) {
    throw new UnauthenticatedError('a valid issuer API key is required (Authorization: Bearer clk_…)');
  }
  return issuer;
}
