/** Issuers: the accountable organisations (manufacturers, certification bodies) that sign labels. */

/** An issuer may issue while `active`; a `suspended` issuer's existing labels stay as they are. */
export type IssuerStatus = 'active' | 'suspended';

/** An issuer as stored. The API key itself is never stored, only its SHA-256. */
export interface Issuer {
  readonly id: string;
  readonly name: string;
  readonly status: IssuerStatus;
  readonly createdAt: string;
  readonly suspendedAt?: string;
  /** When the API key was last replaced (absent while the first key is in use). */
  readonly apiKeyRotatedAt?: string;
  /** SHA-256 (hex) of the secret part of the issuer's API key. */
  readonly apiKeyHash: string;
}

/** What the admin API shows of an issuer (no key hash). */
export type PublicIssuer = Omit<Issuer, 'apiKeyHash'>;

/** Strips what must not leave the service. */
export function toPublicIssuer(issuer: Issuer): PublicIssuer {
  const { apiKeyHash: _hash, ...rest } = issuer;
  return rest;
}
