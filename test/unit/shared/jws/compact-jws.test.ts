/** The JWS core: one way to sign and verify, interoperable with jose, strict for every type. */
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import {
  peekKid,
  signCompactJws,
  signingInputFor,
  verifyCompactJws,
  verifyCompactJwsOrThrow,
  JwsRejectedError,
  type JwsType,
} from '../../../../shared/jws/compact-jws.ts';
import { isLowS } from '../../../../shared/jws/ecdsa-p256.ts';
import { keyLookupFrom } from '../../../../shared/keys/signing-key.ts';
import { keyRecordFor } from '../../../security/attack-corpus.ts';

const signer = LocalKeySigner.generate();
const keys = keyLookupFrom([keyRecordFor(signer, 'active')]);
const NOTE: JwsType<{ text: string }> = {
  typ: 'test-note+jwt',
  name: 'note',
  maxLength: 1_000_000,
  parsePayload: (p) =>
    typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' && Object.keys(p).length === 1
      ? { ok: true, value: p as { text: string } }
      : { ok: false, message: 'not a note' },
};

describe('compact JWS core', () => {
  it('signs a header of exactly {alg, kid, typ} and a low-S signature that jose verifies', async () => {
    const jws = await signCompactJws(signer, NOTE, { text: 'hello' });
    const [h, , s] = jws.split('.') as [string, string, string];
    expect(Buffer.from(h, 'base64url').toString()).toBe(JSON.stringify({ alg: 'ES256', kid: signer.kid, typ: 'test-note+jwt' }));
    expect(isLowS(Buffer.from(s, 'base64url'))).toBe(true);
    const verified = await compactVerify(jws, await importJWK({ ...signer.publicJwk }, 'ES256'));
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual({ text: 'hello' });
    expect(verifyCompactJws(jws, NOTE, keys)).toMatchObject({ ok: true, payload: { text: 'hello' } });
    expect(peekKid(jws)).toBe(signer.kid);
  });

  it('the signing input is deterministic; ECDSA signatures are not', async () => {
    expect(signingInputFor(signer, NOTE, { text: 'a' })).toBe(signingInputFor(signer, NOTE, { text: 'a' }));
    const [a, b] = await Promise.all([signCompactJws(signer, NOTE, { text: 'a' }), signCompactJws(signer, NOTE, { text: 'a' })]);
    expect(a.split('.').slice(0, 2)).toEqual(b.split('.').slice(0, 2));
  });

  it('verifies documents larger than the scratch buffer, and refuses them tampered', async () => {
    const jws = await signCompactJws(signer, NOTE, { text: 'x'.repeat(200_000) });
    expect(verifyCompactJws(jws, NOTE, keys).ok).toBe(true);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const tampered = `${h}.${p.slice(0, -8)}AAAAAAAA.${s}`;
    expect(verifyCompactJws(tampered, NOTE, keys)).toMatchObject({ ok: false, code: 'bad_signature' });
  });

  it('a payload the type refuses is malformed even with a genuine signature', async () => {
    const jws = await signCompactJws(signer, NOTE, { text: 1 });
    expect(verifyCompactJws(jws, NOTE, keys)).toMatchObject({ ok: false, code: 'malformed', kid: signer.kid });
  });

  it('a retired key still verifies; a compromised one never does', async () => {
    const jws = await signCompactJws(signer, NOTE, { text: 'old' });
    expect(verifyCompactJws(jws, NOTE, keyLookupFrom([keyRecordFor(signer, 'retired')])).ok).toBe(true);
    expect(verifyCompactJws(jws, NOTE, keyLookupFrom([keyRecordFor(signer, 'compromised')]))).toMatchObject({ ok: false, code: 'key_compromised' });
  });

  it('the throwing form carries the same closed code', async () => {
    const other: JwsType<unknown> = { ...NOTE, typ: 'other+jwt' };
    const jws = await signCompactJws(signer, NOTE, { text: 'a' });
    expect(() => verifyCompactJwsOrThrow(jws, other, keys)).toThrow(JwsRejectedError);
    try {
      verifyCompactJwsOrThrow(jws, other, keys);
    } catch (error) {
      expect((error as JwsRejectedError).code).toBe('wrong_type');
    }
  });

  it('non-string input is malformed, never a throw', () => {
    for (const input of [undefined, null, 42, {}, [], '']) expect(verifyCompactJws(input, NOTE, keys)).toMatchObject({ ok: false, code: 'malformed' });
    expect(peekKid(42)).toBeUndefined();
    expect(peekKid('not-base64!.x.y')).toBeUndefined();
  });
});
