/** Registering, listing, suspending and authenticating issuers. */
import * as z from 'zod';
import { NotFoundError, UnauthenticatedError } from '../errors/errors.ts';
import { ISSUER_ID_PATTERN, newIssuerId } from '../ids.ts';
import type { IssuerStore, Page, PageRequest } from '../store/store.ts';
import { parseInput } from '../validation/parse-input.ts';
import { mintApiKey, parseApiKey, secretMatches } from './api-key.ts';
import { toPublicIssuer, type Issuer, type PublicIssuer } from './issuer.ts';

export const CreateIssuerRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(200).describe('The organisation name shown on every label it issues'),
});

/** A new issuer and its API key: the only time the key is ever shown. */
export interface CreatedIssuer extends PublicIssuer {
  readonly apiKey: string;
}

type Deps = { readonly store: IssuerStore; readonly now: () => Date };

/** Registers an issuer and mints its API key. */
export async function createIssuer(deps: Deps, body: unknown): Promise<CreatedIssuer> {
  const { name } = parseInput(CreateIssuerRequestSchema, body, 'issuer');
  const id = newIssuerId();
  const { apiKey, apiKeyHash } = mintApiKey(id);
  const issuer: Issuer = { id, name, status: 'active', createdAt: deps.now().toISOString(), apiKeyHash };
  await deps.store.createIssuer(issuer);
  return { ...toPublicIssuer(issuer), apiKey };
}

/** Lists issuers, oldest first. */
export async function listIssuers(deps: Deps, page: PageRequest): Promise<Page<PublicIssuer>> {
  const out = await deps.store.listIssuers(page);
  return { ...out, items: out.items.map(toPublicIssuer) };
}

/** Suspends an issuer: it can no longer issue; its labels are untouched. Idempotent. */
export async function suspendIssuer(deps: Deps, id: string): Promise<PublicIssuer> {
  const issuer = ISSUER_ID_PATTERN.test(id) ? await deps.store.setIssuerStatus(id, 'suspended', deps.now().toISOString()) : undefined;
  if (!issuer) throw new NotFoundError(`issuer ${id} not found`);
  return toPublicIssuer(issuer);
}

/**
 * Resolves an API key to its issuer. Every failure is the same `UnauthenticatedError`, so a
 * caller learns nothing about which part was wrong. Suspended issuers authenticate (they may
 * still list and revoke); the issuing rule refuses them.
 */
export async function authenticateIssuer(deps: Pick<Deps, 'store'>, apiKey: string | undefined): Promise<Issuer> {
  const parsed = apiKey === undefined ? undefined : parseApiKey(apiKey);
  const issuer = parsed && (await deps.store.getIssuer(parsed.issuerId));
  if (!parsed || !issuer || !secretMatches(parsed.secret, issuer.apiKeyHash)) {
    throw new UnauthenticatedError('a valid issuer API key is required (Authorization: Bearer clk_…)');
  }
  return issuer;
}
