import { describe, expect, it } from 'vitest';
import { AuthFailureThrottle, DEFAULT_AUTH_THROTTLE, sourceKey } from '../../../local/auth-throttle.ts';

function throttle(options: Partial<typeof DEFAULT_AUTH_THROTTLE> = {}) {
  let now = 1_000_000;
  const t = new AuthFailureThrottle({ ...DEFAULT_AUTH_THROTTLE, ...options, now: () => now });
  return { t, advance: (ms: number) => (now += ms) };
}

describe('authentication failure throttle', () => {
  it('admits a source until its burst of failures is spent, then names the wait until the next one', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 10; i++) {
      expect(t.check('192.0.2.7')).toBeUndefined();
      t.recordFailure('192.0.2.7');
    }
    expect(t.check('192.0.2.7')).toEqual({ retryAfterSeconds: 6, first: true });
    expect(t.check('192.0.2.7')).toEqual({ retryAfterSeconds: 6, first: false });
    advance(4_100);
    expect(t.check('192.0.2.7')?.retryAfterSeconds).toBe(2);
    advance(2_000);
    expect(t.check('192.0.2.7')).toBeUndefined();
    t.recordFailure('192.0.2.7');
    expect(t.check('192.0.2.7')).toEqual({ retryAfterSeconds: 6, first: true });
    expect(t.check('192.0.2.8')).toBeUndefined();
  });

  it('forgets a source whose budget has refilled completely', () => {
    const { t, advance } = throttle();
    t.recordFailure('192.0.2.7');
    expect(t.size).toBe(1);
    advance(6_000);
    expect(t.check('192.0.2.7')).toBeUndefined();
    expect(t.size).toBe(0);
  });

  it('keeps at most maxSources buckets, evicting the least recently failing', () => {
    const { t } = throttle({ maxSources: 100 });
    for (let i = 0; i < 100_000; i++) t.recordFailure(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    expect(t.size).toBe(100);
    for (let i = 0; i < 10; i++) t.recordFailure('192.0.2.1');
    expect(t.check('192.0.2.1')).toMatchObject({ retryAfterSeconds: 6 });
    expect(t.size).toBe(100);
  });

  it('groups addresses into sources: IPv4 as is, IPv4-mapped as IPv4, IPv6 by /64, all loopback as one', () => {
    expect(sourceKey('192.0.2.7')).toBe('192.0.2.7');
    expect(sourceKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(sourceKey('127.0.0.1')).toBe('loopback');
    expect(sourceKey('127.45.6.7')).toBe('loopback');
    expect(sourceKey('::ffff:127.0.0.1')).toBe('loopback');
    expect(sourceKey('::1')).toBe('loopback');
    expect(sourceKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('a loopback flood from many 127.x addresses spends one budget', () => {
    const { t } = throttle();
    for (let i = 1; i <= 10; i++) t.recordFailure(`127.0.0.${i}`);
    expect(t.check('127.0.0.200')).toMatchObject({ first: true });
    expect(t.check('::1')).toMatchObject({ first: false });
  });
});
