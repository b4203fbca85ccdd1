/**
 * API keys and the admin token are compared in constant time: the comparison always runs
 * `timingSafeEqual` over two equal-length digests, whatever was presented. We assert the path
 * taken (which buffers reach `timingSafeEqual`), never a timing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { withLastCharacterChanged } from '../support/altered.ts';

const calls: { a: number; b: number }[] = [];

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      calls.push({ a: a.byteLength, b: b.byteLength });
      return real.timingSafeEqual(a, b);
    },
  };
});

const { constantTimeEquals, hashSecret, mintApiKey, parseApiKey, secretMatches } = await import('../../shared/issuers/api-key.ts');

beforeEach(() => {
  calls.length = 0;
});

describe('secretMatches', () => {
  const { apiKey, apiKeyHash } = mintApiKey('org_0123456789ab');
  const { secret } = parseApiKey(apiKey)!;

  it('accepts the right secret through timingSafeEqual over two 32-byte digests', () => {
    expect(secretMatches(secret, apiKeyHash)).toBe(true);
    expect(calls).toEqual([{ a: 32, b: 32 }]);
  });

  it('refuses wrong secrets of any length through the same equal-length comparison', () => {
    for (const wrong of [withLastCharacterChanged(secret), '', 'a', secret.repeat(10), secret.toUpperCase()]) {
      expect(secretMatches(wrong, apiKeyHash)).toBe(false);
    }
    expect(calls).toHaveLength(5);
    for (const c of calls) expect(c).toEqual({ a: 32, b: 32 });
  });

  it('a corrupt stored hash refuses without throwing and without a short comparison', () => {
    for (const stored of ['', 'zz', apiKeyHash.slice(0, -2), `${apiKeyHash}00`]) expect(secretMatches(secret, stored)).toBe(false);
    // Never compares buffers of different length (timingSafeEqual would throw on them).
    for (const c of calls) expect(c.a).toBe(c.b);
  });

  it('stores only the SHA-256 of the secret, never the key', () => {
    expect(apiKeyHash).toBe(hashSecret(secret));
    expect(apiKeyHash).not.toContain(secret);
    expect(apiKeyHash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('constantTimeEquals (the admin token)', () => {
  it('compares 32-byte digests whatever the lengths presented', () => {
    const token = 'adm_0123456789abcdefghijklmnop';
    expect(constantTimeEquals(token, token)).toBe(true);
    expect(constantTimeEquals('x', token)).toBe(false);
    expect(constantTimeEquals(token.repeat(20), token)).toBe(false);
    expect(constantTimeEquals('', token)).toBe(false);
    expect(calls).toHaveLength(4);
    for (const c of calls) expect(c).toEqual({ a: 32, b: 32 });
  });
});
