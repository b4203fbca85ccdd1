/**
 * The local server's brake on credential guessing: a token bucket of authentication failures per
 * source. Each failed admin or issuer check takes a token; a source with none left gets `429
 * too_many_requests` (with `Retry-After`) on every authenticated route until one has refilled,
 * right credential or not. Successful checks take nothing and refill nothing, so an issuer's
 * own valid calls cannot buy it more guesses at the admin token.
 *
 * Sources: IPv4 addresses; IPv6 by /64 (one host usually owns a whole /64); every loopback
 * address (all of 127.0.0.0/8 and ::1) is one source, or a local process could rotate through
 * 16 million of them. The consequence: on the default 127.0.0.1 bind every local client shares
 * one budget, so a process that floods bad tokens also delays the CLI, for as long as it keeps
 * failing. Behind a reverse proxy every client is the proxy's address.
 *
 * Exactness: the admin check is synchronous (admit, compare, count), so its budget holds however
 * many requests are in flight. An issuer key is counted once its store lookup returns, so one
 * source's concurrent wrong keys can overrun the budget by the number still in flight then.
 *
 * Memory is bounded: at most `maxSources` buckets, least recently failing first out, and a
 * bucket that has refilled completely is dropped (it is the same as none).
 *
 * On AWS there is no such per-source limiter: API Gateway throttles each route group
 * (`infra/carbon-label-stack.ts`), admins sign with IAM, and issuer keys are 256-bit random.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { AuthFailureLimiter } from '../shared/app/services.ts';

/** How many failures a source may have, and how fast that budget comes back. */
export interface AuthThrottleOptions {
  /** Failures a fresh source may have before it is refused. */
  readonly burst: number;
  /** Failures per minute the budget regains (up to `burst`). */
  readonly refillPerMinute: number;
  /** Most sources tracked at once. */
  readonly maxSources: number;
  /** Clock in milliseconds (tests). */
  readonly now?: () => number;
}

/** 10 failures, then one more every 6 s; 10,000 sources. */
export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = { burst: 10, refillPerMinute: 10, maxSources: 10_000 };

/** The bucket key of a client address. */
export function sourceKey(address: string): string {
  const ip = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIPv4(ip)) return ip.startsWith('127.') ? 'loopback' : ip;
  if (!isIPv6(ip)) return ip;
  if (ip === '::1') return 'loopback';
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => String(parseInt(g, 16).toString(16)))
    .join(':')}::/64`;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Refused since it last had a token (so only the first refusal is logged). */
  refusing: boolean;
}

/** Per-source token buckets of authentication failures. */
export class AuthFailureThrottle implements AuthFailureLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AuthThrottleOptions = DEFAULT_AUTH_THROTTLE) {
    this.perMs = options.refillPerMinute / 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Sources currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string): Bucket | undefined {
    const bucket = this.buckets.get(key);
    if (!bucket) return undefined;
    const now = this.now();
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    if (bucket.tokens >= this.options.burst) {
      this.buckets.delete(key);
      return undefined;
    }
    return bucket;
  }

  check(source: string): { retryAfterSeconds: number; first: boolean } | undefined {
    const bucket = this.refilled(sourceKey(source));
    if (!bucket || bucket.tokens >= 1) {
      if (bucket) bucket.refusing = false;
      return undefined;
    }
    const first = !bucket.refusing;
    bucket.refusing = true;
    return { retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)), first };
  }

  recordFailure(source: string): void {
    const key = sourceKey(source);
    const bucket = this.refilled(key) ?? { tokens: this.options.burst, at: this.now(), refusing: false };
    // Re-inserting keeps the map in least-recently-failing order, so the first key is the one to evict.
    this.buckets.delete(key);
    while (this.buckets.size >= this.options.maxSources) this.buckets.delete(this.buckets.keys().next().value!);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.buckets.set(key, bucket);
  }
}
