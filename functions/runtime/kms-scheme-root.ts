/**
 * The admin function's scheme root on AWS: the stack's root KMS key (`SCHEME_ROOT_KEY_ARN`), an
 * ECC_NIST_P256 SIGN_VERIFY key whose policy lets only the admin function's role sign with it.
 * Opened once per cold start (one `GetPublicKey`); a failed open is retried on the next publish.
 * Its kid is the RFC 7638 thumbprint of its public key: the scheme's pin.
 */
import { KmsSigner, type KmsSignClient } from '../../shared/adapters/kms/kms-signer.ts';
import type { Signer } from '../../shared/signing/signer.ts';
import type { SignerSource } from '../../shared/signing/signer-source.ts';

/** The root as a signer source, opened on first use. */
export function kmsSchemeRoot(kms: KmsSignClient, keyArn: string): SignerSource {
  let opened: Promise<Signer> | undefined;
  return {
    current() {
      opened ??= KmsSigner.open(kms, keyArn).catch((error: unknown) => {
        opened = undefined;
        throw error;
      });
      return opened;
    },
  };
}
