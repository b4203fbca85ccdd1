import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { jwkThumbprint } from '../../shared/jws/jwk-thumbprint.ts';
import type { PublicJwk, Signer } from '../../shared/signing/signer.ts';

/** A P-256 private key held in this process (the embedded default's signing key). */
export class LocalKeySigner implements Signer {
  readonly alg = 'ES256' as const;
  readonly kid: string;
  readonly publicJwk: PublicJwk;

  constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new TypeError('LocalKeySigner needs a P-256 private key');
    }
    const jwk = privateKey.export({ format: 'jwk' });
    this.publicJwk = { kty: 'EC', crv: 'P-256', x: jwk.x as string, y: jwk.y as string };
    this.kid = jwkThumbprint(this.publicJwk);
  }

  /** Generates a fresh P-256 key. */
  static generate(): LocalKeySigner {
    return new LocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  }

  /** Loads a key from its private JWK (as saved by {@link toPrivateJwk}). */
  static fromPrivateJwk(jwk: Record<string, unknown>): LocalKeySigner {
    return new LocalKeySigner(createPrivateKey({ key: jwk as never, format: 'jwk' }));
  }

  /** The private JWK, for the key file (mode 0600). */
  toPrivateJwk(): Record<string, unknown> {
    return this.privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    return this.signSync(signingInput);
  }

  /** Synchronous signing, for the benchmark's single-core path. */
  signSync(signingInput: Uint8Array): Uint8Array {
    return sign('sha256', signingInput, { key: this.privateKey, dsaEncoding: 'ieee-p1363' });
  }
}
