/**
 * The Bitstring Status List encoding against the spec's own example and against an independent
 * decoder written here with nothing but `node:zlib` and `Buffer`, reading bits by hand.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  STATUS_LIST_MIN_ENTRIES,
  StatusBitstring,
  StatusListDecodeError,
  decodeStatusList,
  encodeStatusList,
} from '../../../../shared/status-list/bitstring.ts';

/** The `encodedList` of W3C Bitstring Status List v1.0 §2.2, Example 2 (131,072 entries, none set). */
const SPEC_EXAMPLE = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

/** Independent reading of an encodedList: strip `u`, base64url, gunzip, bit i = MSB-first. */
function independentBits(encodedList: string): boolean[] {
  expect(encodedList[0]).toBe('u');
  const raw = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'));
  const bits: boolean[] = [];
  for (const byte of raw) for (let b = 7; b >= 0; b--) bits.push(((byte >> b) & 1) === 1);
  return bits;
}

const small = { minEntries: 8 };

describe('StatusBitstring', () => {
  it("decodes the spec's example as 131,072 clear entries", () => {
    const list = StatusBitstring.decode(SPEC_EXAMPLE);
    expect(list.length).toBe(STATUS_LIST_MIN_ENTRIES);
    expect(list.countSet()).toBe(0);
  });

  it("encodes 131,072 clear entries exactly as the spec's example", () => {
    // Node's default gzip (level 6, mtime 0, OS byte 3) is what produced the spec's text.
    expect(StatusBitstring.create(STATUS_LIST_MIN_ENTRIES).encode()).toBe(SPEC_EXAMPLE);
  });

  it('puts index 0 in the most significant bit of byte 0 and index 15 in the least of byte 1', () => {
    const list = StatusBitstring.create(16);
    list.set(0, true);
    list.set(15, true);
    expect([...list.toBytes()]).toEqual([0x80, 0x01]);
    list.set(9, true);
    expect([...list.toBytes()]).toEqual([0x80, 0x41]);
    list.set(0, false);
    expect([...list.toBytes()]).toEqual([0x00, 0x41]);
  });

  it('agrees with the independent decoder on random lists, both ways', () => {
    for (const length of [8, 64, 1024, STATUS_LIST_MIN_ENTRIES]) {
      const list = StatusBitstring.create(length);
      const expected = new Array<boolean>(length).fill(false);
      for (let k = 0; k < Math.max(3, length / 50); k++) {
        const i = Math.floor(Math.random() * length);
        list.set(i, true);
        expected[i] = true;
      }
      const encoded = list.encode();
      expect(independentBits(encoded)).toEqual(expected);
      const back = StatusBitstring.decode(encoded, small);
      expect(back.length).toBe(length);
      for (let i = 0; i < length; i++) if (back.get(i) !== expected[i]) throw new Error(`bit ${i} differs at length ${length}`);
      expect(back.countSet()).toBe(expected.filter(Boolean).length);
    }
  });

  it('reads a list encoded by hand (not by us)', () => {
    const raw = Buffer.alloc(4);
    raw[0] = 0b0010_0000; // index 2
    raw[3] = 0b0000_0011; // indices 30 and 31
    const list = StatusBitstring.decode(`u${gzipSync(raw, { level: 9 }).toString('base64url')}`, small);
    const set = Array.from({ length: 32 }, (_, i) => i).filter((i) => list.get(i));
    expect(set).toEqual([2, 30, 31]);
  });

  it('refuses indices outside the list and lengths that are not whole bytes', () => {
    const list = StatusBitstring.create(64);
    expect(() => list.get(64)).toThrow(RangeError);
    expect(() => list.set(-1, true)).toThrow(RangeError);
    expect(() => list.get(1.5)).toThrow(RangeError);
    expect(() => StatusBitstring.create(12)).toThrow(RangeError);
    expect(() => StatusBitstring.create(0)).toThrow(RangeError);
  });
});

describe('decodeStatusList refuses', () => {
  const valid = encodeStatusList(new Uint8Array(16));

  it('a zip bomb, with a clear error and before inflating past the bound', () => {
    // 64 MiB of zeros is about 64 KiB gzipped; the default bound is 128 KiB of output.
    const bomb = `u${gzipSync(Buffer.alloc(64 * 1024 * 1024)).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(100_000);
    expect(() => decodeStatusList(bomb)).toThrow(StatusListDecodeError);
    expect(() => decodeStatusList(bomb)).toThrow(/inflates past 131072 bytes/);
  });

  it('one byte over a tight bound', () => {
    expect(decodeStatusList(valid, { minEntries: 8, maxEntries: 128 }).length).toBe(16);
    expect(() => decodeStatusList(valid, { minEntries: 8, maxEntries: 120 })).toThrow(/inflates past 15 bytes/);
  });

  it('a text longer than any in-bounds list, before decoding it', () => {
    expect(() => decodeStatusList(`u${'A'.repeat(300)}`, { minEntries: 8, maxEntries: 64 })).toThrow(/longer than any list/);
  });

  it('a list shorter than the minimum (STATUS_LIST_LENGTH_ERROR)', () => {
    expect(() => decodeStatusList(valid)).toThrow(/fewer than the 131072 required/);
  });

  it('bounds that would disable the check (a caller error, not a document error)', () => {
    for (const bounds of [{ maxEntries: Number.NaN }, { minEntries: 64, maxEntries: 32 }, { minEntries: -1 }, { maxEntries: 0 }]) {
      expect(() => decodeStatusList(valid, bounds)).toThrow(RangeError);
    }
  });

  it('a missing or wrong multibase prefix', () => {
    expect(() => decodeStatusList(valid.slice(1), small)).toThrow(/multibase prefix/);
    expect(() => decodeStatusList(`z${valid.slice(1)}`, small)).toThrow(/multibase prefix/);
  });

  it('padding, the standard alphabet and non-canonical base64url', () => {
    expect(() => decodeStatusList(`${valid}=`, small)).toThrow(/canonical/);
    expect(() => decodeStatusList(valid.replaceAll('-', '+').replaceAll('_', '/').concat('+'), small)).toThrow(StatusListDecodeError);
  });

  it('bytes that are not GZIP (raw deflate, zlib, garbage)', () => {
    const raw = Buffer.alloc(16);
    for (const text of [`u${Buffer.from('not gzip at all').toString('base64url')}`, `u${gzipSync(raw).subarray(0, 10).toString('base64url')}`]) {
      expect(() => decodeStatusList(text, small)).toThrow(/not valid GZIP/);
    }
  });
});
