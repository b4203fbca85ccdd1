/**
 * The issuer function's signer source: #6's `ActiveSigner` (signs with the store's newest usable
 * active key) opening KMS keys, plus a one-time bootstrap. On a fresh deployment the store has no
 * signing-key record at all, so the first cold start records the stack's KMS key
 * (`SIGNING_KEY_ARN`) as the active key, with one conditional write: concurrent cold starts record
 * the same kid once. Once any record exists, the bootstrap never writes again, so it can never
 * revive a key that was retired or compromised.
 */
import { KmsKeyProvisioner } from '../../shared/adapters/kms/kms-key-provisioner.ts';
import { KmsSigner, type KmsSignClient } from '../../shared/adapters/kms/kms-signer.ts';
import { ActiveSigner } from '../../shared/keys/active-signer.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { Signer } from '../../shared/signing/signer.ts';
import type { SignerSource } from '../../shared/signing/signer-source.ts';
import type { SigningKeyStore } from '../../shared/store/store.ts';

/** What the source needs. */
export interface KmsSignerSourceDeps {
  readonly store: Pick<SigningKeyStore, 'listSigningKeys' | 'putSigningKey'>;
  readonly kms: KmsSignClient;
  /** The stack's key, recorded when the store has no signing-key record yet. */
  readonly defaultKeyArn: string;
  readonly now: () => Date;
  readonly logger: Logger;
  /** Passed to `ActiveSigner` (how long a choice of key is reused). */
  readonly cacheMs?: number;
}

/** Signs with the store's active KMS key; records the stack key on a fresh deployment. */
export class KmsSignerSource implements SignerSource {
  private readonly active: ActiveSigner;
  private bootstrapped: Promise<void> | undefined;

  constructor(private readonly deps: KmsSignerSourceDeps) {
    this.active = new ActiveSigner(deps.store, new KmsKeyProvisioner(deps.kms), {
      logger: deps.logger,
      now: () => deps.now().getTime(),
      ...(deps.cacheMs !== undefined ? { cacheMs: deps.cacheMs } : {}),
    });
  }

  async current(): Promise<Signer> {
    // Retried on the next request if it failed (e.g. KMS briefly unreachable).
    this.bootstrapped ??= this.bootstrap().catch((error: unknown) => {
      this.bootstrapped = undefined;
      throw error;
    });
    await this.bootstrapped;
    return this.active.current();
  }

  /** Forgets the cached key choice (after a rotation in this process). */
  invalidate(): void {
    this.active.invalidate();
  }

  private async bootstrap(): Promise<void> {
    if ((await this.deps.store.listSigningKeys()).length > 0) return;
    const signer = await KmsSigner.open(this.deps.kms, this.deps.defaultKeyArn);
    const outcome = await this.deps.store.putSigningKey({
      kid: signer.kid,
      alg: signer.alg,
      publicJwk: signer.publicJwk,
      status: 'active',
      createdAt: this.deps.now().toISOString(),
      provider: { type: 'kms', keyArn: signer.keyArn },
    });
    if (outcome === 'created') this.deps.logger.info('recorded the stack KMS key as the active signing key', { kid: signer.kid, keyArn: signer.keyArn });
  }
}
