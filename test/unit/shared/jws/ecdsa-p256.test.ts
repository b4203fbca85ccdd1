import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derToJose, isLowS, joseToDer, normaliseLowS } from '../../../../shared/jws/ecdsa-p256.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const data = Buffer.from('carbon');

describe('P-256 signature encodings', () => {
  it('converts real DER signatures to JOSE and back', () => {
    for (let i = 0; i < 50; i++) {
      const der = sign('sha256', data, privateKey);
      const raw = derToJose(der);
      expect(raw.length).toBe(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      expect(Buffer.from(joseToDer(raw)).equals(der)).toBe(true);
    }
  });

  it('normalises to low-S and the result still verifies', () => {
    let sawHigh = false;
    for (let i = 0; i < 64; i++) {
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      sawHigh ||= !isLowS(raw);
      const low = normaliseLowS(raw);
      expect(isLowS(low)).toBe(true);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, low)).toBe(true);
    }
    expect(sawHigh).toBe(true); // about half of raw signatures are high-S; 64 draws all low has p = 2^-64
  });

  it('agrees with big-integer arithmetic at the edges and on random values of s', () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const half = n >> 1n;
    const withS = (s: bigint) => Uint8Array.from([...new Uint8Array(32).fill(7), ...Buffer.from(s.toString(16).padStart(64, '0'), 'hex')]);
    const sOf = (raw: Uint8Array) => BigInt(`0x${Buffer.from(raw.subarray(32)).toString('hex')}`);
    const check = (s: bigint) => {
      const raw = withS(s);
      expect(isLowS(raw), `isLowS(${s.toString(16)})`).toBe(s > 0n && s <= half);
      const low = normaliseLowS(raw);
      expect(sOf(low), `normaliseLowS(${s.toString(16)})`).toBe(s <= half ? s : n - s);
      expect(Buffer.from(low.subarray(0, 32)).equals(Buffer.from(raw.subarray(0, 32)))).toBe(true);
    };
    for (const s of [0n, 1n, half - 1n, half, half + 1n, n - 1n, 0x7f00n << 240n, 0x80n << 248n]) check(s);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: n - 1n }), (s) => check(s)),
      { seed: 42, numRuns: 2_000 },
    );
    expect(isLowS(new Uint8Array(63))).toBe(false);
    expect(() => normaliseLowS(new Uint8Array(65))).toThrow(RangeError);
  });

  it('refuses malformed DER', () => {
    expect(() => derToJose(Uint8Array.from([0x31, 0x00]))).toThrow(RangeError);
    const der = sign('sha256', data, privateKey);
    expect(() => derToJose(Uint8Array.from([...der, 0]))).toThrow(RangeError);
  });
});
