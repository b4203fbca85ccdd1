/**
 * The `Signer` port over AWS KMS: the private key never leaves KMS. KMS speaks DER signatures;
 * JWS wants raw `r || s`, so every signature goes through `derToJose` (low-S normalisation happens
 * later, in `signLabelToken`, for every signer alike). Verification never calls KMS: the public key
 * is read once here, recorded in the store and published in the JWKS.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { ServiceUnavailableError } from '../../errors/errors.ts';
import { derToJose } from '../../jws/ecdsa-p256.ts';
import { jwkThumbprint } from '../../jws/jwk-thumbprint.ts';
import type { PublicJwk, Signer } from '../../signing/signer.ts';

/** KMS accepts at most this many bytes as a `RAW` message; longer inputs are sent as their digest. */
export const KMS_RAW_MESSAGE_LIMIT = 4096;

/** The KMS calls this adapter makes (a `KMSClient` satisfies it; tests pass a mocked client). */
export type KmsSignClient = Pick<KMSClient, 'send'>;

/** Reads a KMS key's public half and checks it is a P-256 signing key we can use for ES256. */
async function readPublicKey(client: KmsSignClient, keyId: string): Promise<{ keyArn: string; publicJwk: PublicJwk }> {
  let out;
  try {
    out = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
  } catch (cause) {
    throw new ServiceUnavailableError(`KMS GetPublicKey failed for ${keyId}`, { cause });
  }
  // Refuse anything but ECC_NIST_P256 / SIGN_VERIFY: a wrong key would sign tokens no verifier accepts.
  if (out.KeySpec !== 'ECC_NIST_P256' || out.KeyUsage !== 'SIGN_VERIFY' || !out.SigningAlgorithms?.includes('ECDSA_SHA_256')) {
    throw new TypeError(`KMS key ${keyId} is not an ECC_NIST_P256 SIGN_VERIFY key with ECDSA_SHA_256 (got ${out.KeySpec}/${out.KeyUsage})`);
  }
  if (!out.PublicKey || !out.KeyId) throw new ServiceUnavailableError(`KMS GetPublicKey returned no key for ${keyId}`);
  const jwk = createPublicKey({ key: Buffer.from(out.PublicKey), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new TypeError(`KMS key ${keyId} did not return a P-256 public key`);
  }
  // GetPublicKey answers with the key's full ARN, even when asked by alias or key id.
  return { keyArn: out.KeyId, publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
}

/** An ES256 signer whose private key is an asymmetric AWS KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`). */
export class KmsSigner implements Signer {
  readonly alg = 'ES256' as const;
  readonly kid: string;

  private constructor(
    private readonly client: KmsSignClient,
    /** The key's ARN (what `GetPublicKey` returned), recorded as the key record's provider. */
    readonly keyArn: string,
    readonly publicJwk: PublicJwk,
  ) {
    this.kid = jwkThumbprint(publicJwk);
  }

  /**
   * Opens the signer of a KMS key: one `GetPublicKey` call (the only one; signing needs no more).
   * @param keyId key id, key ARN, alias name or alias ARN.
   * @throws {TypeError} when the key is not a P-256 signing key.
   * @throws {ServiceUnavailableError} when KMS cannot be reached.
   */
  static async open(client: KmsSignClient, keyId: string): Promise<KmsSigner> {
    const { keyArn, publicJwk } = await readPublicKey(client, keyId);
    return new KmsSigner(client, keyArn, publicJwk);
  }

  /**
   * Signs with KMS (`ECDSA_SHA_256`) and returns JOSE `r || s`. Inputs up to 4096 bytes go as
   * `RAW` (KMS hashes them); longer ones as their SHA-256 `DIGEST`, which yields the same signature.
   * @throws {ServiceUnavailableError} when KMS fails or answers with no signature.
   */
  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    const raw = signingInput.length <= KMS_RAW_MESSAGE_LIMIT;
    let out;
    try {
      out = await this.client.send(
        new SignCommand({
          KeyId: this.keyArn,
          Message: raw ? signingInput : createHash('sha256').update(signingInput).digest(),
          MessageType: raw ? 'RAW' : 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
    } catch (cause) {
      throw new ServiceUnavailableError(`KMS Sign failed for ${this.keyArn}`, { cause });
    }
    if (!out.Signature) throw new ServiceUnavailableError(`KMS Sign returned no signature for ${this.keyArn}`);
    return derToJose(out.Signature);
  }
}
