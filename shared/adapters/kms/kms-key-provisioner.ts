/**
 * The `KeyProvisioner` port over AWS KMS: new signing keys are asymmetric KMS keys
 * (`ECC_NIST_P256`, `SIGN_VERIFY`) whose private half never leaves KMS.
 */
import { CreateKeyCommand, type Tag } from '@aws-sdk/client-kms';
import { ServiceUnavailableError } from '../../errors/errors.ts';
import type { SigningKeyRecord } from '../../keys/signing-key.ts';
import type { KeyProvisioner, ProvisionedKey } from '../../signing/key-provisioner.ts';
import type { Signer } from '../../signing/signer.ts';
import { KmsSigner, type KmsSignClient } from './kms-signer.ts';

/** Options for keys this provisioner creates. */
export interface KmsKeyProvisionerOptions {
  /** Description given to each new key. */
  readonly description?: string;
  /**
   * Tags on each new key. IAM policies can key on them (e.g. `aws:ResourceTag/…`), so a role may
   * sign with keys created later by rotation without a wildcard over every key in the account.
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Creates KMS signing keys and opens signers for recorded ones. */
export class KmsKeyProvisioner implements KeyProvisioner {
  constructor(
    private readonly client: KmsSignClient,
    private readonly options: KmsKeyProvisionerOptions = {},
  ) {}

  /**
   * Creates a KMS key and opens its signer; the record's provider is `{type:'kms', keyArn}`.
   * @throws {ServiceUnavailableError} when KMS refuses or cannot be reached.
   */
  async create(): Promise<ProvisionedKey> {
    const tags: Tag[] = Object.entries(this.options.tags ?? {}).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
    let out;
    try {
      out = await this.client.send(
        new CreateKeyCommand({
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          Description: this.options.description ?? 'carbon-label ES256 signing key',
          ...(tags.length > 0 ? { Tags: tags } : {}),
        }),
      );
    } catch (cause) {
      throw new ServiceUnavailableError('KMS CreateKey failed', { cause });
    }
    const keyArn = out.KeyMetadata?.Arn;
    if (!keyArn) throw new ServiceUnavailableError('KMS CreateKey returned no key ARN');
    const signer = await KmsSigner.open(this.client, keyArn);
    return { signer, provider: { type: 'kms', keyArn: signer.keyArn } };
  }

  /**
   * Opens the KMS signer of a recorded key.
   * @throws {TypeError} when the record is not a KMS key, or KMS holds a different public key
   *   than the record (signing with it would produce labels the JWKS cannot verify).
   */
  async signerFor(record: SigningKeyRecord): Promise<Signer> {
    if (record.provider.type !== 'kms') throw new TypeError(`key ${record.kid} is not a KMS key (provider ${record.provider.type})`);
    const signer = await KmsSigner.open(this.client, record.provider.keyArn);
    if (signer.kid !== record.kid) {
      throw new TypeError(`KMS key ${record.provider.keyArn} has thumbprint ${signer.kid}, but the record says ${record.kid}`);
    }
    return signer;
  }
}
