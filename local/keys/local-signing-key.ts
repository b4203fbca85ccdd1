/**
 * Chooses the embedded default's signing key: the active local key on record whose private file
 * is present, or a new one, generated on first start and recorded as active.
 */
import type { SigningKeyRecord } from '../../shared/keys/signing-key.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { SigningKeyStore } from '../../shared/store/store.ts';
import type { LocalKeyDirectory } from './key-directory.ts';
import type { LocalKeySigner } from './local-key-signer.ts';

/** The record of a new local key. */
export function localKeyRecord(signer: LocalKeySigner, createdAt: string): SigningKeyRecord {
  return { kid: signer.kid, alg: signer.alg, publicJwk: signer.publicJwk, status: 'active', createdAt, provider: { type: 'local' } };
}

/** Returns the active local signer, creating and recording one when there is none. */
export async function activateLocalSigner(
  store: SigningKeyStore,
  keys: LocalKeyDirectory,
  now: () => Date,
  logger?: Logger,
): Promise<{ signer: LocalKeySigner; created: boolean }> {
  const active = (await store.listSigningKeys())
    .filter((r) => r.status === 'active' && r.provider.type === 'local')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  for (const record of active) {
    if (keys.has(record.kid)) return { signer: keys.load(record.kid), created: false };
    // Its public key stays published, so labels it signed keep verifying; it just cannot sign.
    logger?.warn('active signing key has no private key file here; retiring it', { kid: record.kid });
    await store.setSigningKeyStatus(record.kid, 'retired', now().toISOString());
  }
  const signer = keys.create();
  await store.putSigningKey(localKeyRecord(signer, now().toISOString()));
  return { signer, created: true };
}
