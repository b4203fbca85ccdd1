/**
 * Public signing keys as the verifier knows them: what the JWKS publishes, with each key's
 * pinned algorithm and status. Private halves live behind the `Signer` port, never here.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { PublicJwk, SigningAlgorithm } from '../signing/signer.ts';

/**
 * `active` signs new labels; `retired` signs nothing new but its labels stay valid;
 * `compromised` makes every label it signed verify as `key_compromised`.
 */
export type KeyStatus = 'active' | 'retired' | 'compromised';

/** A signing key's public record, as stored and as published. */
export interface SigningKeyRecord {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly publicJwk: PublicJwk;
  readonly status: KeyStatus;
  readonly createdAt: string;
  /** Where the private half lives: a local key file or an AWS KMS key (by ARN). */
  readonly provider: { readonly type: 'local' } | { readonly type: 'kms'; readonly keyArn: string };
  readonly retiredAt?: string;
  readonly compromisedAt?: string;
}

/** A key ready for signature checks: the record plus a parsed `KeyObject`. */
export interface VerificationKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly status: KeyStatus;
  readonly publicKey: KeyObject;
  readonly record: SigningKeyRecord;
}

/** Parses a key record once, so signature checks never re-import the key. */
export function toVerificationKey(record: SigningKeyRecord): VerificationKey {
  return {
    kid: record.kid,
    alg: record.alg,
    status: record.status,
    publicKey: createPublicKey({ key: { ...record.publicJwk }, format: 'jwk' }),
    record,
  };
}

/** Finds the key for a `kid`, or `undefined` when we never issued it. */
export type KeyLookup = (kid: string) => VerificationKey | undefined;

/** A fixed set of keys (e.g. from a trust bundle or a keyring snapshot). */
export function keyLookupFrom(records: readonly SigningKeyRecord[]): KeyLookup {
  const keys = new Map(records.map((r) => [r.kid, toVerificationKey(r)]));
  return (kid) => keys.get(kid);
}
