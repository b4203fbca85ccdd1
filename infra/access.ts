/**
 * What each function may do to the table, as data: the stack turns it into IAM statements, the
 * tests check the synthesized policies against it, and the README's IAM table mirrors it.
 *
 * Writes are also limited by partition-key prefix (`dynamodb:LeadingKeys`), so, for example, the
 * issuer function can store labels but can never touch an issuer item (it cannot lift a
 * suspension), even if its code were subverted.
 */
import type { RouteGroup } from '../functions/routes.ts';
import { INDEXES } from '../shared/adapters/dynamodb/table-layout.ts';

/** One function's table access. */
export interface TableAccess {
  /** Read actions on the table (and on `indexes`). */
  readonly read: readonly ('dynamodb:GetItem' | 'dynamodb:Query' | 'dynamodb:DescribeTable')[];
  /** Indexes `dynamodb:Query` may read. */
  readonly indexes: readonly string[];
  /** Write actions, each with the partition-key prefixes (`pk`) it may write. */
  readonly write: Readonly<Partial<Record<'dynamodb:PutItem' | 'dynamodb:UpdateItem', readonly string[]>>>;
  /** Why, for the README and for reviewers. */
  readonly why: string;
}

/** Table access by function. Read-only functions have no `write` entry at all. */
export const TABLE_ACCESS: Readonly<Record<RouteGroup, TableAccess>> = {
  verify: {
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    indexes: [INDEXES.byOwner],
    write: {},
    why: 'reads the label (status, digest) and lists signing-key records',
  },
  public: {
    read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:DescribeTable'],
    indexes: [INDEXES.byOwner],
    write: {},
    why: 'reads labels and signing-key records; DescribeTable is the /health probe',
  },
  pages: {
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    indexes: [INDEXES.byOwner],
    write: {},
    why: 'reads labels and signing-key records to render verification pages and images',
  },
  issuer: {
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    indexes: [INDEXES.byOwner, INDEXES.revocations],
    write: {
      'dynamodb:PutItem': ['LABEL#*', 'IDEMPOTENCY#*', 'SIGNING_KEY#*'],
      'dynamodb:UpdateItem': ['LABEL#*'],
    },
    why: 'authenticates issuers, stores labels and idempotency claims, revokes labels, lists revocations; registers the stack key record on first start',
  },
  admin: {
    read: ['dynamodb:GetItem', 'dynamodb:Query'],
    indexes: [INDEXES.byOwner],
    write: {
      'dynamodb:PutItem': ['ISSUER#*', 'SIGNING_KEY#*', 'TRUST_LIST'],
      'dynamodb:UpdateItem': ['ISSUER#*', 'SIGNING_KEY#*'],
    },
    why: 'creates, lists and suspends issuers; changes signing-key records (rotation, compromise); publishes the trust list',
  },
};

/** The only function whose role may use the KMS signing keys, and what it may do with them. */
export const KMS_SIGNER_GROUP: RouteGroup = 'issuer';
export const KMS_SIGNER_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

/**
 * The function that rotates keys, and what rotation with KMS needs: create an ECC_NIST_P256
 * SIGN_VERIFY key carrying the stack's tag (tagging at creation needs kms:TagResource) and read its
 * public key. No alias is kept for rotated keys (the store records each key's ARN), so no
 * kms:CreateAlias / kms:UpdateAlias. Never kms:Sign.
 */
export const KMS_ROTATOR_GROUP: RouteGroup = 'admin';
export const KMS_ROTATOR_ACTIONS = ['kms:CreateKey', 'kms:TagResource', 'kms:GetPublicKey'] as const;

/**
 * The only function whose role may use the scheme root key, and what it may do with it: sign
 * trust lists and read the root's public key. The root never carries the signing-key tag, so no
 * tag-scoped grant (the issuer's signing, the admin's rotation) reaches it.
 */
export const SCHEME_ROOT_GROUP: RouteGroup = 'admin';
export const SCHEME_ROOT_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;
