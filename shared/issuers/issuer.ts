/** Issuers: the accountable organisations (manufacturers, certification bodies) that sign labels. */
import * as z from 'zod';
import { ISSUER_ID_PATTERN } from '../ids.ts';
import type { BodyOf, SameShape } from '../validation/schema-agrees.ts';
import { API_KEY_PATTERN } from './api-key.ts';

/**
 * An issuer may issue while `active`; a `suspended` issuer's existing labels stay as they are;
 * `withdrawn` is terminal: it can never issue again and its labels stop verifying.
 */
export type IssuerStatus = 'active' | 'suspended' | 'withdrawn';

/** Every issuer status. */
export const ISSUER_STATUSES = ['active', 'suspended', 'withdrawn'] as const satisfies readonly IssuerStatus[];

/** What an issuer is: a manufacturer labels its own products (GTINs under its prefixes); a certification body certifies others'. */
export type IssuerRole = 'manufacturer' | 'certification_body';

/** Every issuer role. */
export const ISSUER_ROLES = ['manufacturer', 'certification_body'] as const satisfies readonly IssuerRole[];

/** An issuer as stored. The API key itself is never stored, only its SHA-256. */
export interface Issuer {
  readonly id: string;
  readonly name: string;
  /** Stored items without a role read as `certification_body` (they predate roles). */
  readonly role: IssuerRole;
  readonly status: IssuerStatus;
  readonly createdAt: string;
  readonly suspendedAt?: string;
  /** When and why the scheme operator withdrew the issuer (status `withdrawn`). */
  readonly withdrawnAt?: string;
  readonly withdrawalReason?: string;
  /** When the API key was last replaced (absent while the first key is in use). */
  readonly apiKeyRotatedAt?: string;
  /** SHA-256 (hex) of the secret part of the issuer's API key. */
  readonly apiKeyHash: string;
}

/** What the admin API shows of an issuer (no key hash). */
export const PublicIssuerSchema = z.object({
  id: z.string().regex(ISSUER_ID_PATTERN),
  name: z.string(),
  role: z.enum(ISSUER_ROLES).describe('`manufacturer` (may label only GTINs under its accredited prefixes) or `certification_body`'),
  status: z.enum(ISSUER_STATUSES).describe('`active` may issue; `suspended` may not (labels untouched); `withdrawn` is final'),
  createdAt: z.iso.datetime(),
  suspendedAt: z.iso.datetime().optional(),
  withdrawnAt: z.iso.datetime().optional(),
  withdrawalReason: z.string().optional().describe('Why the scheme operator withdrew the issuer'),
  apiKeyRotatedAt: z.iso.datetime().optional().describe('When the API key was last replaced'),
});

/** What the admin API shows of an issuer (no key hash). */
export type PublicIssuer = z.output<typeof PublicIssuerSchema>;

/** A new (or re-keyed) issuer with its API key: the only time the key is ever shown. */
export const CreatedIssuerSchema = PublicIssuerSchema.extend({
  apiKey: z.string().regex(API_KEY_PATTERN).describe('Authorization: Bearer <apiKey>; shown only in this response'),
});

/** A new (or re-keyed) issuer with its API key. */
export type CreatedIssuer = z.output<typeof CreatedIssuerSchema>;

/** A page of issuers (`GET /admin/issuers`). */
export const IssuerPageSchema = z.object({
  items: z.array(PublicIssuerSchema),
  nextCursor: z.string().optional().describe('Pass as ?cursor= for the next page; absent on the last page'),
});

// Every stored member but the key hash is shown, no more.
const _publicAgrees: SameShape<Omit<Issuer, 'apiKeyHash'>, PublicIssuer> = true;

/** A page of issuers. */
export type IssuerPage = BodyOf<typeof IssuerPageSchema>;

/** Strips what must not leave the service. */
export function toPublicIssuer(issuer: Issuer): PublicIssuer {
  const { apiKeyHash: _hash, ...rest } = issuer;
  return rest;
}
