/** The DynamoDB adapter against dynalite over HTTP: every conditional write behaves as promised. */
import { GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { ConflictError, ServiceUnavailableError } from '../../shared/errors/errors.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import { claimsFor } from '../../shared/label/claims.ts';
import { buildLabelRecord, recordDigest, type StoredLabel } from '../../shared/label/record.ts';
import { createLabelRequestSchema } from '../../shared/label/request-schema.ts';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { newAccreditationId, newIssuerId, newLabelId } from '../../shared/ids.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestStore } from '../support/dynamodb.ts';

let env: Awaited<ReturnType<typeof startTestStore>>;
beforeAll(async () => {
  env = await startTestStore();
});
afterAll(async () => {
  await env.close();
});

const signer = LocalKeySigner.generate();

async function makeLabel(issuerId: string, issuedAt = new Date()): Promise<StoredLabel> {
  const request = createLabelRequestSchema().parse(validFixture('roasted-coffee'));
  const record = buildLabelRecord({ id: newLabelId(), issuer: { id: issuerId, name: 'Roastery' }, request, issuedAt, defaultValidityDays: 30 });
  const digest = recordDigest(record);
  return { record, digest, token: await signLabelToken(claimsFor(record, digest), signer), kid: signer.kid, status: 'active' };
}

describe('DynamoDbStore over dynalite', () => {
  it('stores a label once and returns it byte for byte', async () => {
    const label = await makeLabel(newIssuerId());
    expect(await env.store.createLabel(label)).toBe('created');
    expect(await env.store.createLabel({ ...label, token: 'other' })).toBe('exists');
    const back = await env.store.getLabel(label.record.id);
    expect(back).toEqual(label);
    expect(recordDigest(back!.record)).toBe(label.digest);
  });

  it("lists an issuer's labels newest first, paginated, and nobody else's", async () => {
    const issuer = newIssuerId();
    const labels = [];
    for (let i = 0; i < 5; i++) {
      const label = await makeLabel(issuer, new Date(Date.UTC(2026, 0, 1 + i)));
      await env.store.createLabel(label);
      labels.push(label);
    }
    await env.store.createLabel(await makeLabel(newIssuerId()));
    const first = await env.store.listLabelsByIssuer(issuer, { limit: 3 });
    expect(first.items.map((l) => l.record.id)).toEqual(
      labels
        .slice(2)
        .reverse()
        .map((l) => l.record.id),
    );
    expect(first.nextCursor).toBeDefined();
    const second = await env.store.listLabelsByIssuer(issuer, { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((l) => l.record.id)).toEqual(
      labels
        .slice(0, 2)
        .reverse()
        .map((l) => l.record.id),
    );
  });

  it('revokes once: a second revoke keeps the first; another issuer gets not_found', async () => {
    const issuer = newIssuerId();
    const label = await makeLabel(issuer);
    await env.store.createLabel(label);
    expect((await env.store.revokeLabel(label.record.id, newIssuerId(), { revokedAt: 't0', reason: 'x' })).outcome).toBe('not_found');
    const first = await env.store.revokeLabel(label.record.id, issuer, { revokedAt: '2026-01-01T00:00:00.000Z', reason: 'first' });
    expect(first.outcome).toBe('revoked');
    const second = await env.store.revokeLabel(label.record.id, issuer, { revokedAt: '2026-01-02T00:00:00.000Z', reason: 'second' });
    expect(second).toMatchObject({ outcome: 'already_revoked', label: { revocation: { reason: 'first' } } });
    const revoked = await env.store.listRevokedLabels({ limit: 100 });
    expect(revoked.items.map((l) => l.record.id)).toContain(label.record.id);
  });

  it('revokes any label for the scheme (no issuer match), once, recorded as by the scheme; issuer revocations are by the issuer', async () => {
    const label = await makeLabel(newIssuerId());
    await env.store.createLabel(label);
    const first = await env.store.revokeAnyLabel(label.record.id, { revokedAt: '2026-01-01T00:00:00.000Z', reason: 'scheme', by: 'scheme' });
    expect(first).toMatchObject({ outcome: 'revoked', label: { status: 'revoked', revocation: { reason: 'scheme', by: 'scheme' } } });
    const second = await env.store.revokeAnyLabel(label.record.id, { revokedAt: '2026-01-02T00:00:00.000Z', reason: 'again', by: 'scheme' });
    expect(second).toMatchObject({ outcome: 'already_revoked', label: { revocation: { reason: 'scheme' } } });
    expect((await env.store.revokeAnyLabel(newLabelId(), { revokedAt: 't', reason: 'x', by: 'scheme' })).outcome).toBe('not_found');
    const own = await makeLabel(newIssuerId());
    await env.store.createLabel(own);
    const byIssuer = await env.store.revokeLabel(own.record.id, own.record.issuer.id, { revokedAt: '2026-01-01T00:00:00.000Z', reason: 'mine' });
    expect(byIssuer).toMatchObject({ label: { revocation: { by: 'issuer' } } });
  });

  it('reads a revocation stored before `by` existed as the issuer’s, and an issuer stored before roles as a certification body', async () => {
    const label = await makeLabel(newIssuerId());
    await env.store.createLabel(label);
    await env.store.revokeLabel(label.record.id, label.record.issuer.id, { revokedAt: '2026-01-01T00:00:00.000Z', reason: 'old' });
    const key = { pk: { S: `LABEL#${label.record.id}` }, sk: { S: 'LABEL' } };
    const existing = await env.store.client.send(new GetItemCommand({ TableName: env.tableName, Key: key }));
    expect(existing.Item?.revokedBy?.S).toBe('issuer');
    await env.store.client.send(new UpdateItemCommand({ TableName: env.tableName, Key: key, UpdateExpression: 'REMOVE revokedBy' }));
    expect((await env.store.getLabel(label.record.id))?.revocation?.by).toBe('issuer');

    const id = newIssuerId();
    await env.store.createIssuer({ id, name: 'Old', role: 'manufacturer', status: 'active', createdAt: new Date().toISOString(), apiKeyHash: 'c'.repeat(64) });
    await env.store.client.send(
      new UpdateItemCommand({
        TableName: env.tableName,
        Key: { pk: { S: `ISSUER#${id}` }, sk: { S: 'ISSUER' } },
        UpdateExpression: 'REMOVE #r',
        ExpressionAttributeNames: { '#r': 'role' },
      }),
    );
    expect((await env.store.getIssuer(id))?.role).toBe('certification_body');
  });

  it('withdraws an issuer for good: the first withdrawal stands, and nothing suspends or reinstates it', async () => {
    const issuer = {
      id: newIssuerId(),
      name: 'Rogue',
      role: 'certification_body' as const,
      status: 'active' as const,
      createdAt: new Date().toISOString(),
      apiKeyHash: 'd'.repeat(64),
    };
    await env.store.createIssuer(issuer);
    const withdrawn = await env.store.withdrawIssuer(issuer.id, { at: '2026-02-01T00:00:00.000Z', reason: 'fraud' });
    expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-02-01T00:00:00.000Z', withdrawalReason: 'fraud' });
    expect(await env.store.withdrawIssuer(issuer.id, { at: '2026-03-01T00:00:00.000Z', reason: 'again' })).toMatchObject({ withdrawalReason: 'fraud' });
    expect(await env.store.setIssuerStatus(issuer.id, 'active', '2026-03-01T00:00:00.000Z')).toMatchObject({ status: 'withdrawn' });
    expect(await env.store.setIssuerStatus(issuer.id, 'suspended', '2026-03-01T00:00:00.000Z')).toMatchObject({ status: 'withdrawn' });
    expect(await env.store.withdrawIssuer(newIssuerId(), { at: 't', reason: 'x' })).toBeUndefined();
  });

  it('claims an idempotency key once and replaces it only after expiry', async () => {
    const base = {
      issuerId: newIssuerId(),
      keyHash: 'k'.repeat(64),
      requestHash: 'a',
      labelId: 'l1',
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-02T00:00:00.000Z',
    };
    expect(await env.store.claimIdempotencyKey(base, '2026-01-01T00:00:00.000Z')).toEqual({ claimed: true });
    expect(await env.store.claimIdempotencyKey({ ...base, labelId: 'l2' }, '2026-01-01T01:00:00.000Z')).toEqual({ claimed: false, existing: base });
    expect(await env.store.claimIdempotencyKey({ ...base, labelId: 'l3' }, '2026-01-03T00:00:00.000Z')).toEqual({ claimed: true });
  });

  it('creates issuers uniquely and suspends them', async () => {
    const issuer = {
      id: newIssuerId(),
      name: 'Acme',
      role: 'certification_body' as const,
      status: 'active' as const,
      createdAt: new Date().toISOString(),
      apiKeyHash: 'h'.repeat(64),
    };
    await env.store.createIssuer(issuer);
    await expect(env.store.createIssuer(issuer)).rejects.toBeInstanceOf(ConflictError);
    const suspended = await env.store.setIssuerStatus(issuer.id, 'suspended', '2026-01-01T00:00:00.000Z');
    expect(suspended).toMatchObject({ status: 'suspended', suspendedAt: '2026-01-01T00:00:00.000Z' });
    expect(await env.store.setIssuerStatus(newIssuerId(), 'suspended', 'x')).toBeUndefined();
    expect((await env.store.listIssuers({ limit: 100 })).items.map((i) => i.id)).toContain(issuer.id);
  });

  it("replaces an issuer's API key hash only while it is still the expected one", async () => {
    const issuer = {
      id: newIssuerId(),
      name: 'Rekey',
      role: 'certification_body' as const,
      status: 'active' as const,
      createdAt: new Date().toISOString(),
      apiKeyHash: 'a'.repeat(64),
    };
    await env.store.createIssuer(issuer);
    const change = { from: 'a'.repeat(64), to: 'b'.repeat(64), at: '2026-11-29T00:00:00.000Z' };
    expect(await env.store.replaceIssuerApiKeyHash(issuer.id, change)).toEqual({
      outcome: 'replaced',
      issuer: { ...issuer, apiKeyHash: 'b'.repeat(64), apiKeyRotatedAt: '2026-11-29T00:00:00.000Z' },
    });
    // The same change again: the hash is no longer 'a…', so nothing is written.
    expect(await env.store.replaceIssuerApiKeyHash(issuer.id, { ...change, to: 'c'.repeat(64) })).toEqual({ outcome: 'changed_meanwhile' });
    expect((await env.store.getIssuer(issuer.id))?.apiKeyHash).toBe('b'.repeat(64));
    expect(await env.store.replaceIssuerApiKeyHash(newIssuerId(), change)).toEqual({ outcome: 'not_found' });
  });

  it('records signing keys and moves their status with a conditional write', async () => {
    const key = {
      kid: signer.kid,
      alg: 'ES256' as const,
      publicJwk: signer.publicJwk,
      status: 'active' as const,
      createdAt: new Date().toISOString(),
      provider: { type: 'local' as const },
    };
    expect(await env.store.putSigningKey(key)).toBe('created');
    expect(await env.store.putSigningKey(key)).toBe('exists');
    expect(await env.store.setSigningKeyStatus(key.kid, 'retired', '2026-02-01T00:00:00.000Z')).toMatchObject({
      status: 'retired',
      retiredAt: '2026-02-01T00:00:00.000Z',
    });
    expect((await env.store.listSigningKeys()).find((k) => k.kid === key.kid)?.status).toBe('retired');
  });

  it('stores accreditations per issuer, lists them, and keeps withdrawn terminal', async () => {
    const issuerId = newIssuerId();
    const base = {
      issuerId,
      productCategories: ['72'],
      validUntil: '2030-01-01T00:00:00.000Z',
      accreditedBy: 'CNAS',
      reference: 'CNAS-1',
      status: 'active' as const,
    };
    const first = { ...base, id: newAccreditationId(), from: '2026-01-01T00:00:00.000Z' };
    const second = { ...base, id: newAccreditationId(), from: '2026-02-01T00:00:00.000Z', productCategories: ['7601'] };
    expect(await env.store.createAccreditation(second)).toBe('created');
    expect(await env.store.createAccreditation(first)).toBe('created');
    expect(await env.store.createAccreditation(first)).toBe('exists');
    expect((await env.store.listAccreditations(issuerId)).map((a) => a.id)).toEqual([first.id, second.id]);
    expect(await env.store.listAccreditations(newIssuerId())).toEqual([]);
    expect((await env.store.listAllAccreditations()).map((a) => a.id)).toEqual(expect.arrayContaining([first.id, second.id]));
    const suspended = await env.store.setAccreditationStatus(issuerId, first.id, { status: 'suspended', at: '2026-03-01T00:00:00.000Z', reason: 'audit' });
    expect(suspended).toMatchObject({ status: 'suspended', statusReason: 'audit' });
    await env.store.setAccreditationStatus(issuerId, first.id, { status: 'withdrawn', at: '2026-03-02T00:00:00.000Z', reason: 'fraud' });
    const after = await env.store.setAccreditationStatus(issuerId, first.id, { status: 'active', at: '2026-03-03T00:00:00.000Z', reason: 'oops' });
    expect(after).toMatchObject({ status: 'withdrawn', statusReason: 'fraud' });
    expect(
      await env.store.setAccreditationStatus(issuerId, newAccreditationId(), { status: 'active', at: '2026-03-03T00:00:00.000Z', reason: 'x' }),
    ).toBeUndefined();
  });

  it('replaces the trust list only with a higher seq', async () => {
    const list = (seq: number) => ({ seq, jws: `jws-${seq}`, etag: `"${seq}"`, issuedAt: '2026-01-01T00:00:00.000Z', nextUpdate: '2026-01-02T00:00:00.000Z' });
    expect(await env.store.getTrustList()).toBeUndefined();
    expect(await env.store.putTrustList(list(2))).toBe('stored');
    expect(await env.store.putTrustList(list(1))).toBe('stale');
    expect(await env.store.putTrustList(list(2))).toBe('stale');
    expect((await env.store.getTrustList())?.seq).toBe(2);
    expect(await env.store.putTrustList(list(3))).toBe('stored');
    expect(await env.store.getTrustList()).toEqual(list(3));
  });

  it('refuses a forged pagination cursor with a validation error', async () => {
    await expect(env.store.listLabelsByIssuer(newIssuerId(), { limit: 5, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('refuses crafted and foreign cursors with a validation error on cursor, never an outage', async () => {
    const issuer = newIssuerId();
    const rival = newIssuerId();
    for (let i = 0; i < 3; i++) {
      await env.store.createLabel(await makeLabel(issuer, new Date(Date.UTC(2026, 0, 1 + i))));
      await env.store.createLabel(await makeLabel(rival, new Date(Date.UTC(2026, 0, 1 + i))));
    }
    const theirs = await env.store.listLabelsByIssuer(rival, { limit: 1 });
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const genuine = JSON.parse(Buffer.from(theirs.nextCursor!, 'base64url').toString()) as { v: 1; k: Record<string, string> };
    const crafted = [
      theirs.nextCursor!, // another issuer's listing
      cursor({ pk: { S: 'LABEL#x' }, sk: { S: 'LABEL' } }), // the old raw-key form
      cursor({ v: 1, k: { pk: 'LABEL#x', sk: 'LABEL' } }), // not the index's key
      cursor({ v: 1, k: { ...genuine.k, gsi1pk: `ISSUER#${issuer}`, extra: 'x' } }),
      cursor({ v: 1, k: { ...genuine.k, gsi1pk: `ISSUER#${issuer}`, sk: '' } }),
      cursor({ v: 1, k: { ...genuine.k, gsi1pk: `ISSUER#${issuer}`, pk: 'x'.repeat(1025) } }),
      cursor({ v: 2, k: genuine.k }),
    ];
    for (const c of crafted) {
      await expect(env.store.listLabelsByIssuer(issuer, { limit: 5, cursor: c })).rejects.toMatchObject({
        code: 'validation_failed',
        issues: [{ path: 'cursor' }],
      });
    }
    // A cursor of the caller's own listing still pages on.
    const mine = await env.store.listLabelsByIssuer(issuer, { limit: 1 });
    expect((await env.store.listLabelsByIssuer(issuer, { limit: 5, cursor: mine.nextCursor! })).items).toHaveLength(2);
  });

  it('turns an unreachable endpoint into ServiceUnavailableError', async () => {
    const dead = DynamoDbStore.connect({ tableName: env.tableName, endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await expect(dead.getLabel('abcdefghjkmnpqrs')).rejects.toBeInstanceOf(ServiceUnavailableError);
    dead.client.destroy();
  });
});
