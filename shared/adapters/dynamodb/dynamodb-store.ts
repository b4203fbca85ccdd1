/**
 * The `Store` port over the DynamoDB API. Items are written whole or changed by one conditional
 * update each, so nothing here needs a transaction (dynalite has none).
 */
import {
  ConditionalCheckFailedException,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import * as z from 'zod/mini';
import { ConfigurationError, ConflictError, ServiceUnavailableError, ValidationError } from '../../errors/errors.ts';
import type { Accreditation, AccreditationStatus } from '../../accreditation/accreditation.ts';
import type { Issuer, IssuerRole, IssuerStatus } from '../../issuers/issuer.ts';
import type { KeyStatus, SigningKeyRecord } from '../../keys/signing-key.ts';
import type { LabelRecord, Revocation, RevokedBy, StoredLabel } from '../../label/record.ts';
import type {
  ApiKeyChangeOutcome,
  IdempotencyRecord,
  Page,
  PageRequest,
  RevokeOutcome,
  StatusShardLayout,
  StatusShardTake,
  StatusSlotStore,
  Store,
  StoredTrustList,
} from '../../store/store.ts';
import { StatusSlotLayoutSchema } from '../../status-list/slot-allocation.ts';
import {
  ACCREDITATIONS_PARTITION,
  INDEXES,
  ISSUERS_PARTITION,
  REVOKED_PARTITION,
  SIGNING_KEYS_PARTITION,
  TTL_ATTRIBUTE,
  idempotencyKey,
  issuerKey,
  issuerLabelsPartition,
  labelKey,
  signingKeyKey,
  TRUST_LIST_KEY,
  accreditationKey,
  statusShardKey,
} from './table-layout.ts';

type Item = Record<string, AttributeValue>;

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });
const str = (item: Item, name: string): string | undefined => item[name]?.S;
const must = (item: Item, name: string): string => {
  const value = item[name]?.S;
  if (value === undefined) throw new ServiceUnavailableError(`stored item lacks ${name}`);
  return value;
};

/** Connection settings for {@link DynamoDbStore.connect}. */
export interface DynamoDbConnection {
  readonly tableName: string;
  readonly region?: string;
  /** A DynamoDB-compatible endpoint (dynalite locally); unset means AWS. */
  readonly endpoint?: string;
  /** Static credentials for local endpoints. */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

const CursorSchema = z.strictObject({ v: z.literal(1), k: z.record(z.string(), z.string().check(z.maxLength(1024))) });

/** The key attributes a listing's cursor must carry: the table's and the index's, nothing else. */
function cursorShape(input: Omit<QueryCommandInput, 'TableName'>): {
  readonly attributes: readonly string[];
  readonly partitionAttribute: string;
  readonly partition: string;
} {
  const index = input.IndexName === INDEXES.revocations ? 'gsi2' : 'gsi1';
  const partition = input.ExpressionAttributeValues?.[':p']?.S ?? '';
  return { attributes: ['pk', 'sk', `${index}pk`, `${index}sk`], partitionAttribute: `${index}pk`, partition };
}

const badCursor = (cause?: unknown) => new ValidationError('cursor is invalid', [{ path: 'cursor', message: 'not a cursor this listing returned' }], { cause });

/**
 * A cursor is the listing's last evaluated key, bound to the listing it came from: on the way back
 * in it must have exactly that index's key attributes, all strings, with the partition of the
 * query being run. So a crafted cursor, or one from another issuer's listing, is a 400 on
 * `cursor` — it can neither page outside the caller's partition nor reach DynamoDB as a key it
 * would reject (which used to surface as a 503).
 */
function encodeCursor(key: Item | undefined): string | undefined {
  if (!key) return undefined;
  const k = Object.fromEntries(Object.entries(key).map(([name, value]) => [name, value.S ?? '']));
  return Buffer.from(JSON.stringify({ v: 1, k })).toString('base64url');
}

function decodeCursor(cursor: string | undefined, input: Omit<QueryCommandInput, 'TableName'>): Item | undefined {
  if (cursor === undefined) return undefined;
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch (cause) {
    throw badCursor(cause);
  }
  const shape = cursorShape(input);
  const names = Object.keys(parsed.k).sort();
  if (names.join() !== [...shape.attributes].sort().join() || parsed.k[shape.partitionAttribute] !== shape.partition) throw badCursor();
  if (Object.values(parsed.k).some((value) => value.length === 0)) throw badCursor();
  return Object.fromEntries(Object.entries(parsed.k).map(([name, value]) => [name, S(value)]));
}

/** Whether two items hold the same attributes and values (the attribute order may differ). */
function sameItem(a: Item, b: Item): boolean {
  const canonical = (item: Item) =>
    JSON.stringify(
      Object.keys(item)
        .sort()
        .map((k) => [k, item[k]]),
    );
  return canonical(a) === canonical(b);
}

/** `Store` over DynamoDB (or any endpoint that speaks its API). */
export class DynamoDbStore implements Store, StatusSlotStore {
  constructor(
    /** The SDK client, exposed for table set-up and shutdown. */
    readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /**
   * Builds a client with tight timeouts, so an unreachable store fails a request in about a
   * second (and the caller answers 503) instead of hanging.
   */
  static connect(connection: DynamoDbConnection): DynamoDbStore {
    const client = new DynamoDBClient({
      region: connection.region ?? 'us-east-1',
      ...(connection.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(connection.credentials ? { credentials: connection.credentials } : {}),
      maxAttempts: 2,
      // Without throwOnRequestTimeout, smithy only logs a warning when requestTimeout passes and
      // a hung store would hang every request with it.
      requestHandler: new NodeHttpHandler({ connectionTimeout: 1000, requestTimeout: 3000, throwOnRequestTimeout: true }),
    });
    return new DynamoDbStore(client, connection.tableName);
  }

  /** Runs one SDK call, turning infrastructure failures into `ServiceUnavailableError`. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw error;
      throw new ServiceUnavailableError(`storage unavailable (${what})`, { cause: error });
    }
  }

  /** Puts `item` only if no item has its key; `false` when one does. */
  private async putNew(what: string, item: Item): Promise<boolean> {
    try {
      await this.call(what, () =>
        this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // The SDK retries a request that timed out; if the first attempt did land, the retry finds
      // our own item. That is still "created", not a conflict (a fresh random id would otherwise
      // come back as `issuer_exists`). Only a retried request can have met itself.
      if ((error.$metadata.attempts ?? 1) < 2) return false;
      const existing = await this.get(what, { pk: item.pk?.S ?? '', sk: item.sk?.S ?? '' });
      return existing !== undefined && sameItem(existing, item);
    }
  }

  private async get(what: string, key: { pk: string; sk: string }): Promise<Item | undefined> {
    const out = await this.call(what, () =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: { pk: S(key.pk), sk: S(key.sk) }, ConsistentRead: true })),
    );
    return out.Item;
  }

  private async query(what: string, input: Omit<QueryCommandInput, 'TableName'>, page: PageRequest): Promise<Page<Item>> {
    const startKey = decodeCursor(page.cursor, input);
    let out;
    try {
      out = await this.call(what, () =>
        this.client.send(new QueryCommand({ TableName: this.tableName, Limit: page.limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}), ...input })),
      );
    } catch (error) {
      // A shape-checked cursor DynamoDB still refuses is the caller's input, not an outage.
      if (startKey && (error as { cause?: { name?: string } }).cause?.name === 'ValidationException') throw badCursor(error);
      throw error;
    }
    const nextCursor = encodeCursor(out.LastEvaluatedKey);
    return { items: out.Items ?? [], ...(nextCursor ? { nextCursor } : {}) };
  }

  async ping(): Promise<void> {
    await this.call('ping', () => this.client.send(new DescribeTableCommand({ TableName: this.tableName })));
  }

  // ── issuers ────────────────────────────────────────────────────────────────

  async createIssuer(issuer: Issuer): Promise<void> {
    const key = issuerKey(issuer.id);
    const item: Item = {
      pk: S(key.pk),
      sk: S(key.sk),
      gsi1pk: S(ISSUERS_PARTITION),
      gsi1sk: S(`${issuer.createdAt}#${issuer.id}`),
      id: S(issuer.id),
      name: S(issuer.name),
      role: S(issuer.role),
      status: S(issuer.status),
      createdAt: S(issuer.createdAt),
      apiKeyHash: S(issuer.apiKeyHash),
    };
    if (!(await this.putNew('create issuer', item))) throw new ConflictError(`issuer ${issuer.id} exists`, 'issuer_exists');
  }

  async getIssuer(id: string): Promise<Issuer | undefined> {
    const item = await this.get('get issuer', issuerKey(id));
    return item && toIssuer(item);
  }

  async listIssuers(page: PageRequest): Promise<Page<Issuer>> {
    const out = await this.query(
      'list issuers',
      { IndexName: INDEXES.byOwner, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': S(ISSUERS_PARTITION) } },
      page,
    );
    return { ...out, items: out.items.map(toIssuer) };
  }

  async setIssuerStatus(id: string, status: Exclude<IssuerStatus, 'withdrawn'>, at: string): Promise<Issuer | undefined> {
    const key = issuerKey(id);
    try {
      const out = await this.call('set issuer status', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: S(key.pk), sk: S(key.sk) },
            // Withdrawal is terminal: nothing moves a withdrawn issuer back.
            ConditionExpression: 'attribute_exists(pk) AND #s <> :withdrawn',
            UpdateExpression: status === 'suspended' ? 'SET #s = :s, suspendedAt = if_not_exists(suspendedAt, :at)' : 'SET #s = :s REMOVE suspendedAt',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues:
              status === 'suspended' ? { ':s': S(status), ':at': S(at), ':withdrawn': S('withdrawn') } : { ':s': S(status), ':withdrawn': S('withdrawn') },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return out.Attributes && toIssuer(out.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return this.getIssuer(id);
      throw error;
    }
  }

  async withdrawIssuer(id: string, withdrawal: { readonly at: string; readonly reason: string }): Promise<Issuer | undefined> {
    const key = issuerKey(id);
    try {
      const out = await this.call('withdraw issuer', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: S(key.pk), sk: S(key.sk) },
            ConditionExpression: 'attribute_exists(pk) AND #s <> :withdrawn',
            UpdateExpression: 'SET #s = :withdrawn, withdrawnAt = :at, withdrawalReason = :reason',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':withdrawn': S('withdrawn'), ':at': S(withdrawal.at), ':reason': S(withdrawal.reason) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return out.Attributes && toIssuer(out.Attributes);
    } catch (error) {
      // Absent, or withdrawn already (the first withdrawal stands).
      if (error instanceof ConditionalCheckFailedException) return this.getIssuer(id);
      throw error;
    }
  }

  async replaceIssuerApiKeyHash(id: string, change: { from: string; to: string; at: string }): Promise<ApiKeyChangeOutcome> {
    const key = issuerKey(id);
    try {
      const out = await this.call('replace issuer API key', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: S(key.pk), sk: S(key.sk) },
            ConditionExpression: 'attribute_exists(pk) AND apiKeyHash = :from',
            UpdateExpression: 'SET apiKeyHash = :to, apiKeyRotatedAt = :at',
            ExpressionAttributeValues: { ':from': S(change.from), ':to': S(change.to), ':at': S(change.at) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { outcome: 'replaced', issuer: toIssuer(out.Attributes!) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // One conditional write, no transaction: tell the two failures apart with a read.
      return (await this.getIssuer(id)) ? { outcome: 'changed_meanwhile' } : { outcome: 'not_found' };
    }
  }

  // ── labels ─────────────────────────────────────────────────────────────────

  async createLabel(label: StoredLabel): Promise<'created' | 'exists'> {
    const { record } = label;
    const key = labelKey(record.id);
    const item: Item = {
      pk: S(key.pk),
      sk: S(key.sk),
      gsi1pk: S(issuerLabelsPartition(record.issuer.id)),
      gsi1sk: S(`${record.issuedAt}#${record.id}`),
      id: S(record.id),
      issuerId: S(record.issuer.id),
      issuedAt: S(record.issuedAt),
      // The record is kept as its JSON text so every decimal string survives byte for byte.
      record: S(JSON.stringify(record)),
      digest: S(label.digest),
      token: S(label.token),
      kid: S(label.kid),
      status: S(label.status),
    };
    return (await this.putNew('create label', item)) ? 'created' : 'exists';
  }

  async getLabel(id: string): Promise<StoredLabel | undefined> {
    const item = await this.get('get label', labelKey(id));
    return item && toStoredLabel(item);
  }

  async listLabelsByIssuer(issuerId: string, page: PageRequest): Promise<Page<StoredLabel>> {
    const out = await this.query(
      'list labels',
      {
        IndexName: INDEXES.byOwner,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': S(issuerLabelsPartition(issuerId)) },
        ScanIndexForward: false,
      },
      page,
    );
    return { ...out, items: out.items.map(toStoredLabel) };
  }

  revokeLabel(id: string, issuerId: string, revocation: Revocation): Promise<RevokeOutcome> {
    return this.revoke(id, { ...revocation, by: revocation.by ?? 'issuer' }, issuerId);
  }

  revokeAnyLabel(id: string, revocation: Revocation): Promise<RevokeOutcome> {
    return this.revoke(id, { ...revocation, by: revocation.by ?? 'scheme' });
  }

  /** One conditional write; with `issuerId`, only that issuer's label (another's is `not_found`). */
  private async revoke(id: string, revocation: Revocation, issuerId?: string): Promise<RevokeOutcome> {
    const key = labelKey(id);
    try {
      const out = await this.call('revoke label', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: { pk: S(key.pk), sk: S(key.sk) },
            ConditionExpression: `attribute_exists(pk) AND ${issuerId === undefined ? '' : 'issuerId = :issuer AND '}#s = :active`,
            UpdateExpression:
              'SET #s = :revoked, revokedAt = :at, revocationReason = :reason, revokedBy = :by, gsi2pk = :rp, gsi2sk = :rs' +
              (revocation.supersededBy ? ', supersededBy = :succ' : ''),
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ...(issuerId === undefined ? {} : { ':issuer': S(issuerId) }),
              ':active': S('active'),
              ':revoked': S('revoked'),
              ':at': S(revocation.revokedAt),
              ':reason': S(revocation.reason),
              ':by': S(revocation.by ?? 'issuer'),
              ':rp': S(REVOKED_PARTITION),
              ':rs': S(`${revocation.revokedAt}#${id}`),
              ...(revocation.supersededBy ? { ':succ': S(revocation.supersededBy) } : {}),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { outcome: 'revoked', label: toStoredLabel(out.Attributes ?? {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // Tell apart "not yours / not there" from "already revoked" with one consistent read.
      const current = await this.getLabel(id);
      if (!current || (issuerId !== undefined && current.record.issuer.id !== issuerId)) return { outcome: 'not_found' };
      return { outcome: 'already_revoked', label: current };
    }
  }

  async listRevokedLabels(page: PageRequest): Promise<Page<StoredLabel>> {
    const out = await this.query(
      'list revocations',
      { IndexName: INDEXES.revocations, KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': S(REVOKED_PARTITION) } },
      page,
    );
    return { ...out, items: out.items.map(toStoredLabel) };
  }

  // ── idempotency ────────────────────────────────────────────────────────────

  async claimIdempotencyKey(
    record: IdempotencyRecord,
    now: string,
  ): Promise<{ readonly claimed: true } | { readonly claimed: false; readonly existing: IdempotencyRecord }> {
    const key = idempotencyKey(record.issuerId, record.keyHash);
    const item: Item = {
      pk: S(key.pk),
      sk: S(key.sk),
      issuerId: S(record.issuerId),
      keyHash: S(record.keyHash),
      requestHash: S(record.requestHash),
      labelId: S(record.labelId),
      createdAt: S(record.createdAt),
      expiresAt: S(record.expiresAt),
      [TTL_ATTRIBUTE]: N(Math.floor(Date.parse(record.expiresAt) / 1000)),
    };
    try {
      // An expired claim may be replaced: TTL deletion is lazy on AWS and absent in dynalite.
      await this.call('claim idempotency key', () =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': S(now) },
          }),
        ),
      );
      return { claimed: true as const };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.get('read idempotency key', key);
      if (!existing) return this.claimIdempotencyKey(record, now); // expired and deleted meanwhile
      return {
        claimed: false as const,
        existing: {
          issuerId: must(existing, 'issuerId'),
          keyHash: must(existing, 'keyHash'),
          requestHash: must(existing, 'requestHash'),
          labelId: must(existing, 'labelId'),
          createdAt: must(existing, 'createdAt'),
          expiresAt: must(existing, 'expiresAt'),
        },
      };
    }
  }

  // ── signing keys ───────────────────────────────────────────────────────────

  async putSigningKey(key: SigningKeyRecord): Promise<'created' | 'exists'> {
    const k = signingKeyKey(key.kid);
    const item: Item = {
      pk: S(k.pk),
      sk: S(k.sk),
      gsi1pk: S(SIGNING_KEYS_PARTITION),
      gsi1sk: S(`${key.createdAt}#${key.kid}`),
      kid: S(key.kid),
      status: S(key.status),
      record: S(JSON.stringify(key)),
    };
    return (await this.putNew('put signing key', item)) ? 'created' : 'exists';
  }

  async getSigningKey(kid: string): Promise<SigningKeyRecord | undefined> {
    const item = await this.get('get signing key', signingKeyKey(kid));
    return item && toSigningKey(item);
  }

  listSigningKeys(): Promise<SigningKeyRecord[]> {
    return this.queryWholeOwnerPartition('list signing keys', SIGNING_KEYS_PARTITION, toSigningKey);
  }

  /** Every item of one `gsi1` partition, page after page, in index order. */
  private async queryWholeOwnerPartition<T>(what: string, partition: string, read: (item: Item) => T): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.query(
        what,
        { IndexName: INDEXES.byOwner, KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': S(partition) } },
        { limit: 100, ...(cursor ? { cursor } : {}) },
      );
      out.push(...page.items.map(read));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async setSigningKeyStatus(kid: string, status: KeyStatus, at: string): Promise<SigningKeyRecord | undefined> {
    return this.replaceRecordWhileStatus(
      `signing key ${kid}`,
      signingKeyKey(kid),
      () => this.getSigningKey(kid),
      (current) =>
        // `compromised` is terminal: a racing rotation must never turn it back into a trusted key.
        current.status === status || current.status === 'compromised'
          ? undefined
          : {
              ...current,
              status,
              ...(status === 'retired' ? { retiredAt: current.retiredAt ?? at } : {}),
              ...(status === 'compromised' ? { compromisedAt: at } : {}),
            },
    );
  }

  /**
   * Replaces a record kept as one JSON attribute beside its `status`, by a conditional write on
   * the status read, retried when another writer moved it first. `change` answers the record to
   * write, or `undefined` to keep the current one (already there, or a terminal status).
   */
  private async replaceRecordWhileStatus<T extends { readonly status: string }>(
    what: string,
    key: { pk: string; sk: string },
    read: () => Promise<T | undefined>,
    change: (current: T) => T | undefined,
  ): Promise<T | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await read();
      if (!current) return undefined;
      const next = change(current);
      if (!next) return current;
      try {
        await this.call(`set ${what} status`, () =>
          this.client.send(
            new UpdateItemCommand({
              TableName: this.tableName,
              Key: { pk: S(key.pk), sk: S(key.sk) },
              ConditionExpression: '#s = :old',
              UpdateExpression: 'SET #s = :new, #r = :record',
              ExpressionAttributeNames: { '#s': 'status', '#r': 'record' },
              ExpressionAttributeValues: { ':old': S(current.status), ':new': S(next.status), ':record': S(JSON.stringify(next)) },
            }),
          ),
        );
        return next;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    throw new ConflictError(`${what} is changing concurrently`, 'concurrent_update');
  }

  // ── accreditations ─────────────────────────────────────────────────────────

  async createAccreditation(accreditation: Accreditation): Promise<'created' | 'exists'> {
    const k = accreditationKey(accreditation.issuerId, accreditation.id);
    const item: Item = {
      pk: S(k.pk),
      sk: S(k.sk),
      gsi1pk: S(ACCREDITATIONS_PARTITION),
      gsi1sk: S(`${accreditation.from}#${accreditation.id}`),
      status: S(accreditation.status),
      record: S(JSON.stringify(accreditation)),
    };
    return (await this.putNew('create accreditation', item)) ? 'created' : 'exists';
  }

  async getAccreditation(issuerId: string, id: string): Promise<Accreditation | undefined> {
    const item = await this.get('get accreditation', accreditationKey(issuerId, id));
    return item && toAccreditation(item);
  }

  async listAccreditations(issuerId: string): Promise<Accreditation[]> {
    const out: Accreditation[] = [];
    let start: Item | undefined;
    do {
      const res = await this.call('list accreditations', () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :a)',
            ExpressionAttributeValues: { ':p': S(accreditationKey(issuerId, '').pk), ':a': S('ACCR#') },
            ConsistentRead: true,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        ),
      );
      out.push(...(res.Items ?? []).map(toAccreditation));
      start = res.LastEvaluatedKey;
    } while (start);
    return out.sort((a, b) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id));
  }

  listAllAccreditations(): Promise<Accreditation[]> {
    return this.queryWholeOwnerPartition('list all accreditations', ACCREDITATIONS_PARTITION, toAccreditation);
  }

  async setAccreditationStatus(
    issuerId: string,
    id: string,
    change: { readonly status: AccreditationStatus; readonly at: string; readonly reason: string },
  ): Promise<Accreditation | undefined> {
    return this.replaceRecordWhileStatus(
      `accreditation ${id}`,
      accreditationKey(issuerId, id),
      () => this.getAccreditation(issuerId, id),
      (current) =>
        // `withdrawn` is terminal: a racing reinstatement must never bring a withdrawn scope back.
        current.status === change.status || current.status === 'withdrawn'
          ? undefined
          : { ...current, status: change.status, statusAt: change.at, statusReason: change.reason },
    );
  }

  // ── trust list ─────────────────────────────────────────────────────────────

  async getTrustList(): Promise<StoredTrustList | undefined> {
    const item = await this.get('get trust list', TRUST_LIST_KEY);
    return item && (JSON.parse(must(item, 'record')) as StoredTrustList);
  }

  async putTrustList(list: StoredTrustList): Promise<'stored' | 'stale'> {
    try {
      await this.call('put trust list', () =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { pk: S(TRUST_LIST_KEY.pk), sk: S(TRUST_LIST_KEY.sk), seq: N(list.seq), record: S(JSON.stringify(list)) },
            // seq never moves backwards, whoever publishes.
            ConditionExpression: 'attribute_not_exists(pk) OR seq < :seq',
            ExpressionAttributeValues: { ':seq': N(list.seq) },
          }),
        ),
      );
      return 'stored';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'stale';
      throw error;
    }
  }

  // ── status slots (see shared/status-list/slot-allocation.ts) ──────────────

  async takeStatusShardOffset(shard: number, layout: StatusShardLayout): Promise<StatusShardTake> {
    const { key, names, values, capacity } = shardRequest(shard, layout);
    try {
      const out = await this.call('take status slot', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET #list = if_not_exists(#list, :zero), #size = :size, #shards = :shards ADD #next :one',
            // Below capacity, on the layout it was made with; or a shard not yet made (list 0).
            ConditionExpression: 'attribute_not_exists(pk) OR (#next < :cap AND #size = :size AND #shards = :shards)',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':one': N(1), ':cap': N(capacity) },
            // The list and counter of this very write: no other caller can have seen this pair.
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      const item = out.Attributes ?? {};
      return { outcome: 'taken', list: storedCount(item, 'list'), offset: storedCount(item, 'next') - 1 };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = await this.get('read status shard', statusShardKey(shard));
      if (!item) throw new ServiceUnavailableError(`status shard ${shard} refused a take but is not stored`);
      checkShardLayout(shard, item, layout);
      return { outcome: 'full', list: storedCount(item, 'list') };
    }
  }

  async advanceStatusShard(shard: number, fromList: number, layout: StatusShardLayout): Promise<'advanced' | 'moved_meanwhile'> {
    const { key, names, values, capacity } = shardRequest(shard, layout);
    const from = z.int().check(z.nonnegative()).parse(fromList);
    try {
      await this.call('advance status shard', () =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: key,
            UpdateExpression: 'SET #list = :to, #next = :zero',
            // Only while still full on `from`: of all callers that saw it full, one moves it.
            ConditionExpression: '#list = :from AND #next >= :cap AND #size = :size AND #shards = :shards',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ...values, ':from': N(from), ':to': N(from + 1), ':cap': N(capacity) },
          }),
        ),
      );
      return 'advanced';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'moved_meanwhile';
      throw error;
    }
  }
}

function toIssuer(item: Item): Issuer {
  const suspendedAt = str(item, 'suspendedAt');
  const apiKeyRotatedAt = str(item, 'apiKeyRotatedAt');
  const withdrawnAt = str(item, 'withdrawnAt');
  const withdrawalReason = str(item, 'withdrawalReason');
  return {
    id: must(item, 'id'),
    name: must(item, 'name'),
    // Issuers stored before roles existed were all certifying others' products.
    role: (str(item, 'role') ?? 'certification_body') as IssuerRole,
    status: must(item, 'status') as IssuerStatus,
    createdAt: must(item, 'createdAt'),
    apiKeyHash: must(item, 'apiKeyHash'),
    ...(suspendedAt ? { suspendedAt } : {}),
    ...(apiKeyRotatedAt ? { apiKeyRotatedAt } : {}),
    ...(withdrawnAt ? { withdrawnAt } : {}),
    ...(withdrawalReason !== undefined ? { withdrawalReason } : {}),
  };
}

function toStoredLabel(item: Item): StoredLabel {
  const status = must(item, 'status') as StoredLabel['status'];
  const supersededBy = str(item, 'supersededBy');
  return {
    record: JSON.parse(must(item, 'record')) as LabelRecord,
    digest: must(item, 'digest'),
    token: must(item, 'token'),
    kid: must(item, 'kid'),
    status,
    ...(status === 'revoked'
      ? {
          revocation: {
            revokedAt: must(item, 'revokedAt'),
            reason: must(item, 'revocationReason'),
            ...(supersededBy ? { supersededBy } : {}),
            // Revocations stored before the scheme could revoke were all the issuer's.
            by: (str(item, 'revokedBy') ?? 'issuer') as RevokedBy,
          },
        }
      : {}),
  };
}

function toSigningKey(item: Item): SigningKeyRecord {
  return JSON.parse(must(item, 'record')) as SigningKeyRecord;
}

function toAccreditation(item: Item): Accreditation {
  return JSON.parse(must(item, 'record')) as Accreditation;
}

/** The parts every status shard request shares, the layout checked first. */
function shardRequest(shard: number, layout: StatusShardLayout) {
  const { listSize, shards } = StatusSlotLayoutSchema.parse(layout);
  if (!Number.isInteger(shard) || shard < 0 || shard >= shards) throw new RangeError(`status shard ${shard} is outside 0–${shards - 1}`);
  const k = statusShardKey(shard);
  return {
    key: { pk: S(k.pk), sk: S(k.sk) },
    names: { '#list': 'list', '#next': 'next', '#size': 'listSize', '#shards': 'shards' },
    values: { ':zero': N(0), ':size': N(listSize), ':shards': N(shards) },
    capacity: listSize / shards,
  };
}

const StoredCountSchema = z.string().check(z.regex(/^(0|[1-9][0-9]{0,14})$/));

/** A non-negative integer attribute of a stored item; a missing or odd one is a broken store. */
function storedCount(item: Item, name: string): number {
  const parsed = StoredCountSchema.safeParse(item[name]?.N);
  if (!parsed.success) throw new ServiceUnavailableError(`status shard item has no valid ${name}`);
  return Number(parsed.data);
}

/** A shard made with another layout would hand out overlapping ranges: refuse, loudly. */
function checkShardLayout(shard: number, item: Item, layout: StatusShardLayout): void {
  const listSize = storedCount(item, 'listSize');
  const shards = storedCount(item, 'shards');
  if (listSize !== layout.listSize || shards !== layout.shards) {
    throw new ConfigurationError(
      `status shard ${shard} was made for lists of ${listSize} in ${shards} shards, not ${layout.listSize} in ${layout.shards}: the slot layout cannot change`,
    );
  }
}
