/**
 * ActiveSigner and rotation against the real DynamoDB API (dynalite over HTTP) and real key files:
 * interrupted and concurrent rotations, the cache's staleness bound, compromise being terminal.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalKeyDirectory } from '../../../../local/keys/key-directory.ts';
import { LocalKeyProvisioner } from '../../../../local/keys/local-key-provisioner.ts';
import { errorResult } from '../../../../functions/http/responses.ts';
import { ServiceUnavailableError } from '../../../../shared/errors/errors.ts';
import { ActiveSigner } from '../../../../shared/keys/active-signer.ts';
import { markSigningKeyCompromised, rotateSigningKey } from '../../../../shared/keys/rotate-signing-key.ts';
import type { SigningKeyRecord } from '../../../../shared/keys/signing-key.ts';
import { startTestStore } from '../../../support/dynamodb.ts';

const stores: Awaited<ReturnType<typeof startTestStore>>[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

let clock = Date.parse('2026-11-29T03:00:00Z');
const now = () => new Date(clock);

async function setup() {
  const t = await startTestStore();
  stores.push(t);
  const dir = new LocalKeyDirectory(join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys'));
  const provisioner = new LocalKeyProvisioner(dir);
  const deps = { store: t.store, provisioner, now, keyCaches: [] };
  return { store: t.store, dir, provisioner, deps };
}
const active = async (store: { listSigningKeys(): Promise<SigningKeyRecord[]> }) =>
  (await store.listSigningKeys()).filter((k) => k.status === 'active').map((k) => k.kid);

beforeEach(() => {
  clock += 60_000;
});

describe('rotateSigningKey', () => {
  it('records the new key active, retires the old one, and an ActiveSigner follows', async () => {
    const { store, provisioner, deps } = await setup();
    const first = await rotateSigningKey(deps);
    expect(first.retired).toEqual([]);
    const signer = new ActiveSigner(store, provisioner, { cacheMs: 5_000, now: () => clock });
    expect((await signer.current()).kid).toBe(first.active.kid);

    clock += 1000;
    const second = await rotateSigningKey(deps);
    expect(second.retired.map((k) => k.kid)).toEqual([first.active.kid]);
    expect(await active(store)).toEqual([second.active.kid]);
    // Within the cache bound the previous (now retired, still valid) key may still sign...
    expect((await signer.current()).kid).toBe(first.active.kid);
    // ...and not past it.
    clock += 5_000;
    expect((await signer.current()).kid).toBe(second.active.kid);
  });

  it('sequential rotations within one millisecond (or a clock behind) still make the latest key the signing key', async () => {
    const { store, provisioner, deps } = await setup();
    for (let i = 0; i < 5; i++) {
      const r = await rotateSigningKey(deps);
      expect(await active(store)).toEqual([r.active.kid]);
      expect((await new ActiveSigner(store, provisioner).current()).kid).toBe(r.active.kid);
    }
  });

  it('a rotation interrupted after recording the new key leaves two active keys; the newest signs; the next rotation heals', async () => {
    const { store, provisioner, deps } = await setup();
    const old = await rotateSigningKey(deps);
    // Simulate the crash: create and record a key, but never retire the old one.
    clock += 1000;
    const { signer: orphan, provider } = await provisioner.create();
    await store.putSigningKey({ kid: orphan.kid, alg: orphan.alg, publicJwk: orphan.publicJwk, status: 'active', createdAt: now().toISOString(), provider });
    expect((await active(store)).sort()).toEqual([old.active.kid, orphan.kid].sort());
    expect((await new ActiveSigner(store, provisioner).current()).kid).toBe(orphan.kid);

    clock += 1000;
    const healed = await rotateSigningKey(deps);
    expect(healed.retired.map((k) => k.kid).sort()).toEqual([old.active.kid, orphan.kid].sort());
    expect(await active(store)).toEqual([healed.active.kid]);
  });

  it('concurrent rotations never leave zero active keys, and every signer picks the same newest one', async () => {
    const { store, provisioner, deps, dir } = await setup();
    await rotateSigningKey(deps);
    // Same clock for all three: the tie between equal createdAt is broken by kid.
    const results = await Promise.all([rotateSigningKey(deps), rotateSigningKey(deps), rotateSigningKey(deps)]);
    const actives = await active(store);
    expect(actives.length).toBeGreaterThanOrEqual(1);
    for (const kid of actives) expect(results.map((r) => r.active.kid)).toContain(kid);
    const a = await new ActiveSigner(store, provisioner).current();
    const b = await new ActiveSigner(store, new LocalKeyProvisioner(new LocalKeyDirectory(dir.dir))).current();
    expect(a.kid).toBe(b.kid);
    expect(actives).toContain(a.kid);
  });

  it('never turns a compromised key back into a retired one', async () => {
    const { store, deps } = await setup();
    const first = await rotateSigningKey(deps);
    await store.setSigningKeyStatus(first.active.kid, 'compromised', now().toISOString());
    // What a rotation that read the key as active a moment earlier would now try:
    const after = await store.setSigningKeyStatus(first.active.kid, 'retired', now().toISOString());
    expect(after?.status).toBe('compromised');
    expect((await store.getSigningKey(first.active.kid))?.status).toBe('compromised');
  });
});

describe('key caches', () => {
  it('a rotation and a compromise clear every key cache of the process, also when they fail', async () => {
    const { deps, provisioner } = await setup();
    let cleared = 0;
    const cache = { invalidate: () => void cleared++ };
    const first = await rotateSigningKey({ ...deps, keyCaches: [cache, cache] });
    expect(cleared).toBe(2);
    await markSigningKeyCompromised({ ...deps, keyCaches: [cache] }, first.active.kid);
    expect(cleared).toBeGreaterThanOrEqual(3);
    cleared = 0;
    const broken = { create: async () => Promise.reject(new Error('KMS unreachable')), signerFor: provisioner.signerFor.bind(provisioner) };
    await expect(rotateSigningKey({ ...deps, provisioner: broken, keyCaches: [cache] })).rejects.toMatchObject({ code: 'service_unavailable' });
    expect(cleared).toBe(1);
    cleared = 0;
    await expect(markSigningKeyCompromised({ ...deps, keyCaches: [cache] }, 'A'.repeat(43))).rejects.toMatchObject({ code: 'not_found' });
    expect(cleared).toBe(1);
  });
});

describe('rotation failure', () => {
  it('a provisioner that cannot create a key: 503, nothing recorded, the current key keeps signing', async () => {
    const { store, provisioner, deps } = await setup();
    const first = await rotateSigningKey(deps);
    const broken = { create: async () => Promise.reject(new Error('KMS unreachable')), signerFor: provisioner.signerFor.bind(provisioner) };
    const failure = await rotateSigningKey({ ...deps, provisioner: broken }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'service_unavailable' });
    // The core carries no HTTP status; the edge answers this error with 503.
    expect(errorResult(failure)?.statusCode).toBe(503);
    expect(await active(store)).toEqual([first.active.kid]);
    expect((await store.listSigningKeys()).length).toBe(1);
    expect((await new ActiveSigner(store, provisioner).current()).kid).toBe(first.active.kid);
  });
});

describe('markSigningKeyCompromised', () => {
  it('compromising the active key rotates first, so signing continues with a new key', async () => {
    const { store, provisioner, deps } = await setup();
    const first = await rotateSigningKey(deps);
    const result = await markSigningKeyCompromised(deps, first.active.kid);
    expect(result.compromised).toMatchObject({ kid: first.active.kid, status: 'compromised' });
    expect(result.rotation?.active.kid).toBeDefined();
    expect(await active(store)).toEqual([result.rotation!.active.kid]);
    expect((await new ActiveSigner(store, provisioner).current()).kid).toBe(result.rotation!.active.kid);
  });

  it('compromising a retired key does not rotate; unknown and malformed kids are not found', async () => {
    const { deps } = await setup();
    const first = await rotateSigningKey(deps);
    const second = await rotateSigningKey(deps);
    const result = await markSigningKeyCompromised(deps, first.active.kid);
    expect(result.rotation).toBeUndefined();
    expect((await deps.store.getSigningKey(second.active.kid))?.status).toBe('active');
    await expect(markSigningKeyCompromised(deps, 'A'.repeat(43))).rejects.toMatchObject({ code: 'not_found' });
    await expect(markSigningKeyCompromised(deps, '../../etc/passwd')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('ActiveSigner', () => {
  it('with no usable active key: 503, and it never signs with a compromised or foreign key', async () => {
    const { store, provisioner, deps, dir } = await setup();
    await expect(new ActiveSigner(store, provisioner).current()).rejects.toBeInstanceOf(ServiceUnavailableError);
    const first = await rotateSigningKey(deps);
    await store.setSigningKeyStatus(first.active.kid, 'compromised', now().toISOString());
    await expect(new ActiveSigner(store, provisioner).current()).rejects.toBeInstanceOf(ServiceUnavailableError);
    // A KMS key recorded active cannot be opened by the local provisioner: skipped, not used.
    clock += 1000;
    const local = await rotateSigningKey(deps);
    clock += 1000;
    const kmsLike = dir.create();
    await store.putSigningKey({
      kid: kmsLike.kid,
      alg: 'ES256',
      publicJwk: kmsLike.publicJwk,
      status: 'active',
      createdAt: now().toISOString(),
      provider: { type: 'kms', keyArn: 'arn:aws:kms:eu-west-1:111122223333:key/x' },
    });
    expect((await new ActiveSigner(store, provisioner).current()).kid).toBe(local.active.kid);
    expect(readdirSync(dir.dir).length).toBeGreaterThan(0);
  });
});
