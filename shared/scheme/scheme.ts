/**
 * The labelling scheme a deployment runs: its identity (`SCHEME_ID`, `SCHEME_NAME`) and root key.
 * The root signs only trust lists; its RFC 7638 thumbprint is the pin a verifier trusts.
 */

/** A scheme's identity. */
export interface SchemeIdentity {
  /** Lower-case letters, digits, `.` and `-`, e.g. `cn-pcf.example`. */
  readonly id: string;
  readonly name: string;
}

/** Shape of a scheme id (the trust list's rule). */
export const SCHEME_ID_PATTERN = /^[a-z0-9][a-z0-9.-]{0,62}$/;

/** How verdicts name a scheme. */
export interface SchemeRef extends SchemeIdentity {
  /** RFC 7638 thumbprint of the scheme root key: the pin. */
  readonly rootThumbprint: string;
}
