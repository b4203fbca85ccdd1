/**
 * A {@link SignerSource} that follows the store: it signs with the newest `active` key record
 * whose private half the {@link KeyProvisioner} can open (a local file, or a KMS key).
 *
 * Staleness bound: the choice is cached for `cacheMs` (default 5 s). After a rotation or a
 * compromise made by another process, this process keeps signing with the previous key for at
 * most that long. That is harmless for a rotation (the retired key stays published, so its labels
 * verify) and fails safe for a compromise (labels signed in that window verify as
 * `key_compromised`; they are refused, never wrongly trusted). The process that rotates calls
 * {@link ActiveSigner.invalidate} and switches at once.
 */
import { ServiceUnavailableError } from '../errors/errors.ts';
import type { Logger } from '../logging/logger.ts';
import type { KeyProvisioner } from '../signing/key-provisioner.ts';
import type { Signer } from '../signing/signer.ts';
import type { SignerSource } from '../signing/signer-source.ts';
import type { SigningKeyStore } from '../store/store.ts';
import type { SigningKeyRecord } from './signing-key.ts';

/** Newest first: by `createdAt`, then by kid, so every process picks the same key. */
export function newestFirst(a: SigningKeyRecord, b: SigningKeyRecord): number {
  return b.createdAt.localeCompare(a.createdAt) || (a.kid < b.kid ? 1 : a.kid > b.kid ? -1 : 0);
}

/** Options for {@link ActiveSigner}. */
export interface ActiveSignerOptions {
  /** How long a choice of key is reused before the store is read again. */
  readonly cacheMs?: number;
  readonly now?: () => number;
  readonly logger?: Logger;
}

/** Signs with the store's newest usable active key; see the module comment for staleness. */
export class ActiveSigner implements SignerSource {
  private chosen: { readonly at: number; readonly signer: Signer } | undefined;
  private loading: Promise<Signer> | undefined;
  private readonly cacheMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<SigningKeyStore, 'listSigningKeys'>,
    readonly provisioner: KeyProvisioner,
    private readonly options: ActiveSignerOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds this source may lag behind the store. */
  get maxStalenessSeconds(): number {
    return Math.ceil(this.cacheMs / 1000);
  }

  async current(): Promise<Signer> {
    const chosen = this.chosen;
    if (chosen && this.now() - chosen.at < this.cacheMs) return chosen.signer;
    this.loading ??= this.choose().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** Forgets the cached choice, so the next signature reads the store (after a rotation here). */
  invalidate(): void {
    this.chosen = undefined;
  }

  private async choose(): Promise<Signer> {
    const active = (await this.store.listSigningKeys()).filter((r) => r.status === 'active').sort(newestFirst);
    for (const record of active) {
      try {
        const signer = await this.provisioner.signerFor(record);
        if (signer.kid !== record.kid) throw new Error(`the provisioner opened ${signer.kid} for ${record.kid}`);
        this.chosen = { at: this.now(), signer };
        return signer;
      } catch (error) {
        // An older active key (a leftover of an interrupted rotation) may still be usable.
        this.options.logger?.warn('active signing key cannot sign here; trying an older one', { kid: record.kid, error });
      }
    }
    throw new ServiceUnavailableError('no usable active signing key');
  }
}
