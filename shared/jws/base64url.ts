/** Strict base64url (RFC 4648 §5, no padding) helpers. */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes or a UTF-8 string as unpadded base64url. */
export function base64url(input: Uint8Array | string): string {
  return Buffer.from(input as Uint8Array).toString('base64url');
}

/**
 * Decodes unpadded base64url strictly: only the URL-safe alphabet, no padding, and the
 * canonical encoding only (unused trailing bits must be zero), so each byte string has one text.
 * @returns the bytes, or `undefined` when `text` is not canonical base64url.
 */
export function decodeBase64urlStrict(text: string): Buffer | undefined {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
