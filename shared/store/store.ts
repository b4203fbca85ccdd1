/**
 * The storage port. The core depends on these interfaces only; `shared/adapters/dynamodb`
 * implements them over the DynamoDB API (dynalite locally, DynamoDB on AWS).
 *
 * Every invariant rests on single-item conditional writes: no call here needs a transaction.
 */
import type { Accreditation, AccreditationStatus } from '../accreditation/accreditation.ts';
import type { Issuer, IssuerStatus } from '../issuers/issuer.ts';
import type { SigningKeyRecord, KeyStatus } from '../keys/signing-key.ts';
import type { Revocation, StoredLabel } from '../label/record.ts';

/** One page of a listing, with an opaque cursor for the next page. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` to get the next page; absent on the last page. */
  readonly nextCursor?: string;
}

/** Paging options. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** Issuers, keyed by id. */
export interface IssuerStore {
  /** Creates an issuer; fails with `ConflictError` when the id is taken. */
  createIssuer(issuer: Issuer): Promise<void>;
  getIssuer(id: string): Promise<Issuer | undefined>;
  listIssuers(page: PageRequest): Promise<Page<Issuer>>;
  /**
   * Suspends or reinstates (one conditional write); returns the updated issuer, or `undefined`
   * when there is none. `withdrawn` is terminal: a withdrawn issuer is returned unchanged.
   */
  setIssuerStatus(id: string, status: Exclude<IssuerStatus, 'withdrawn'>, at: string): Promise<Issuer | undefined>;
  /**
   * Withdraws an issuer for good (one conditional write); withdrawing again keeps the first time
   * and reason. `undefined` when there is none.
   */
  withdrawIssuer(id: string, withdrawal: { readonly at: string; readonly reason: string }): Promise<Issuer | undefined>;
  /**
   * Replaces the API key hash, only if it is still `from` (one conditional write), so two
   * concurrent rotations cannot both report a key of which only one works.
   */
  replaceIssuerApiKeyHash(id: string, change: { from: string; to: string; at: string }): Promise<ApiKeyChangeOutcome>;
}

/** Outcome of replacing an issuer's API key hash. */
export type ApiKeyChangeOutcome =
  | { readonly outcome: 'replaced'; readonly issuer: Issuer }
  | { readonly outcome: 'changed_meanwhile' }
  | { readonly outcome: 'not_found' };

/** Outcome of a revocation attempt. */
export type RevokeOutcome =
  | { readonly outcome: 'revoked'; readonly label: StoredLabel }
  | { readonly outcome: 'already_revoked'; readonly label: StoredLabel }
  | { readonly outcome: 'not_found' };

/** Labels, keyed by id, listed per issuer newest first. */
export interface LabelStore {
  /** Stores a new label; `exists` when a label with this id is already stored (left unchanged). */
  createLabel(label: StoredLabel): Promise<'created' | 'exists'>;
  getLabel(id: string): Promise<StoredLabel | undefined>;
  listLabelsByIssuer(issuerId: string, page: PageRequest): Promise<Page<StoredLabel>>;
  /**
   * Revokes a label of `issuerId`, once: a single conditional write, so concurrent revokes
   * record exactly one revocation. Another issuer's label is `not_found`.
   */
  revokeLabel(id: string, issuerId: string, revocation: Revocation): Promise<RevokeOutcome>;
  /**
   * Revokes any label, whoever issued it (the scheme operator's power): the same single
   * conditional write without the issuer match. `revocation.by` should be `scheme`.
   */
  revokeAnyLabel(id: string, revocation: Revocation): Promise<RevokeOutcome>;
  /** Revoked labels, oldest revocation first (for the revocation list). */
  listRevokedLabels(page: PageRequest): Promise<Page<StoredLabel>>;
}

/** An `Idempotency-Key` claim: which label a key and request body stand for. */
export interface IdempotencyRecord {
  readonly issuerId: string;
  /** SHA-256 (hex) of the client's key, so arbitrary client strings never become table keys. */
  readonly keyHash: string;
  /** SHA-256 (hex) of the request body's canonical JSON. */
  readonly requestHash: string;
  readonly labelId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** Idempotency keys for `POST /labels`. */
export interface IdempotencyStore {
  /**
   * Claims a key for a label id, unless an unexpired claim exists; then returns that claim
   * unchanged. One conditional write.
   */
  claimIdempotencyKey(
    record: IdempotencyRecord,
    now: string,
  ): Promise<{ readonly claimed: true } | { readonly claimed: false; readonly existing: IdempotencyRecord }>;
}

/** Public signing-key records (the JWKS and each key's status). */
export interface SigningKeyStore {
  /** Adds a key record; `exists` when the kid is already recorded. */
  putSigningKey(key: SigningKeyRecord): Promise<'created' | 'exists'>;
  getSigningKey(kid: string): Promise<SigningKeyRecord | undefined>;
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /**
   * Moves a key to `status`; returns the updated record or `undefined` when unknown. `compromised`
   * is terminal: a compromised key is returned unchanged.
   */
  setSigningKeyStatus(kid: string, status: KeyStatus, at: string): Promise<SigningKeyRecord | undefined>;
}

/** Accreditations, stored per issuer. */
export interface AccreditationStore {
  /** Adds an accreditation; `exists` when its id is taken. */
  createAccreditation(accreditation: Accreditation): Promise<'created' | 'exists'>;
  getAccreditation(issuerId: string, id: string): Promise<Accreditation | undefined>;
  /** One issuer's accreditations, oldest first. */
  listAccreditations(issuerId: string): Promise<Accreditation[]>;
  /** Every issuer's accreditations (for the trust list), oldest first. */
  listAllAccreditations(): Promise<Accreditation[]>;
  /**
   * Moves an accreditation to `status` (one conditional write); `withdrawn` is terminal: a
   * withdrawn accreditation is returned unchanged. `undefined` when there is none.
   */
  setAccreditationStatus(
    issuerId: string,
    id: string,
    change: { readonly status: AccreditationStatus; readonly at: string; readonly reason: string },
  ): Promise<Accreditation | undefined>;
}

/** The latest signed trust list, as published by the admin function. */
export interface StoredTrustList {
  readonly seq: number;
  /** The compact JWS, exactly as served. */
  readonly jws: string;
  /** Strong entity tag (quoted). */
  readonly etag: string;
  /** ISO 8601: the list's `iat` and `nxt`. */
  readonly issuedAt: string;
  readonly nextUpdate: string;
}

/** The published trust list: one item, replaced only by a higher `seq`. */
export interface TrustListStore {
  getTrustList(): Promise<StoredTrustList | undefined>;
  /**
   * Stores `list` only if no list or a lower `seq` is stored (one conditional write), so two
   * publishers can never move `seq` backwards. `stale` when a list with this or a higher seq won.
   */
  putTrustList(list: StoredTrustList): Promise<'stored' | 'stale'>;
}

/**
 * How status slots are cut up: lists of `listSize` entries, each split into `shards` equal ranges,
 * one per shard counter item (see `shared/status-list/slot-allocation.ts`). Fixed for a deployment:
 * each shard item records the layout it was created with and refuses another.
 */
export interface StatusShardLayout {
  readonly listSize: number;
  readonly shards: number;
}

/** Outcome of taking the next offset of one shard. */
export type StatusShardTake =
  /** `offset` (0-based, within the shard's range) of `list` is now this caller's, and no one else's. */
  | { readonly outcome: 'taken'; readonly list: number; readonly offset: number }
  /** The shard's range of `list` is used up: advance the shard past `list` and take again. */
  | { readonly outcome: 'full'; readonly list: number };

/** Per-shard counters handing out status list slots, one conditional write per slot. */
export interface StatusSlotStore {
  /**
   * Takes the next offset of `shard`'s range in the shard's current list: one conditional
   * `UpdateItem` (`ADD` guarded by "below capacity"). Creates the shard at list 0 on first use.
   * @throws {ConflictError} when the shard was created with another layout.
   */
  takeStatusShardOffset(shard: number, layout: StatusShardLayout): Promise<StatusShardTake>;
  /**
   * Moves a full `shard` from `fromList` to the next list, resetting its counter: one conditional
   * write that succeeds only while the shard is still full on `fromList`, so concurrent callers move
   * it once. `moved_meanwhile` when another caller (or nobody needed to) already did.
   */
  advanceStatusShard(shard: number, fromList: number, layout: StatusShardLayout): Promise<'advanced' | 'moved_meanwhile'>;
}

/** Everything the service stores. */
export interface Store extends IssuerStore, LabelStore, IdempotencyStore, SigningKeyStore, AccreditationStore, TrustListStore {
  /** Cheap reachability probe for `/health`. */
  ping(): Promise<void>;
}
