/**
 * Strict compact JWS (RFC 7515) for our own typed documents other than label tokens (e.g. the
 * revocation list). Same rules as label tokens (RFC 8725): the header is exactly
 * `{alg, kid, typ}` as `JSON.stringify` writes it, the algorithm is pinned by the key, the
 * signature is 64 bytes in low-S form, and `typ` must be the one the caller expects, so a
 * document of one kind can never be accepted as another.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { base64url, decodeBase64urlStrict } from '../jws/base64url.ts';
import { parseExactJson } from '../jws/exact-json.ts';
import { isLowS, normaliseLowS } from '../jws/ecdsa-p256.ts';
import type { KeyLookup, VerificationKey } from '../keys/signing-key.ts';
import type { Signer } from '../signing/signer.ts';
import { CarbonLabelError } from '../errors/errors.ts';

/** Why a compact JWS was refused; `code` is stable, `message` is for humans. */
export class JwsRejectedError extends CarbonLabelError {
  readonly status = 400;
  constructor(
    readonly code: 'malformed' | 'wrong_type' | 'unknown_key' | 'key_compromised' | 'bad_signature',
    message: string,
  ) {
    super(message);
  }
}

/** The signing input (`header.payload`) of a typed JWS for `signer`; deterministic. */
export function signingInputFor(signer: Pick<Signer, 'alg' | 'kid'>, typ: string, payload: unknown): string {
  const header = { alg: signer.alg, kid: signer.kid, typ };
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
}

/** Signs a signing input made by {@link signingInputFor}; the signature is normalised to low-S. */
export async function signCompactJws(signer: Signer, signingInput: string): Promise<string> {
  const signature = normaliseLowS(await signer.sign(Buffer.from(signingInput, 'ascii')));
  return `${signingInput}.${base64url(signature)}`;
}

/** A verified typed JWS: its JSON payload (still to be schema-checked) and the key that signed it. */
export interface VerifiedJws {
  readonly payload: unknown;
  readonly key: VerificationKey;
}

/**
 * Verifies a typed compact JWS against `keys`. Keys marked compromised are refused: nothing they
 * signed is trusted. Retired keys are accepted (they signed before rotation).
 * @throws {JwsRejectedError} naming why.
 */
export function verifyCompactJws(jws: string, expectedTyp: string, keys: KeyLookup): VerifiedJws {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new JwsRejectedError('malformed', 'not a compact JWS (three parts expected)');
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];
  const headerBytes = decodeBase64urlStrict(headerB64);
  const header = headerBytes && parseExactJson(headerBytes);
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new JwsRejectedError('malformed', 'the header is not canonical base64url JSON');
  const members = Object.keys(header);
  if (members.join(',') !== 'alg,kid,typ') throw new JwsRejectedError('malformed', 'the header must be exactly {alg, kid, typ}');
  const { alg, kid, typ } = header as Record<string, unknown>;
  if (typ !== expectedTyp) throw new JwsRejectedError('wrong_type', `the header typ must be "${expectedTyp}"`);
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128) throw new JwsRejectedError('malformed', 'the header has no usable key id');
  const key = keys(kid);
  if (!key) throw new JwsRejectedError('unknown_key', `key ${kid} is not in the key set`);
  // The algorithm is pinned by the key, never chosen by the document (RFC 8725 §3.1).
  if (alg !== key.alg) throw new JwsRejectedError('malformed', `key ${kid} signs only with ${key.alg}`);
  const signature = decodeBase64urlStrict(signatureB64);
  if (!signature || signature.length !== 64 || !isLowS(signature)) throw new JwsRejectedError('bad_signature', 'the signature is not a canonical 64-byte ES256 signature');
  const ok = cryptoVerify('sha256', Buffer.from(`${headerB64}.${payloadB64}`, 'ascii'), { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) throw new JwsRejectedError('bad_signature', 'the signature does not match the content');
  if (key.status === 'compromised') throw new JwsRejectedError('key_compromised', `key ${kid} is marked compromised`);
  const payloadBytes = decodeBase64urlStrict(payloadB64);
  const payload = payloadBytes && parseExactJson(payloadBytes);
  if (payload === undefined || payload === '') throw new JwsRejectedError('malformed', 'the payload is not canonical JSON');
  return { payload, key };
}
