/** The embedded default's key provisioner: private keys as files in a {@link LocalKeyDirectory}. */
import type { SigningKeyRecord } from '../../shared/keys/signing-key.ts';
import type { KeyProvisioner, ProvisionedKey } from '../../shared/signing/key-provisioner.ts';
import type { Signer } from '../../shared/signing/signer.ts';
import type { LocalKeyDirectory } from './key-directory.ts';

/** Creates P-256 keys as 0600 files and opens signers for recorded local keys. */
export class LocalKeyProvisioner implements KeyProvisioner {
  private readonly opened = new Map<string, Signer>();

  constructor(private readonly keys: LocalKeyDirectory) {}

  async create(): Promise<ProvisionedKey> {
    const signer = this.keys.create();
    this.opened.set(signer.kid, signer);
    return { signer, provider: { type: 'local' } };
  }

  async signerFor(record: SigningKeyRecord): Promise<Signer> {
    if (record.provider.type !== 'local') throw new Error(`key ${record.kid} lives in ${record.provider.type}, not in a local key file`);
    const cached = this.opened.get(record.kid);
    if (cached) return cached;
    if (!this.keys.has(record.kid)) throw new Error(`no private key file for ${record.kid} in ${this.keys.dir}`);
    const signer = this.keys.load(record.kid);
    this.opened.set(record.kid, signer);
    return signer;
  }
}
