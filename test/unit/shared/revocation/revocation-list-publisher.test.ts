/** The publisher's freshness and caching contract, on dynalite with a controlled clock. */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { keyLookupFrom } from '../../../../shared/keys/signing-key.ts';
import { RECORD_SCHEMA_VERSION, type StoredLabel } from '../../../../shared/label/record.ts';
import { RevocationListPublisher, ifNoneMatchMatches } from '../../../../shared/revocation/revocation-list-publisher.ts';
import { verifyRevocationList } from '../../../../shared/tokens/revocation-list-token.ts';
import type { Signer } from '../../../../shared/signing/signer.ts';
import { startTestStore } from '../../../support/dynamodb.ts';

const label = (id: string): StoredLabel => ({
  record: {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id,
    issuer: { id: 'org_0123456789ab', name: 'Acme' },
    issuedAt: '2026-01-01T00:00:00.000Z',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-01-01T00:00:00.000Z',
  } as StoredLabel['record'],
  digest: 'A'.repeat(43),
  token: 'x.y.z',
  kid: 'k',
  status: 'active',
});

describe('RevocationListPublisher', () => {
  it('serves one signed list per bucket, complete up to the bucket start; a new bucket or key makes a new one', async () => {
    const t = await startTestStore();
    try {
      const keys = [LocalKeySigner.generate(), LocalKeySigner.generate()];
      let signer: Signer = keys[0]!;
      let clock = Date.parse('2026-11-29T03:00:10Z');
      const deps = { store: t.store, signing: { current: async () => signer }, now: () => new Date(clock), issuer: 'https://labels.example' };
      const lookup = keyLookupFrom(
        keys.map((k) => ({
          kid: k.kid,
          alg: k.alg,
          publicJwk: k.publicJwk,
          status: 'active' as const,
          createdAt: '2026-01-01T00:00:00Z',
          provider: { type: 'local' as const },
        })),
      );
      await t.store.createLabel(label('aaaaaaaaaaaaaaaa'));
      await t.store.revokeLabel('aaaaaaaaaaaaaaaa', 'org_0123456789ab', {
        revokedAt: '2026-11-29T02:59:00.000Z',
        reason: 'Wrong',
        supersededBy: 'bbbbbbbbbbbbbbbb',
      });
      const publisher = new RevocationListPublisher(300);

      const first = await publisher.current(deps);
      expect(first.maxAgeSeconds).toBe(290);
      const decoded = verifyRevocationList(first.jws, lookup);
      expect(decoded).toMatchObject({ issuedAt: '2026-11-29T03:00:00.000Z', nextUpdate: '2026-11-29T03:05:00.000Z' });
      expect(decoded.entries).toEqual([
        { labelId: 'aaaaaaaaaaaaaaaa', revokedAt: '2026-11-29T02:59:00.000Z', reason: 'Wrong', supersededBy: 'bbbbbbbbbbbbbbbb' },
      ]);

      // Same bucket: the very same bytes, even after a new revocation (it waits for the next bucket).
      await t.store.createLabel(label('cccccccccccccccc'));
      await t.store.revokeLabel('cccccccccccccccc', 'org_0123456789ab', { revokedAt: '2026-11-29T03:01:00.000Z', reason: 'Also wrong' });
      clock += 120_000;
      const same = await publisher.current(deps);
      expect(same.jws).toBe(first.jws);
      expect(same.etag).toBe(first.etag);
      expect(same.maxAgeSeconds).toBe(170);

      clock = Date.parse('2026-11-29T03:05:00Z');
      const next = await publisher.current(deps);
      expect(next.etag).not.toBe(first.etag);
      expect(verifyRevocationList(next.jws, lookup).entries.map((e) => e.labelId)).toEqual(['aaaaaaaaaaaaaaaa', 'cccccccccccccccc']);

      signer = keys[1]!;
      const rotated = await publisher.current(deps);
      expect(verifyRevocationList(rotated.jws, lookup).kid).toBe(keys[1]!.kid);
      expect(rotated.etag).not.toBe(next.etag);

      // A fresh process (publisher) in the same bucket with the same content: the same tag.
      const other = await new RevocationListPublisher(300).current(deps);
      expect(other.etag).toBe(rotated.etag);
    } finally {
      await t.close();
    }
  });

  it('does not cache a failed build', async () => {
    let fail = true;
    const signer = LocalKeySigner.generate();
    const store = {
      listRevokedLabels: async () => {
        if (fail) throw new Error('storage down');
        return { items: [] };
      },
    };
    const publisher = new RevocationListPublisher();
    const deps = { store, signing: { current: async () => signer }, now: () => new Date(), issuer: 'https://x.example' };
    await expect(publisher.current(deps)).rejects.toThrow('storage down');
    fail = false;
    expect((await publisher.current(deps)).list.entries).toEqual([]);
  });
});

describe('ifNoneMatchMatches', () => {
  it('uses weak comparison over a list, and *', () => {
    expect(ifNoneMatchMatches('"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchMatches('W/"abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(ifNoneMatchMatches('*', '"abc"')).toBe(true);
    expect(ifNoneMatchMatches('"abcd"', '"abc"')).toBe(false);
    expect(ifNoneMatchMatches(undefined, '"abc"')).toBe(false);
    expect(ifNoneMatchMatches('', '"abc"')).toBe(false);
  });
});
