import { isUtf8 } from 'node:buffer';

/**
 * Parses JSON that must be exactly what `JSON.stringify` would write for it: valid UTF-8, no
 * whitespace, no duplicate members, no alternative escapes. Signed JWS parts we issue are written
 * that way, so anything else was not written by us and is refused.
 * @returns the value, or `undefined` when `bytes` are not in that exact form.
 */
export function parseExactJson(bytes: Buffer): unknown {
  // Invalid UTF-8 would decode to U+FFFD; refuse it (a native scan, no re-encoded copy).
  if (!isUtf8(bytes)) return undefined;
  const text = bytes.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return JSON.stringify(value) === text ? value : undefined;
}
