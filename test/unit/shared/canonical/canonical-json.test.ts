import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/canonical/canonical-json.ts';

describe('RFC 8785 canonical JSON', () => {
  it('sorts members by UTF-16 code units, recursively, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('orders keys by UTF-16 code units, not code points (RFC 8785 §3.2.3 example)', () => {
    // "\u20ac" (€) sorts after "\ud83d\ude00" (😀 as a surrogate pair) in code-point order but before it in UTF-16.
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
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

  it('matches a plain reference implementation on arbitrary JSON, including escapes and surrogates', () => {
    // The spec, written the obvious way: sorted keys, JSON.stringify for every string and number.
    const reference = (v: unknown): string => {
      if (v === null || typeof v !== 'object') return JSON.stringify(v);
      if (Array.isArray(v)) return `[${v.map((x) => reference(x ?? null)).join(',')}]`;
      const o = v as Record<string, unknown>;
      const members = Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined);
      return `{${members.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`;
    };
    // Every UTF-16 code unit, lone surrogates and control characters included.
    const text = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 });
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        text,
        fc.string(),
        tie('array'),
        tie('object'),
      ),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(fc.oneof(text, fc.string()), tie('value'), { maxKeys: 6 }),
    })).value;
    fc.assert(
      fc.property(json, (value) => canonicalJson(value) === reference(value)),
      { seed: 42, numRuns: 3_000 },
    );
  });
});
