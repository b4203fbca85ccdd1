/**
 * The tag every carbon-label KMS signing key carries (`carbon-label:signing-key` = stack name).
 * IAM keys on it: the admin function may only create keys that carry it, and the issuer function
 * may only sign with keys that carry it, so rotation needs no grant over every key in the account.
 */

/** Tag key on signing keys. */
export const SIGNING_KEY_TAG_KEY = 'carbon-label:signing-key';
