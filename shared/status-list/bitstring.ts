/**
 * The W3C Bitstring Status List v1.0 bit encoding (§2.1 `encodedList`, §3.3 bitstring
 * generation/expansion): a bitstring of N entries, index 0 the left-most bit (the most significant
 * bit of byte 0), GZIP-compressed (RFC 1952), base64url without padding, with the multibase prefix
 * `u`.
 *
 * Written against the spec rather than taken from a library, after checking the kept ones:
 * - `@digitalbazaar/vc-bitstring-status-list` depends on `@digitalbazaar/vc` and its JSON-LD
 *   contexts: a whole Data Integrity VC stack we do not use (our credentials are secured as JWS on
 *   the one JWS core).
 * - `@digitalbazaar/bitstring` (its bit layer) brings `pako` and `base64url-universal`, has no
 *   TypeScript types, and its `decodeBits` inflates without any output bound, so a few hundred
 *   bytes of `encodedList` can expand to gigabytes (a zip bomb). Its constructor also wraps
 *   `buffer.buffer`, which for a pooled Node `Buffer` is the whole pool, not the slice. What would
 *   be left to use is the six-line bit arithmetic below.
 *
 * So: `node:zlib` for GZIP, with `maxOutputLength` on the way in; strict canonical base64url (the
 * JWS core's decoder); and bit arithmetic checked against the spec's own example in
 * `test/unit/status-list/bitstring.test.ts` (Node's default gzip level reproduces it byte for byte).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { decodeBase64urlStrict } from '../jws/base64url.ts';

/** The spec's minimum list size for herd privacy (16 KiB uncompressed); production lists use it. */
export const STATUS_LIST_MIN_ENTRIES = 131_072;

/**
 * Largest list we ever decode unless told otherwise: 8 × the minimum (128 KiB of bits). Our own
 * lists are exactly the minimum; the bound is what makes a zip bomb a clear error, not an outage.
 */
export const STATUS_LIST_MAX_ENTRIES = 8 * STATUS_LIST_MIN_ENTRIES;

/** The multibase prefix of unpadded base64url. */
const MULTIBASE_BASE64URL = 'u';

/**
 * Why an `encodedList` was refused (the spec's MALFORMED_VALUE_ERROR or STATUS_LIST_LENGTH_ERROR).
 * Not a `CarbonLabelError`: it is never an API answer by itself; callers map it to a verdict.
 */
export class StatusListDecodeError extends Error {
  override readonly name = 'StatusListDecodeError';
}

/** Bounds for {@link decodeStatusList}. */
export interface DecodeBounds {
  /** Fewest entries accepted (the spec's STATUS_LIST_LENGTH_ERROR); default {@link STATUS_LIST_MIN_ENTRIES}. */
  readonly minEntries?: number;
  /** Most entries accepted: inflation stops past this many bytes; default {@link STATUS_LIST_MAX_ENTRIES}. */
  readonly maxEntries?: number;
}

/** A mutable bitstring of status entries (one bit each, `statusSize` 1). */
export class StatusBitstring {
  private constructor(private readonly bytes: Uint8Array) {}

  /** An all-zero bitstring of `length` entries; `length` must be a positive multiple of 8. */
  static create(length: number): StatusBitstring {
    if (!Number.isSafeInteger(length) || length <= 0 || length % 8 !== 0)
      throw new RangeError(`a status list length must be a positive multiple of 8, not ${length}`);
    return new StatusBitstring(new Uint8Array(length / 8));
  }

  /** Decodes an `encodedList` (see {@link decodeStatusList}). */
  static decode(encodedList: string, bounds?: DecodeBounds): StatusBitstring {
    return new StatusBitstring(decodeStatusList(encodedList, bounds));
  }

  /** Number of entries. */
  get length(): number {
    return this.bytes.length * 8;
  }

  /** Whether entry `index` is set. */
  get(index: number): boolean {
    const { byte, mask } = this.position(index);
    return ((this.bytes[byte] as number) & mask) !== 0;
  }

  /** Sets or clears entry `index`. */
  set(index: number, on: boolean): void {
    const { byte, mask } = this.position(index);
    const current = this.bytes[byte] as number;
    this.bytes[byte] = on ? current | mask : current & ~mask;
  }

  /** How many entries are set. */
  countSet(): number {
    let count = 0;
    for (const value of this.bytes) {
      let v = value;
      while (v !== 0) {
        v &= v - 1;
        count++;
      }
    }
    return count;
  }

  /** The `encodedList` value: `u` + base64url(gzip(bits)). */
  encode(): string {
    return encodeStatusList(this.bytes);
  }

  /** A copy of the raw bytes (byte 0 holds entries 0–7, entry 0 in its most significant bit). */
  toBytes(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }

  private position(index: number): { byte: number; mask: number } {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.length) throw new RangeError(`status list index ${index} is outside 0–${this.length - 1}`);
    // Left to right (spec §2.1): index 0 is bit 7 of byte 0.
    return { byte: index >>> 3, mask: 0x80 >>> (index & 7) };
  }
}

/**
 * Encodes raw bitstring bytes as an `encodedList`. Default gzip settings: they reproduce the spec's
 * example exactly, and level 9 saves nothing measurable on sparse lists.
 */
export function encodeStatusList(bytes: Uint8Array): string {
  return MULTIBASE_BASE64URL + gzipSync(bytes).toString('base64url');
}

/**
 * Decodes an `encodedList` to its raw bytes, refusing — with a {@link StatusListDecodeError} that
 * says which rule failed — anything but canonical `u`-prefixed base64url of one GZIP stream whose
 * output is between `minEntries` and `maxEntries` bits and a whole number of bytes.
 *
 * Inflation is bounded by `maxOutputLength`, so a zip bomb costs at most `maxEntries / 8` bytes of
 * memory before it is refused; the compressed text itself is bounded before any decoding (GZIP
 * cannot shrink data more than about 1032:1, so a longer text could never be in bounds).
 */
export function decodeStatusList(encodedList: string, bounds: DecodeBounds = {}): Uint8Array {
  const minEntries = bounds.minEntries ?? STATUS_LIST_MIN_ENTRIES;
  const maxEntries = bounds.maxEntries ?? STATUS_LIST_MAX_ENTRIES;
  // A caller's mistake, not the document's: a bound of NaN would silently disable the check.
  if (!Number.isSafeInteger(minEntries) || !Number.isSafeInteger(maxEntries) || minEntries < 0 || maxEntries < Math.max(8, minEntries)) {
    throw new RangeError(`status list bounds must be integers with 0 ≤ minEntries ≤ maxEntries and maxEntries ≥ 8, not ${minEntries}–${maxEntries}`);
  }
  if (typeof encodedList !== 'string') throw new StatusListDecodeError('encodedList is not a string');
  if (!encodedList.startsWith(MULTIBASE_BASE64URL)) throw new StatusListDecodeError('encodedList lacks the multibase prefix "u" (base64url)');
  const maxBytes = Math.ceil(maxEntries / 8);
  // An incompressible list gzips to its size plus about 0.03 % and an 18-byte frame; base64 adds a third.
  const maxText = 1 + Math.ceil(((maxBytes + Math.ceil(maxBytes / 1000) + 64) * 4) / 3);
  if (encodedList.length > maxText)
    throw new StatusListDecodeError(`encodedList is ${encodedList.length} characters, longer than any list of ${maxEntries} entries`);
  const compressed = decodeBase64urlStrict(encodedList.slice(1));
  if (compressed === undefined) throw new StatusListDecodeError('encodedList is not canonical unpadded base64url after its "u" prefix');
  let bytes: Buffer;
  try {
    bytes = gunzipSync(compressed, { maxOutputLength: maxBytes });
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new StatusListDecodeError(`encodedList inflates past ${maxBytes} bytes (${maxEntries} entries): refused`, { cause });
    throw new StatusListDecodeError('encodedList is not valid GZIP', { cause });
  }
  const entries = bytes.length * 8;
  if (entries < minEntries) throw new StatusListDecodeError(`encodedList holds ${entries} entries, fewer than the ${minEntries} required`);
  // A copy with its own ArrayBuffer: gunzip output may share a pool.
  return Uint8Array.from(bytes);
}
