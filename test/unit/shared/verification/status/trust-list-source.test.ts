/** The online trust list source: verified before believed, cached briefly, invalidated on demand. */
import { describe, expect, it, vi } from 'vitest';
import { LocalKeySigner } from '../../../../../local/keys/local-key-signer.ts';
import type { StoredTrustList } from '../../../../../shared/store/store.ts';
import { signTrustList } from '../../../../../shared/tokens/trust-list-token.ts';
import { storedTrustListSource } from '../../../../../shared/verification/status/trust-list-source.ts';
import { sampleTrustList } from '../../../../support/sample-trust-list.ts';

const root = LocalKeySigner.generate();
const labelKey = LocalKeySigner.generate();

async function stored(seq: number, signer = root): Promise<StoredTrustList> {
  const s = await signTrustList(sampleTrustList(signer, labelKey, { seq }), signer);
  return { seq, jws: s.jws, etag: s.etag, issuedAt: '2026-12-01T00:00:00Z', nextUpdate: '2026-12-01T01:00:00Z' };
}

describe('storedTrustListSource', () => {
  it('no list published: undefined', async () => {
    const source = storedTrustListSource({ getTrustList: async () => undefined });
    expect(await source.current()).toBeUndefined();
  });

  it('verifies the stored list, caches it for maxAgeSeconds and re-reads after invalidate()', async () => {
    let clock = 0;
    let current = await stored(1);
    const getTrustList = vi.fn(async () => current);
    const source = storedTrustListSource({ getTrustList }, { maxAgeSeconds: 5, now: () => clock });
    expect((await source.current())?.seq).toBe(1);
    current = await stored(2);
    clock = 4000;
    expect((await source.current())?.seq).toBe(1);
    expect(getTrustList).toHaveBeenCalledTimes(1);
    source.invalidate();
    expect((await source.current())?.seq).toBe(2);
    clock = 9500;
    expect((await source.current())?.seq).toBe(2);
    expect(getTrustList).toHaveBeenCalledTimes(3);
  });

  it('a stored list that does not verify (edited, or not our pin) is never believed', async () => {
    const good = await stored(1);
    const [h, p, s] = good.jws.split('.');
    const edited = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString().replace('Acme Steel', 'Acme Steal')).toString('base64url')}.${s}`;
    const error = vi.fn();
    expect(await storedTrustListSource({ getTrustList: async () => ({ ...good, jws: edited, etag: '"x"' }) }, { logger: { error } }).current()).toBeUndefined();
    expect(error).toHaveBeenCalled();
    const pinned = storedTrustListSource({ getTrustList: async () => good }, { pin: LocalKeySigner.generate().kid, logger: { error } });
    expect(await pinned.current()).toBeUndefined();
  });

  it('a failed read rejects and is not cached', async () => {
    let fail = true;
    const good = await stored(3);
    const source = storedTrustListSource({
      getTrustList: async () => {
        if (fail) throw new Error('down');
        return good;
      },
    });
    await expect(source.current()).rejects.toThrow('down');
    fail = false;
    expect((await source.current())?.seq).toBe(3);
  });
});
