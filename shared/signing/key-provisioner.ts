/**
 * Creating and loading private signing keys, behind a port: the local adapter keeps key files in
 * `DATA_DIR/keys`, the KMS adapter creates asymmetric KMS keys. Key records (public half, status)
 * live in the store either way.
 */
import type { SigningKeyRecord } from '../keys/signing-key.ts';
import type { Signer } from './signer.ts';

/** A newly created key: its signer and where its private half lives. */
export interface ProvisionedKey {
  readonly signer: Signer;
  readonly provider: SigningKeyRecord['provider'];
}

/** Creates private keys and opens signers for recorded ones. */
export interface KeyProvisioner {
  /** Creates a new private key (ES256 / P-256). */
  create(): Promise<ProvisionedKey>;
  /** Opens the signer of a recorded key; throws when its private half is not reachable here. */
  signerFor(record: SigningKeyRecord): Promise<Signer>;
}
