/**
 * The issuer function's signer source: it signs with whichever key the store records as active,
 * through KMS. On the very first cold start of a deployment no key is recorded yet, so it
 * registers the stack's KMS key (`SIGNING_KEY_ARN`) as the active key, with one conditional write
 * (two concurrent cold starts record the same kid once).
 *
 * Written here because the shared rotation-aware source (`shared/keys/active-signer.ts`, issue #6)
 * did not exist yet; it follows the active record the same way, re-reading it every 30 s.
 */
import { KmsKeyProvisioner } from '../../shared/adapters/kms/kms-key-provisioner.ts';
import { KmsSigner, type KmsSignClient } from '../../shared/adapters/kms/kms-signer.ts';
import { ServiceUnavailableError } from '../../shared/errors/errors.ts';
import type { SigningKeyRecord } from '../../shared/keys/signing-key.ts';
import type { Logger } from '../../shared/logging/logger.ts';
import type { Signer } from '../../shared/signing/signer.ts';
import type { SignerSource } from '../../shared/signing/signer-source.ts';
import type { SigningKeyStore } from '../../shared/store/store.ts';

/** What the source needs. */
export interface KmsSignerSourceDeps {
  readonly store: SigningKeyStore;
  readonly kms: KmsSignClient;
  /** The stack's key, registered when the store records no active key. */
  readonly defaultKeyArn: string;
  readonly now: () => Date;
  readonly logger: Logger;
  /** How long the active record is trusted before it is re-read (rotation takes effect within it). */
  readonly refreshIntervalMs?: number;
}

/** Follows the store's active key record and signs with it through KMS. */
export class KmsSignerSource implements SignerSource {
  private signer: Signer | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<Signer> | undefined;
  private readonly provisioner: KmsKeyProvisioner;
  private readonly refreshIntervalMs: number;

  constructor(private readonly deps: KmsSignerSourceDeps) {
    this.provisioner = new KmsKeyProvisioner(deps.kms);
    this.refreshIntervalMs = deps.refreshIntervalMs ?? 30_000;
  }

  /** The active signer; at most one store read per refresh interval, KMS only when the key changes. */
  async current(): Promise<Signer> {
    if (this.signer && this.deps.now().getTime() - this.checkedAt < this.refreshIntervalMs) return this.signer;
    // Concurrent callers share one load.
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<Signer> {
    const active = (await this.deps.store.listSigningKeys())
      .filter((r) => r.status === 'active')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const signer = active ? await this.open(active) : await this.registerDefault();
    this.signer = signer;
    this.checkedAt = this.deps.now().getTime();
    return signer;
  }

  private async open(record: SigningKeyRecord): Promise<Signer> {
    if (this.signer?.kid === record.kid) return this.signer;
    if (record.provider.type !== 'kms') {
      throw new ServiceUnavailableError(`the active signing key ${record.kid} is not a KMS key; this function signs only with KMS`);
    }
    return this.provisioner.signerFor(record);
  }

  private async registerDefault(): Promise<Signer> {
    const signer = await KmsSigner.open(this.deps.kms, this.deps.defaultKeyArn);
    const record: SigningKeyRecord = {
      kid: signer.kid,
      alg: signer.alg,
      publicJwk: signer.publicJwk,
      status: 'active',
      createdAt: this.deps.now().toISOString(),
      provider: { type: 'kms', keyArn: signer.keyArn },
    };
    if ((await this.deps.store.putSigningKey(record)) === 'created') {
      this.deps.logger.info('registered the stack KMS key as the active signing key', { kid: signer.kid, keyArn: signer.keyArn });
      return signer;
    }
    // Another cold start recorded it first; sign only if that record is still active.
    const existing = await this.deps.store.getSigningKey(signer.kid);
    if (existing?.status !== 'active') {
      throw new ServiceUnavailableError(`the stack KMS key ${signer.kid} is recorded as ${existing?.status ?? 'missing'}; it may not sign`);
    }
    return signer;
  }
}
