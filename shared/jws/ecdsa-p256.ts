/**
 * P-256 signature encodings. JWS (RFC 7518 §3.4) wants the raw 64-byte `r || s`; KMS and
 * OpenSSL speak DER. We also normalise to low-S so every label has exactly one valid signature
 * encoding: a high-S twin of a genuine signature is refused as malleated.
 */

/** Length of one coordinate and of `r`/`s` in bytes. */
export const P256_SCALAR_BYTES = 32;

/** Order of the P-256 group, big-endian. */
const N = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
/** ⌊N / 2⌋, big-endian: the largest low-S value. */
const HALF_N = Buffer.from('7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8', 'hex');

/**
 * Compares `s` (the second half of a raw signature) with ⌊N / 2⌋ byte by byte. Half the order
 * starts with 0x7f, so the first byte settles all but about 1 in 256 signatures; signing and
 * verifying both run this for every label, so no big integers.
 */
function compareSWithHalfN(raw: Uint8Array): number {
  for (let i = 0; i < P256_SCALAR_BYTES; i++) {
    const diff = raw[P256_SCALAR_BYTES + i]! - HALF_N[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}

function isZeroS(raw: Uint8Array): boolean {
  for (let i = P256_SCALAR_BYTES; i < 2 * P256_SCALAR_BYTES; i++) if (raw[i] !== 0) return false;
  return true;
}

/** `true` when the raw signature's `s` is in the lower half of the group order (and non-zero). */
export function isLowS(raw: Uint8Array): boolean {
  if (raw.length !== 2 * P256_SCALAR_BYTES) return false;
  return compareSWithHalfN(raw) <= 0 && !isZeroS(raw);
}

/** Returns the low-S form of a raw `r || s` signature (unchanged when already low-S). */
export function normaliseLowS(raw: Uint8Array): Uint8Array {
  if (raw.length !== 2 * P256_SCALAR_BYTES) throw new RangeError('a P-256 signature is 64 bytes');
  if (compareSWithHalfN(raw) <= 0) return raw;
  // s > N/2, and s < N for any signature a signer produced: write N − s, subtracting with borrow.
  const out = new Uint8Array(raw);
  let borrow = 0;
  for (let i = P256_SCALAR_BYTES - 1; i >= 0; i--) {
    const diff = N[i]! - raw[P256_SCALAR_BYTES + i]! - borrow;
    borrow = diff < 0 ? 1 : 0;
    out[P256_SCALAR_BYTES + i] = diff & 0xff;
  }
  return out;
}

/** Reads one DER INTEGER starting at `offset`; returns its value bytes and the next offset. */
function readDerInteger(der: Uint8Array, offset: number): { value: Uint8Array; next: number } {
  if (der[offset] !== 0x02) throw new RangeError('DER: expected INTEGER');
  const length = der[offset + 1];
  if (length === undefined || length === 0 || length > 33 || (length & 0x80) !== 0) {
    throw new RangeError('DER: bad INTEGER length');
  }
  const start = offset + 2;
  const end = start + length;
  if (end > der.length) throw new RangeError('DER: truncated INTEGER');
  let value = der.subarray(start, end);
  // Strip the sign byte DER adds when the high bit is set.
  while (value.length > 1 && value[0] === 0) value = value.subarray(1);
  if (value.length > P256_SCALAR_BYTES) throw new RangeError('DER: INTEGER too large for P-256');
  return { value, next: end };
}

/**
 * Converts a DER `ECDSA-Sig-Value` (`SEQUENCE { r INTEGER, s INTEGER }`, as AWS KMS returns)
 * into the JOSE raw form, left-padding `r` and `s` to 32 bytes each.
 * @throws {RangeError} when the DER is not a well-formed P-256 signature.
 */
export function derToJose(der: Uint8Array): Uint8Array {
  if (der[0] !== 0x30) throw new RangeError('DER: expected SEQUENCE');
  let offset = 2;
  let seqLength = der[1] ?? 0;
  if (seqLength === 0x81) {
    seqLength = der[2] ?? 0;
    offset = 3;
  } else if (seqLength & 0x80) {
    throw new RangeError('DER: unsupported SEQUENCE length');
  }
  if (offset + seqLength !== der.length) throw new RangeError('DER: SEQUENCE length mismatch');
  const r = readDerInteger(der, offset);
  const s = readDerInteger(der, r.next);
  if (s.next !== der.length) throw new RangeError('DER: trailing bytes');
  const out = new Uint8Array(2 * P256_SCALAR_BYTES);
  out.set(r.value, P256_SCALAR_BYTES - r.value.length);
  out.set(s.value, 2 * P256_SCALAR_BYTES - s.value.length);
  return out;
}

/** Encodes a raw JOSE `r || s` signature as DER (for tests and DER-speaking verifiers). */
export function joseToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 2 * P256_SCALAR_BYTES) throw new RangeError('a P-256 signature is 64 bytes');
  const integer = (bytes: Uint8Array): number[] => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    const trimmed = [...bytes.subarray(i)];
    if ((trimmed[0] ?? 0) & 0x80) trimmed.unshift(0);
    return [0x02, trimmed.length, ...trimmed];
  };
  const body = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))];
  return Uint8Array.from([0x30, body.length, ...body]);
}
