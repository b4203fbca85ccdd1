/**
 * A compromised key never becomes trusted again. The service never reinstates one, so a JWKS that
 * lists a key as `active` or `retired` after an earlier pull saw it `compromised` is either a
 * restored old database or someone answering in the service's name; either way, the verifier
 * keeps what it already knew. The JWKS is unsigned, so this memory is the only defence against a
 * served JWKS that quietly un-compromises a leaked key.
 */
import type { ParsedJwks } from './jwks-schema.ts';

/** A key kept compromised against what the new JWKS says. */
export interface KeptCompromise {
  readonly kid: string;
  readonly compromisedAt?: string;
  /** What the new JWKS said: a status, or `absent` when it no longer lists the key. */
  readonly served: 'active' | 'retired' | 'absent';
}

/**
 * `served`, with every key that `held` lists as compromised kept compromised (its
 * `compromisedAt` from `held`), including keys `served` no longer lists (so their labels keep
 * verifying as `key_compromised` rather than `unknown_key`).
 */
export function keepCompromisedKeys(held: ParsedJwks, served: ParsedJwks): { jwks: ParsedJwks; kept: KeptCompromise[] } {
  const compromised = new Map(held.keys.filter((k) => k.status === 'compromised').map((k) => [k.kid, k]));
  const kept: KeptCompromise[] = [];
  const keys = served.keys.map((key) => {
    const before = compromised.get(key.kid);
    if (!before || key.status === 'compromised') return key;
    kept.push({ kid: key.kid, served: key.status, ...(before.compromisedAt ? { compromisedAt: before.compromisedAt } : {}) });
    const { compromisedAt: _served, ...rest } = key;
    return { ...rest, status: 'compromised' as const, ...(before.compromisedAt ? { compromisedAt: before.compromisedAt } : {}) };
  });
  const listed = new Set(served.keys.map((k) => k.kid));
  for (const before of compromised.values()) {
    if (listed.has(before.kid)) continue;
    kept.push({ kid: before.kid, served: 'absent', ...(before.compromisedAt ? { compromisedAt: before.compromisedAt } : {}) });
    keys.push(before);
  }
  return { jwks: { keys }, kept };
}
