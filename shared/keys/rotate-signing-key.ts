/**
 * Key rotation and compromise, with single-item conditional writes only.
 *
 * Invariant: **the signing key is the newest `active` record; there is never a moment with no
 * active key.** A rotation records the new key as active *before* it retires older active keys,
 * and it retires only keys older than its own (`newestFirst` order: `createdAt`, then kid).
 *
 * - Process dies after creating the private key but before recording it: an unrecorded, unused
 *   private key is left behind (a file, or a KMS key to schedule for deletion). Nothing changes.
 * - Dies after recording the new key but before retiring the old one: two active keys. Every
 *   signer picks the newest, so the old one signs nothing new; it stays published and valid, and
 *   the next rotation retires it.
 * - Two concurrent rotations: both new keys are recorded; each retires every active key older than
 *   its own that it sees, so usually only the newest survives. If neither saw the other, both stay
 *   active, which is harmless: all signers agree on the newest, and both keys are ours and published.
 *
 * `compromised` is terminal: a key once marked compromised is never set back to retired or active.
 *
 * Invariant: **after a rotation or a compromise, this process sees the change at once.** Both use
 * cases clear every key cache of the process (`keyCaches`: the keyring, the active signer) when
 * they finish, even when they fail midway, since a failed compromise may still have rotated.
 * Other processes see it within their keyring refresh interval (verification) and their signer
 * cache (signing).
 */
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../errors/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { KeyProvisioner } from '../signing/key-provisioner.ts';
import type { SigningKeyStore } from '../store/store.ts';
import { newestFirst } from './active-signer.ts';
import type { SigningKeyRecord } from './signing-key.ts';

/** A cache of signing-key state (the keyring, an active signer), told to forget after a change. */
export interface KeyCache {
  invalidate(): void;
}

/** What rotation needs. */
export interface RotateDeps {
  readonly store: Pick<SigningKeyStore, 'listSigningKeys' | 'putSigningKey' | 'setSigningKeyStatus' | 'getSigningKey'>;
  readonly provisioner: KeyProvisioner;
  readonly now: () => Date;
  readonly logger?: Logger;
  /** The key caches of this process, cleared when a rotation or compromise finishes. */
  readonly keyCaches: readonly KeyCache[];
}

/** Runs `change`, then clears every key cache whatever the outcome. */
async function thenForgetKeys<T>(deps: RotateDeps, change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } finally {
    for (const cache of deps.keyCaches) cache.invalidate();
  }
}

/** Outcome of a rotation. */
export interface RotationResult {
  /** The new active key. */
  readonly active: SigningKeyRecord;
  /** Keys this rotation retired. */
  readonly retired: readonly SigningKeyRecord[];
}

/** Shape of our key ids (RFC 7638 SHA-256 thumbprints). */
export const KID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Creates a new key, records it active, then retires every older active key; clears the key caches. */
export function rotateSigningKey(deps: RotateDeps): Promise<RotationResult> {
  return thenForgetKeys(deps, () => rotate(deps));
}

async function rotate(deps: RotateDeps): Promise<RotationResult> {
  // Strictly newer than every key recorded so far, even within one millisecond or with a clock
  // behind, so a sequential rotation always wins the newest-first choice (only truly concurrent
  // rotations can tie, and then the kid decides).
  const latest = Math.max(0, ...(await deps.store.listSigningKeys()).map((k) => Date.parse(k.createdAt)).filter(Number.isFinite));
  const createdAt = new Date(Math.max(deps.now().getTime(), latest + 1)).toISOString();
  let provisioned;
  try {
    provisioned = await deps.provisioner.create();
  } catch (cause) {
    // Nothing was recorded: the current active key keeps signing.
    throw new ServiceUnavailableError('a new signing key could not be created; the current key stays active', { cause });
  }
  const { signer, provider } = provisioned;
  const record: SigningKeyRecord = {
    kid: signer.kid,
    alg: signer.alg,
    publicJwk: signer.publicJwk,
    status: 'active',
    createdAt,
    provider,
  };
  // Recorded first: from here on there is a usable active key even if we stop now.
  const put = await deps.store.putSigningKey(record);
  if (put === 'exists') throw new ConflictError(`signing key ${record.kid} is already recorded`, 'signing_key_exists');
  deps.logger?.info('signing key created', { kid: record.kid, provider: provider.type });

  const retired: SigningKeyRecord[] = [];
  const at = deps.now().toISOString();
  for (const key of await deps.store.listSigningKeys()) {
    if (key.status !== 'active' || key.kid === record.kid || newestFirst(record, key) > 0) continue;
    // Conditional on the status read inside; a concurrent compromise is never undone (terminal).
    const updated = await deps.store.setSigningKeyStatus(key.kid, 'retired', at);
    if (updated?.status === 'retired') {
      retired.push(updated);
      deps.logger?.info('signing key retired', { kid: key.kid });
    }
  }
  return { active: record, retired };
}

/** Outcome of marking a key compromised. */
export interface CompromiseResult {
  readonly compromised: SigningKeyRecord;
  /** The rotation made first when the compromised key was the active one. */
  readonly rotation?: RotationResult;
}

/**
 * Marks `kid` compromised. If it is active, a rotation runs first so signing continues with a new
 * key; if that rotation fails, the key is still marked compromised (refusing its labels matters
 * more than issuing new ones) and the rotation error is rethrown after.
 * @throws {NotFoundError} for an unknown kid.
 */
export function markSigningKeyCompromised(deps: RotateDeps, kid: string): Promise<CompromiseResult> {
  return thenForgetKeys(deps, () => compromise(deps, kid));
}

async function compromise(deps: RotateDeps, kid: string): Promise<CompromiseResult> {
  const current = KID_PATTERN.test(kid) ? await deps.store.getSigningKey(kid) : undefined;
  if (!current) throw new NotFoundError(`signing key ${kid} not found`);
  let rotation: RotationResult | undefined;
  let rotationError: unknown;
  if (current.status === 'active') {
    try {
      rotation = await rotate(deps);
    } catch (error) {
      rotationError = error;
    }
  }
  const compromised = await deps.store.setSigningKeyStatus(kid, 'compromised', deps.now().toISOString());
  if (!compromised) throw new NotFoundError(`signing key ${kid} not found`);
  deps.logger?.warn('signing key marked compromised', { kid });
  if (rotationError !== undefined) throw rotationError;
  return { compromised, ...(rotation ? { rotation } : {}) };
}
