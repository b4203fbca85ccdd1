/** Publishing the trust list: the whole store's keys and issuers, signed by the root, seq only growing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { newAccreditationId, newIssuerId } from '../../../../shared/ids.ts';
import { fixedSigner } from '../../../../shared/signing/signer-source.ts';
import type { StoredTrustList, TrustListStore } from '../../../../shared/store/store.ts';
import { acceptTrustList } from '../../../../shared/trust-list/pinned-trust-list.ts';
import { publishTrustList, trustListIsDue, type PublishTrustListDeps } from '../../../../shared/trust-list/publish-trust-list.ts';
import { startTestStore } from '../../../support/dynamodb.ts';

const root = LocalKeySigner.generate();
const labelKey = LocalKeySigner.generate();
const retiredKey = LocalKeySigner.generate();
const NOW = new Date('2026-12-01T00:00:00.000Z');
const scheme = { id: 'test.carbon-label', name: 'Test scheme' };

let env: Awaited<ReturnType<typeof startTestStore>>;
let deps: PublishTrustListDeps;
const published: StoredTrustList[] = [];
const issuerId = newIssuerId();
const accreditationId = newAccreditationId();

beforeAll(async () => {
  env = await startTestStore();
  deps = {
    store: env.store,
    trustList: { scheme, root: fixedSigner(root), validitySeconds: 3600, onPublished: (list) => published.push(list) },
    now: () => NOW,
  };
  await env.store.putSigningKey({
    kid: retiredKey.kid,
    alg: 'ES256',
    publicJwk: retiredKey.publicJwk,
    status: 'retired',
    createdAt: '2026-01-01T00:00:00.000Z',
    retiredAt: '2026-06-01T00:00:00.000Z',
    provider: { type: 'local' },
  });
  await env.store.putSigningKey({
    kid: labelKey.kid,
    alg: 'ES256',
    publicJwk: labelKey.publicJwk,
    status: 'active',
    createdAt: '2026-06-01T00:00:00.000Z',
    provider: { type: 'local' },
  });
  await env.store.createIssuer({
    id: issuerId,
    name: 'Acme Steel',
    role: 'certification_body',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    apiKeyHash: 'h'.repeat(64),
  });
  // A suspended manufacturer without accreditations.
  await env.store.createIssuer({
    id: newIssuerId(),
    name: 'Old Issuer',
    role: 'manufacturer',
    status: 'suspended',
    createdAt: '2026-01-02T00:00:00.000Z',
    apiKeyHash: 'h'.repeat(64),
  });
  await env.store.createAccreditation({
    id: accreditationId,
    issuerId,
    productCategories: ['7208'],
    markets: ['EU'],
    from: '2026-01-01T00:00:00.000Z',
    validUntil: '2030-01-01T00:00:00.000Z',
    accreditedBy: 'CNAS',
    reference: 'CNAS-PCF-0042',
    status: 'suspended',
    statusAt: '2026-02-01T00:00:00.500Z',
    statusReason: 'audit pending',
  });
});

afterAll(() => env.close());

describe('publishTrustList', () => {
  it('publishes seq 1 first: every key and issuer, times in seconds, signed by the root', async () => {
    const stored = await publishTrustList(deps);
    expect(stored.seq).toBe(1);
    expect(stored).toMatchObject({ issuedAt: NOW.toISOString(), nextUpdate: '2026-12-01T01:00:00.000Z' });
    expect(await env.store.getTrustList()).toEqual(stored);
    expect(published.at(-1)).toEqual(stored);

    const list = acceptTrustList(stored.jws, { pin: root.kid });
    expect(list).toMatchObject({ v: 1, scheme, seq: 1, iat: NOW.getTime() / 1000, nxt: NOW.getTime() / 1000 + 3600, root: { kid: root.kid } });
    expect(list.keys).toEqual([
      {
        kid: retiredKey.kid,
        alg: 'ES256',
        jwk: retiredKey.publicJwk,
        status: 'retired',
        from: Date.parse('2026-01-01T00:00:00Z') / 1000,
        until: Date.parse('2026-06-01T00:00:00Z') / 1000,
      },
      { kid: labelKey.kid, alg: 'ES256', jwk: labelKey.publicJwk, status: 'active', from: Date.parse('2026-06-01T00:00:00Z') / 1000 },
    ]);
    const acme = list.issuers.find((i) => i.id === issuerId);
    expect(acme).toEqual({
      id: issuerId,
      name: 'Acme Steel',
      role: 'certification_body',
      status: 'active',
      accreditations: [
        {
          id: accreditationId,
          productCategories: ['7208'],
          markets: ['EU'],
          from: Date.parse('2026-01-01T00:00:00Z') / 1000,
          validUntil: Date.parse('2030-01-01T00:00:00Z') / 1000,
          accreditedBy: 'CNAS',
          reference: 'CNAS-PCF-0042',
          status: 'suspended',
          statusAt: Date.parse('2026-02-01T00:00:00Z') / 1000,
        },
      ],
    });
    // The reason stays with the operator.
    expect(stored.jws).not.toContain('audit pending');
    expect(list.issuers.find((i) => i.name === 'Old Issuer')).toMatchObject({ role: 'manufacturer', status: 'suspended', accreditations: [] });
  });

  it('takes the next seq each time and reflects the store as it is now', async () => {
    const before = (await env.store.getTrustList())!.seq;
    await env.store.setIssuerStatus(issuerId, 'suspended', NOW.toISOString());
    const stored = await publishTrustList(deps);
    expect(stored.seq).toBe(before + 1);
    expect(acceptTrustList(stored.jws, { pin: root.kid }).issuers.find((i) => i.id === issuerId)?.status).toBe('suspended');
  });

  it('re-reads the stored seq when another publisher won, and gives up after a few attempts', async () => {
    let racing = 2;
    const racingStore: PublishTrustListDeps['store'] = Object.create(env.store) as PublishTrustListDeps['store'];
    racingStore.putTrustList = async (list) => {
      if (racing-- > 0) {
        // Another publisher stores this seq first.
        await env.store.putTrustList({ ...list, jws: 'other', etag: '"other"' });
        return 'stale';
      }
      return env.store.putTrustList(list);
    };
    const before = (await env.store.getTrustList())!.seq;
    const stored = await publishTrustList({ ...deps, store: racingStore });
    expect(stored.seq).toBe(before + 3);

    const alwaysStale: TrustListStore['putTrustList'] = async () => 'stale';
    const losing = Object.create(env.store) as PublishTrustListDeps['store'];
    losing.putTrustList = alwaysStale;
    await expect(publishTrustList({ ...deps, store: losing })).rejects.toMatchObject({ code: 'service_unavailable' });
  });
});

describe('root rotation', () => {
  it('announce: a list signed by the current root names the next root, refused when it is the root itself', async () => {
    const next = LocalKeySigner.generate();
    // Only the public key is read: a source with no sign method is enough.
    const nextPublic = { current: async () => ({ kid: next.kid, publicJwk: next.publicJwk }) };
    const stored = await publishTrustList({ ...deps, trustList: { ...deps.trustList, nextRoot: nextPublic } });
    const list = acceptTrustList(stored.jws, { pin: root.kid });
    expect(list.root.kid).toBe(root.kid);
    expect(list.nextRoot).toEqual({ kid: next.kid, jwk: next.publicJwk });
    expect(JSON.parse(Buffer.from(stored.jws.split('.')[0]!, 'base64url').toString('utf8'))).toMatchObject({ kid: root.kid });

    // Switch: the next root signs; a verifier holding the announcing list follows it.
    const switched = await publishTrustList({ ...deps, trustList: { ...deps.trustList, root: fixedSigner(next) } });
    const followed = acceptTrustList(switched.jws, { pin: root.kid, held: list });
    expect(followed).toMatchObject({ root: { kid: next.kid }, seq: list.seq + 1 });
    expect(followed.nextRoot).toBeUndefined();

    const seq = (await env.store.getTrustList())!.seq;
    await expect(publishTrustList({ ...deps, trustList: { ...deps.trustList, nextRoot: fixedSigner(root) } })).rejects.toThrow(/breaks its schema.*nextRoot/);
    expect((await env.store.getTrustList())!.seq).toBe(seq);
  });
});

describe('trustListIsDue', () => {
  const stored = { issuedAt: '2026-12-01T00:00:00.000Z', nextUpdate: '2026-12-02T00:00:00.000Z' };
  it('is due when nothing is published or more than half the validity passed', () => {
    expect(trustListIsDue(undefined, NOW)).toBe(true);
    expect(trustListIsDue(stored, new Date('2026-12-01T11:59:59.000Z'))).toBe(false);
    expect(trustListIsDue(stored, new Date('2026-12-01T12:00:00.000Z'))).toBe(true);
  });
});

describe('buildTrustList', () => {
  it('refuses to build a list a verifier would refuse (here: the root is also a label key)', async () => {
    const env2 = await startTestStore();
    try {
      await env2.store.putSigningKey({
        kid: root.kid,
        alg: 'ES256',
        publicJwk: root.publicJwk,
        status: 'active',
        createdAt: NOW.toISOString(),
        provider: { type: 'local' },
      });
      await expect(publishTrustList({ ...deps, store: env2.store })).rejects.toThrow(/breaks its schema.*keys/);
      expect(await env2.store.getTrustList()).toBeUndefined();
    } finally {
      await env2.close();
    }
  });
});
