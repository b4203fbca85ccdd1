/**
 * The status cache's promises: answers no older than the stated bound (injected clock), bounded
 * size with least-recently-used eviction, one read per id at a time, errors never cached, and a
 * local revocation visible at once.
 */
import { describe, expect, it } from 'vitest';
import { cachedStatusSource } from '../../../../../shared/verification/status/cached-status-source.ts';
import type { LabelStatusRecord, LabelStatusSource } from '../../../../../shared/verification/status/label-status-source.ts';

const ACTIVE: LabelStatusRecord = { found: true, issuerId: 'org_a', recordDigest: 'd'.repeat(43) };
const REVOKED: LabelStatusRecord = { ...ACTIVE, revocation: { revokedAt: '2026-11-29T00:00:00.000Z', reason: 'wrong' } };

/** An inner source whose answers and failures the test controls, counting reads per id. */
function fakeSource(initial: Record<string, LabelStatusRecord> = {}) {
  const data = new Map(Object.entries(initial));
  const reads = new Map<string, number>();
  let failNext = false;
  const pending: Array<() => void> = [];
  let hold = false;
  const source: LabelStatusSource = {
    kind: 'live',
    maxAgeSeconds: 0,
    async lookup(labelId) {
      reads.set(labelId, (reads.get(labelId) ?? 0) + 1);
      if (hold) await new Promise<void>((resolve) => pending.push(resolve));
      if (failNext) {
        failNext = false;
        throw new Error('storage down');
      }
      return data.get(labelId) ?? { found: false };
    },
  };
  return {
    source,
    data,
    reads: (id: string) => reads.get(id) ?? 0,
    failOnce: () => (failNext = true),
    holdReads: (on: boolean) => (hold = on),
    release: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('cachedStatusSource', () => {
  it('states its kind and bound', () => {
    const cache = cachedStatusSource(fakeSource().source, { maxAgeSeconds: 5 });
    expect(cache.kind).toBe('cached');
    expect(cache.maxAgeSeconds).toBe(5);
  });

  it('serves a cached answer until it is maxAgeSeconds old, then reads storage again', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE });
    const c = clock();
    const cache = cachedStatusSource(inner.source, { maxAgeSeconds: 5, refreshAheadFraction: 1, now: c.now });
    expect(await cache.lookup('lbl_1')).toEqual(ACTIVE);
    expect(inner.reads('lbl_1')).toBe(1);

    // Revoked in storage by another process: invisible until the bound, visible at it.
    inner.data.set('lbl_1', REVOKED);
    c.advance(4_999);
    expect(await cache.lookup('lbl_1')).toEqual(ACTIVE);
    expect(inner.reads('lbl_1')).toBe(1);
    c.advance(1);
    expect(await cache.lookup('lbl_1')).toEqual(REVOKED);
    expect(inner.reads('lbl_1')).toBe(2);
  });

  it('refreshes ahead in the background, serving the answer it still may until the new one lands', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE });
    const c = clock();
    const cache = cachedStatusSource(inner.source, { maxAgeSeconds: 5, refreshAheadFraction: 0.8, now: c.now });
    await cache.lookup('lbl_1');
    inner.data.set('lbl_1', REVOKED);
    c.advance(3_999);
    expect(await cache.lookup('lbl_1')).toEqual(ACTIVE);
    expect(inner.reads('lbl_1')).toBe(1);

    // Past 80 % of the bound: the cached answer (4 s old) is served, one refresh starts.
    inner.holdReads(true);
    c.advance(1);
    expect(await cache.lookup('lbl_1')).toEqual(ACTIVE);
    expect(await cache.lookup('lbl_1')).toEqual(ACTIVE);
    expect(inner.reads('lbl_1')).toBe(2);
    inner.release();
    inner.holdReads(false);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.lookup('lbl_1')).toEqual(REVOKED);
    expect(inner.reads('lbl_1')).toBe(2);
  });

  it('never serves past the bound even when a refresh ahead is slow or failed', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE });
    const c = clock();
    const cache = cachedStatusSource(inner.source, { maxAgeSeconds: 5, now: c.now });
    await cache.lookup('lbl_1');
    c.advance(4_500);
    inner.failOnce();
    await cache.lookup('lbl_1'); // starts a refresh that fails
    await new Promise((resolve) => setTimeout(resolve, 0));
    inner.data.set('lbl_1', REVOKED);
    c.advance(500); // the entry is now exactly 5 s old
    expect(await cache.lookup('lbl_1')).toEqual(REVOKED);
  });

  it('counts age from when the read started, not when it finished', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE });
    const c = clock();
    const cache = cachedStatusSource(inner.source, { maxAgeSeconds: 5, now: c.now });
    inner.holdReads(true);
    const first = cache.lookup('lbl_1');
    c.advance(3_000); // a slow read
    inner.release();
    await first;
    inner.holdReads(false);
    c.advance(2_000); // 5 s after the read started
    await cache.lookup('lbl_1');
    expect(inner.reads('lbl_1')).toBe(2);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const inner = fakeSource({ a: ACTIVE, b: ACTIVE, c: ACTIVE });
    const cache = cachedStatusSource(inner.source, { maxEntries: 2, now: clock().now });
    await cache.lookup('a');
    await cache.lookup('b');
    await cache.lookup('a'); // a is now more recent than b
    await cache.lookup('c'); // evicts b
    expect(cache.size).toBe(2);
    await cache.lookup('a');
    expect(inner.reads('a')).toBe(1);
    await cache.lookup('b');
    expect(inner.reads('b')).toBe(2);
  });

  it('shares one read among concurrent lookups of the same id', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE, lbl_2: ACTIVE });
    const cache = cachedStatusSource(inner.source, { now: clock().now });
    inner.holdReads(true);
    const lookups = [cache.lookup('lbl_1'), cache.lookup('lbl_1'), cache.lookup('lbl_1'), cache.lookup('lbl_2')];
    await Promise.resolve();
    inner.release();
    expect(await Promise.all(lookups)).toEqual([ACTIVE, ACTIVE, ACTIVE, ACTIVE]);
    expect(inner.reads('lbl_1')).toBe(1);
    expect(inner.reads('lbl_2')).toBe(1);
  });

  it('never caches an error: the next lookup reads again', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE });
    const cache = cachedStatusSource(inner.source, { now: clock().now });
    inner.failOnce();
    await expect(cache.lookup('lbl_1')).rejects.toThrow('storage down');
    expect(cache.size).toBe(0);
    expect(await cache.lookup('lbl_1')).toEqual(ACTIVE);
    expect(inner.reads('lbl_1')).toBe(2);
  });

  it('forgets a label on invalidate, including a read that was in flight', async () => {
    const inner = fakeSource({ lbl_1: ACTIVE });
    const cache = cachedStatusSource(inner.source, { now: clock().now });
    await cache.lookup('lbl_1');
    inner.data.set('lbl_1', REVOKED);
    cache.invalidate('lbl_1');
    expect(await cache.lookup('lbl_1')).toEqual(REVOKED);

    // A read that began before a revocation must not be stored after it.
    inner.data.set('lbl_1', ACTIVE);
    cache.invalidate('lbl_1');
    inner.holdReads(true);
    const before = cache.lookup('lbl_1');
    await Promise.resolve();
    cache.invalidate('lbl_1');
    inner.holdReads(false);
    inner.data.set('lbl_1', REVOKED);
    inner.release();
    await before;
    expect(await cache.lookup('lbl_1')).toEqual(REVOKED);
  });

  it('caches an answer that the label is unknown, within the same bound', async () => {
    const inner = fakeSource();
    const c = clock();
    const cache = cachedStatusSource(inner.source, { maxAgeSeconds: 1, now: c.now });
    expect(await cache.lookup('nope')).toEqual({ found: false });
    expect(await cache.lookup('nope')).toEqual({ found: false });
    expect(inner.reads('nope')).toBe(1);
    c.advance(1_000);
    await cache.lookup('nope');
    expect(inner.reads('nope')).toBe(2);
  });

  it('refuses nonsensical bounds', () => {
    expect(() => cachedStatusSource(fakeSource().source, { maxAgeSeconds: -1 })).toThrow(RangeError);
    expect(() => cachedStatusSource(fakeSource().source, { maxEntries: 0 })).toThrow(RangeError);
    expect(() => cachedStatusSource(fakeSource().source, { refreshAheadFraction: 0 })).toThrow(RangeError);
  });
});
