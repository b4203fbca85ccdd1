/**
 * The status list credential, its entry, and the credential secured as a JWS on the one core;
 * the bits read back by an independent decoder (plain zlib, bits by hand).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { JwsRejectedError, signCompactJws } from '../../../../shared/jws/compact-jws.ts';
import { keyLookupFrom } from '../../../../shared/keys/signing-key.ts';
import { STATUS_LIST_MIN_ENTRIES, StatusBitstring } from '../../../../shared/status-list/bitstring.ts';
import {
  BitstringStatusListCredentialSchema,
  BitstringStatusListEntrySchema,
  buildStatusListCredential,
  buildStatusListEntry,
  statusListId,
} from '../../../../shared/status-list/status-list-credential.ts';
import { STATUS_LIST_TYPE, signStatusList, verifyStatusList } from '../../../../shared/tokens/status-list-token.ts';
import { keyRecordFor } from '../../../security/attack-corpus.ts';

const listUrl = 'https://labels.example/status/revocation-3';
const signer = LocalKeySigner.generate();
const keys = keyLookupFrom([keyRecordFor(signer, 'active')]);

function credentialWith(bits: StatusBitstring, purpose: 'revocation' | 'suspension' = 'revocation') {
  return buildStatusListCredential({
    listUrl,
    issuer: 'https://labels.example',
    purpose,
    encodedList: bits.encode(),
    validFrom: new Date('2026-12-01T10:00:00.123Z'),
    validForMs: 60_000,
  });
}

describe('buildStatusListCredential', () => {
  it('writes the VC 2.0 shape of the spec, at seconds precision, ttl the validity period', () => {
    const credential = credentialWith(StatusBitstring.create(STATUS_LIST_MIN_ENTRIES));
    expect(credential).toEqual({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: listUrl,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'https://labels.example',
      validFrom: '2026-12-01T10:00:00Z',
      validUntil: '2026-12-01T10:01:00Z',
      credentialSubject: {
        id: `${listUrl}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
        ttl: 60_000,
      },
    });
  });

  it('refuses what we would not sign: other purposes, http hosts, fragments, extra fields, a subject of another id', () => {
    const good = credentialWith(StatusBitstring.create(64));
    const bad = [
      { ...good, credentialSubject: { ...good.credentialSubject, statusPurpose: 'message' } },
      { ...good, id: 'http://labels.example/status/3', credentialSubject: { ...good.credentialSubject, id: 'http://labels.example/status/3#list' } },
      { ...good, id: `${listUrl}#x` },
      { ...good, proof: {} },
      { ...good, credentialSubject: { ...good.credentialSubject, id: 'https://other.example/status/3#list' } },
      { ...good, '@context': ['https://www.w3.org/2018/credentials/v1'] },
      { ...good, type: ['VerifiableCredential'] },
      { ...good, validUntil: good.validFrom },
      { ...good, credentialSubject: { ...good.credentialSubject, encodedList: good.credentialSubject.encodedList.slice(1) } },
    ];
    expect(BitstringStatusListCredentialSchema.safeParse(good).success).toBe(true);
    for (const candidate of bad) expect(BitstringStatusListCredentialSchema.safeParse(candidate).success, JSON.stringify(candidate).slice(0, 120)).toBe(false);
    expect(() =>
      buildStatusListCredential({
        listUrl: 'ftp://x.example/s',
        issuer: 'https://labels.example',
        purpose: 'revocation',
        encodedList: 'uAA',
        validFrom: new Date(),
        validForMs: 1,
      }),
    ).toThrow();
  });
});

describe('buildStatusListEntry', () => {
  it('names the list and the index as the spec does, index a decimal string', () => {
    expect(buildStatusListEntry({ listUrl, index: 94567, purpose: 'revocation' })).toEqual({
      id: `${listUrl}#94567`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: listUrl,
    });
    expect(buildStatusListEntry({ listUrl, index: 0, purpose: 'suspension' }).statusListIndex).toBe('0');
  });

  it('refuses negative, fractional and padded indices, and an id that does not match', () => {
    expect(() => buildStatusListEntry({ listUrl, index: -1, purpose: 'revocation' })).toThrow();
    expect(() => buildStatusListEntry({ listUrl, index: 1.5, purpose: 'revocation' })).toThrow();
    const entry = buildStatusListEntry({ listUrl, index: 7, purpose: 'revocation' });
    for (const statusListIndex of ['07', '-7', '7.0', ' 7', '0x7']) {
      expect(BitstringStatusListEntrySchema.safeParse({ ...entry, statusListIndex, id: `${listUrl}#${statusListIndex}` }).success).toBe(false);
    }
    expect(BitstringStatusListEntrySchema.safeParse({ ...entry, id: `${listUrl}#8` }).success).toBe(false);
  });

  it('names lists by purpose and number', () => {
    expect(statusListId('revocation', 3)).toBe('revocation-3');
    expect(statusListId('suspension', 0)).toBe('suspension-0');
    expect(() => statusListId('revocation', -1)).toThrow();
  });
});

describe('status list JWS', () => {
  it('signs and verifies; the bits read by an independent decoder are the bits set', async () => {
    const bits = StatusBitstring.create(STATUS_LIST_MIN_ENTRIES);
    const set = [0, 1, 4095, 65_536, STATUS_LIST_MIN_ENTRIES - 1];
    for (const i of set) bits.set(i, true);
    const signed = await signStatusList(credentialWith(bits), signer);
    expect(JSON.parse(Buffer.from(signed.jws.split('.')[0] as string, 'base64url').toString())).toEqual({
      alg: 'ES256',
      kid: signer.kid,
      typ: STATUS_LIST_TYPE,
    });
    expect(signed.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);

    const verified = verifyStatusList(signed.jws, keys);
    expect(verified.kid).toBe(signer.kid);
    expect(verified.credential).toEqual(signed.credential);
    expect(set.every((i) => verified.bits.get(i))).toBe(true);
    expect(verified.bits.countSet()).toBe(set.length);

    // Independent: the JWS payload by hand, then zlib and bit arithmetic by hand.
    const payload = JSON.parse(Buffer.from(signed.jws.split('.')[1] as string, 'base64url').toString()) as { credentialSubject: { encodedList: string } };
    const raw = gunzipSync(Buffer.from(payload.credentialSubject.encodedList.slice(1), 'base64url'));
    const independent: number[] = [];
    raw.forEach((byte, b) => {
      for (let k = 0; k < 8; k++) if (byte & (0x80 >> k)) independent.push(b * 8 + k);
    });
    expect(independent).toEqual(set);
  });

  it('gives the same ETag for the same content, whatever the randomised signature', async () => {
    const credential = credentialWith(StatusBitstring.create(STATUS_LIST_MIN_ENTRIES));
    const [a, b] = await Promise.all([signStatusList(credential, signer), signStatusList(credential, signer)]);
    expect(a.jws).not.toBe(b.jws);
    expect(a.etag).toBe(b.etag);
  });

  it('refuses a short list in production and accepts it with a lower bound', async () => {
    const signed = await signStatusList(credentialWith(StatusBitstring.create(64)), signer);
    expect(() => verifyStatusList(signed.jws, keys)).toThrow(/fewer than the 131072 required/);
    expect(verifyStatusList(signed.jws, keys, { minEntries: 64 }).bits.length).toBe(64);
  });

  it('refuses a genuinely signed zip bomb as malformed, before inflating it', async () => {
    const bomb = `u${gzipSync(Buffer.alloc(16 * 1024 * 1024)).toString('base64url')}`;
    const credential = {
      ...credentialWith(StatusBitstring.create(64)),
      credentialSubject: { ...credentialWith(StatusBitstring.create(64)).credentialSubject, encodedList: bomb },
    };
    const jws = await signCompactJws(signer, { typ: STATUS_LIST_TYPE }, credential);
    try {
      verifyStatusList(jws, keys);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JwsRejectedError);
      expect((error as JwsRejectedError).code).toBe('malformed');
      expect((error as Error).message).toMatch(/inflates past/);
    }
  });
});
