import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { Keyring } from '../../../../shared/keys/keyring.ts';
import { localKeyRecord } from '../../../../local/keys/local-signing-key.ts';
import type { SigningKeyRecord } from '../../../../shared/keys/signing-key.ts';

function fakeStore(records: SigningKeyRecord[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    records,
    listSigningKeys: async () => {
      calls++;
      return [...records];
    },
  };
}

describe('Keyring', () => {
  it('caches the snapshot for the refresh interval, then reloads', async () => {
    let now = 0;
    const store = fakeStore([localKeyRecord(LocalKeySigner.generate(), 'x')]);
    const keyring = new Keyring(store, { refreshIntervalMs: 1000, now: () => now });
    await keyring.records();
    await keyring.records();
    expect(store.calls).toBe(1);
    now = 1000;
    await keyring.records();
    expect(store.calls).toBe(2);
    expect(keyring.maxStalenessSeconds).toBe(1);
  });

  it('reloads on an unknown kid at most once per miss interval', async () => {
    let now = 0;
    const store = fakeStore([]);
    const keyring = new Keyring(store, { refreshIntervalMs: 60_000, missRefreshIntervalMs: 5_000, now: () => now });
    const fresh = LocalKeySigner.generate();
    expect((await keyring.lookupFor([fresh.kid]))(fresh.kid)).toBeUndefined();
    store.records.push(localKeyRecord(fresh, 'x'));
    now = 1_000;
    expect((await keyring.lookupFor(['random-kid']))(fresh.kid)).toBeUndefined(); // snapshot younger than the miss interval: no reload
    now = 6_000;
    expect((await keyring.lookupFor([fresh.kid]))(fresh.kid)?.kid).toBe(fresh.kid);
    expect(store.calls).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const store = fakeStore([]);
    const keyring = new Keyring(store);
    await Promise.all([keyring.records(), keyring.records(), keyring.records()]);
    expect(store.calls).toBe(1);
  });
});

describe('Keyring when storage fails', () => {
  it('keeps the last snapshot rather than failing every verification', async () => {
    let now = 0;
    let down = false;
    const signer = LocalKeySigner.generate();
    const store = {
      listSigningKeys: async () => {
        if (down) throw new Error('ECONNREFUSED');
        return [localKeyRecord(signer, 'x')];
      },
    };
    const keyring = new Keyring(store, { refreshIntervalMs: 1000, now: () => now });
    await keyring.records();
    down = true;
    now = 5000;
    expect((await keyring.lookupFor([signer.kid]))(signer.kid)?.kid).toBe(signer.kid);
    const cold = new Keyring(store);
    await expect(cold.records()).rejects.toThrow('ECONNREFUSED');
  });
});
