/**
 * The single-table layout: every item's keys in one place. The README's "Data layout" section
 * mirrors this file.
 *
 * | item          | pk                               | sk          | gsi1pk (gsi1)     | gsi1sk             | gsi2pk (gsi2, sparse) | gsi2sk             |
 * |---------------|----------------------------------|-------------|-------------------|--------------------|-----------------------|--------------------|
 * | issuer        | ISSUER#{id}                      | ISSUER      | ISSUERS           | {createdAt}#{id}   |                       |                    |
 * | label         | LABEL#{id}                       | LABEL       | ISSUER#{issuerId} | {issuedAt}#{id}    | REVOKED (if revoked)  | {revokedAt}#{id}   |
 * | idempotency   | IDEMPOTENCY#{issuerId}#{keyHash} | IDEMPOTENCY |                   |                    |                       |                    |
 * | signing key   | SIGNING_KEY#{kid}                | SIGNING_KEY | SIGNING_KEYS      | {createdAt}#{kid}  |                       |                    |
 * | accreditation | ISSUER#{issuerId}                | ACCR#{id}   | ACCREDITATIONS    | {from}#{id}        |                       |                    |
 * | trust list    | TRUST_LIST                       | LATEST      |                   |                    |                       |                    |
 * | status shard  | STATUS_SHARD#{shard}             | STATUS_SHARD|                   |                    |                       |                    |
 */

/** Attribute names of the table's keys and indexes. */
export const KEY_ATTRIBUTES = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
} as const;

/** Global secondary index names. */
export const INDEXES = {
  /** Listings: an issuer's labels, all issuers, all signing keys. */
  byOwner: 'gsi1',
  /** Sparse: revoked labels only, in revocation order. */
  revocations: 'gsi2',
} as const;

/** The attribute DynamoDB TTL reads (idempotency records only; dynalite ignores it). */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

export const issuerKey = (id: string) => ({ pk: `ISSUER#${id}`, sk: 'ISSUER' });
export const ISSUERS_PARTITION = 'ISSUERS';

export const labelKey = (id: string) => ({ pk: `LABEL#${id}`, sk: 'LABEL' });
export const issuerLabelsPartition = (issuerId: string) => `ISSUER#${issuerId}`;
export const REVOKED_PARTITION = 'REVOKED';

export const idempotencyKey = (issuerId: string, keyHash: string) => ({ pk: `IDEMPOTENCY#${issuerId}#${keyHash}`, sk: 'IDEMPOTENCY' });

export const signingKeyKey = (kid: string) => ({ pk: `SIGNING_KEY#${kid}`, sk: 'SIGNING_KEY' });
export const SIGNING_KEYS_PARTITION = 'SIGNING_KEYS';

export const accreditationKey = (issuerId: string, id: string) => ({ pk: `ISSUER#${issuerId}`, sk: `ACCR#${id}` });
export const ACCREDITATIONS_PARTITION = 'ACCREDITATIONS';

export const TRUST_LIST_KEY = { pk: 'TRUST_LIST', sk: 'LATEST' } as const;

/** One status slot shard's counter: attributes `list`, `next`, and the layout it was made with. */
export const statusShardKey = (shard: number) => ({ pk: `STATUS_SHARD#${shard}`, sk: 'STATUS_SHARD' });
