import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/canonical/canonical-json.ts';

describe('RFC 8785 canonical JSON', () => {
  it('sorts members by UTF-16 code units, recursively, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('orders keys by UTF-16 code units, not code points (RFC 8785 §3.2.3 example)', () => {
    // "\u20ac" (€) sorts after "\ud83d\ude00" (😀 as a surrogate pair) in code-point order but before it in UTF-16.
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    // Read the keys from the text: JSON.parse + Object.keys would move "1" first (integer-like).
    const keys = [...canonicalJson(value).matchAll(/(?:^\{|,)("(?:[^"\\]|\\.)*"):/g)].map((m) => JSON.parse(m[1]!) as string);
    expect(keys).toEqual(['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
  });

  it('serialises numbers the ECMAScript way (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.000001, 123456789012345680000, 4.5])).toBe('[1e+21,1e-7,0,0.000001,123456789012345680000,4.5]');
  });

  it('escapes strings minimally', () => {
    expect(canonicalJson('\u2028"\\\n\u0007é')).toBe('"\u2028\\"\\\\\\n\\u0007é"');
  });

  it('omits undefined members and refuses non-finite numbers', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: Infinity })).toThrow(TypeError);
  });

  it('is independent of member insertion order', () => {
    expect(canonicalJson({ x: 1, y: [true, false] })).toBe(canonicalJson({ y: [true, false], x: 1 }));
  });
});
