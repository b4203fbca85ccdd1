import { describe, expect, it } from 'vitest';
import { ByteLruCache } from '../../../../shared/cache/byte-lru-cache.ts';

const sized = (value: string) => ({ value, bytes: value.length });

describe('ByteLruCache', () => {
  it('produces on a miss, serves hits without producing again', async () => {
    const cache = new ByteLruCache<string>(1000);
    let made = 0;
    const make = () => (made++, sized('v'));
    expect(await cache.get('k', make)).toBe('v');
    expect(await cache.get('k', make)).toBe('v');
    expect(made).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 2 });
  });

  it('lets concurrent requests for a missing key share one production', async () => {
    const cache = new ByteLruCache<string>(1000);
    let made = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const make = async () => {
      made++;
      await gate;
      return sized('v');
    };
    const all = Promise.all(Array.from({ length: 20 }, () => cache.get('k', make)));
    release();
    expect(await all).toEqual(Array(20).fill('v'));
    expect(made).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, joined: 19 });
  });

  it('evicts the least recently used entries to stay within its bytes, counting keys too', async () => {
    const cache = new ByteLruCache<string>(30);
    const nine = () => sized('x'.repeat(9)); // 10 bytes with its one-character key
    await cache.get('a', nine);
    await cache.get('b', nine);
    await cache.get('c', nine);
    await cache.get('a', () => sized('never')); // a is now the most recent
    await cache.get('d', nine); // over budget: b, the least recent, goes
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 30 });
    const produced: string[] = [];
    const track = (key: string) => cache.get(key, () => (produced.push(key), nine()));
    await track('a');
    await track('c');
    await track('d');
    expect(produced).toEqual([]);
    await track('b');
    expect(produced).toEqual(['b']);
    expect(cache.stats().bytes).toBeLessThanOrEqual(30);
  });

  it('never keeps a value larger than the whole cache, nor a failed production', async () => {
    const cache = new ByteLruCache<string>(10);
    expect(await cache.get('big', () => sized('x'.repeat(50)))).toHaveLength(50);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    await expect(cache.get('bad', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get('bad', () => sized('ok'))).toBe('ok');
  });
});
