import { generateKeyPairSync, sign, verify } from 'node:crypto';
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

  it('refuses malformed DER', () => {
    expect(() => derToJose(Uint8Array.from([0x31, 0x00]))).toThrow(RangeError);
    const der = sign('sha256', data, privateKey);
    expect(() => derToJose(Uint8Array.from([...der, 0]))).toThrow(RangeError);
  });
});
