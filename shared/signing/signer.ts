/**
 * The signing port. The core asks a `Signer` for signatures and never sees private key
 * material: locally the key is a file (`LocalKeySigner`), on AWS it never leaves KMS.
 */

/** JWS algorithms a signing key may be pinned to. ES256 is the only one the service issues. */
export type SigningAlgorithm = 'ES256';

/** A public key in JWK form, as published in the JWKS. */
export interface PublicJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
}

/** Signs JWS signing inputs with one key. */
export interface Signer {
  /** RFC 7638 thumbprint of the public key; the JWS `kid`. */
  readonly kid: string;
  /** The one algorithm this key signs with. */
  readonly alg: SigningAlgorithm;
  /** The public half, for the JWKS. */
  readonly publicJwk: PublicJwk;
  /**
   * Signs `signingInput` (ASCII `header.payload`) and returns the JOSE raw signature
   * (`r || s`, 64 bytes for ES256).
   */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
}
