/**
 * Issuer API keys: `clk_<issuerId>_<secret>`. The issuer id lets us fetch one item by key;
 * only the SHA-256 of the 256-bit secret is stored, and comparison is constant-time. A fast hash
 * is right here: the secret is random, not a password, so there is nothing to brute-force.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ISSUER_ID_PATTERN } from '../ids.ts';

/** An API key: `clk_`, the issuer id, `_`, and 43 base64url characters of secret. */
export const API_KEY_PATTERN = /^clk_(org_[0-9a-hjkmnp-tv-z]{12})_([A-Za-z0-9_-]{43})$/;

/** A freshly minted key: the full key (shown once) and the hash to store. */
export interface MintedApiKey {
  readonly apiKey: string;
  readonly apiKeyHash: string;
}

/** SHA-256 hex of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Mints a key for an issuer. */
export function mintApiKey(issuerId: string): MintedApiKey {
  if (!ISSUER_ID_PATTERN.test(issuerId)) throw new TypeError('not an issuer id');
  const secret = randomBytes(32).toString('base64url');
  return { apiKey: `clk_${issuerId}_${secret}`, apiKeyHash: hashSecret(secret) };
}

/** Splits a presented key into issuer id and secret, or `undefined` when it is not one of ours. */
export function parseApiKey(apiKey: string): { issuerId: string; secret: string } | undefined {
  const match = API_KEY_PATTERN.exec(apiKey);
  return match ? { issuerId: match[1]!, secret: match[2]! } : undefined;
}

/** Compares a presented secret against a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Constant-time comparison of two arbitrary strings (via their SHA-256), e.g. the admin token. */
export function constantTimeEquals(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
