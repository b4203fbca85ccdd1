/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). The digest a token carries is SHA-256 over these
 * bytes, so any verifier, in any language, can recompute it from the record `GET /labels/{id}`
 * returns.
 */

/** Values JCS can serialise: JSON without `undefined`, functions or non-finite numbers. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Strings `JSON.stringify` would copy unchanged between quotes: no quote, backslash, control
 * character or surrogate (a lone surrogate is escaped; a valid pair merely takes the slow path).
 * Testing this is several times cheaper than `JSON.stringify` on the short strings records hold,
 * and issuance canonicalises a ~1 KB record for every label it signs.
 */
const VERBATIM = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

const quoted = (text: string): string => (VERBATIM.test(text) ? `"${text}"` : JSON.stringify(text));

/**
 * Serialises `value` canonically: object members sorted by UTF-16 code units, no whitespace,
 * strings and numbers as ECMAScript `JSON.stringify` writes them (which is what JCS specifies).
 * Members whose value is `undefined` are omitted, as `JSON.stringify` would.
 * @throws {TypeError} on non-finite numbers or non-JSON values.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quoted(value);
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? canonicalArray(value) : canonicalObject(value as Record<string, unknown>);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JCS cannot represent a non-finite number');
      return JSON.stringify(value);
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ',';
    out += canonicalJson(items[i] ?? null);
  }
  return `${out}]`;
}

function canonicalObject(object: Record<string, unknown>): string {
  const keys = Object.keys(object);
  // Sort only when out of order. Both `>` and the default sort compare UTF-16 code units, exactly
  // what RFC 8785 §3.2.3 requires.
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${quoted(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}
