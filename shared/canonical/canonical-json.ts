/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). The digest a token carries is SHA-256 over these
 * bytes, so any verifier, in any language, can recompute it from the record `GET /labels/{id}`
 * returns.
 */

/** Values JCS can serialise: JSON without `undefined`, functions or non-finite numbers. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Serialises `value` canonically: object members sorted by UTF-16 code units, no whitespace,
 * strings and numbers as ECMAScript `JSON.stringify` writes them (which is what JCS specifies).
 * Members whose value is `undefined` are omitted, as `JSON.stringify` would.
 * @throws {TypeError} on non-finite numbers or non-JSON values.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JCS cannot represent a non-finite number');
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
      // Default sort compares UTF-16 code units, exactly what RFC 8785 §3.2.3 requires.
      const keys = Object.keys(value).sort();
      const members: string[] = [];
      for (const key of keys) {
        const member = (value as Record<string, unknown>)[key];
        if (member === undefined) continue;
        members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`JCS cannot represent a value of type ${typeof value}`);
  }
}
