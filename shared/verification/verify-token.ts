/**
 * Offline token verification: structure, header, key, signature, claims and validity window.
 * Pure and synchronous: no storage, no network, the clock passed in. RFC 8725 is applied
 * strictly: the header must be exactly `{alg, kid, typ}` as we write it, so `none`, HMAC,
 * `jku`/`jwk`/`x5u`/`x5c`, `crit` and `b64` never reach signature checking.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { LABEL_TOKEN_TYPE, LabelClaimsSchema, describeClaims, type LabelClaims } from '../label/claims.ts';
import { decodeBase64urlStrict } from '../jws/base64url.ts';
import { isLowS } from '../jws/ecdsa-p256.ts';
import type { KeyLookup, VerificationKey } from '../keys/signing-key.ts';
import { verdict, type Verdict } from './verdict.ts';

/** Longest token we look at; a real one is under 1.5 KB. */
export const MAX_TOKEN_LENGTH = 4096;

/** Default tolerance for clock differences between issuer and verifier. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Options for {@link verifyTokenOffline}. */
export interface OfflineVerifyOptions {
  readonly keys: KeyLookup;
  readonly now: Date;
  /** Leeway for `nbf`/`exp`; default {@link DEFAULT_CLOCK_SKEW_SECONDS}. */
  readonly clockSkewSeconds?: number;
}

/** The result of the cryptographic part: either a failing verdict, or genuine claims. */
export type SignatureCheck =
  | { readonly genuine: false; readonly verdict: Verdict }
  | { readonly genuine: true; readonly claims: LabelClaims; readonly key: VerificationKey };

const HEADER_MEMBERS = ['alg', 'kid', 'typ'] as const;

/** Parses JSON that must be exactly what `JSON.stringify` would write for it. */
function parseExactJson(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  // Invalid UTF-8 decodes to U+FFFD and no longer round-trips to the same bytes.
  if (!Buffer.from(text, 'utf8').equals(bytes)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return JSON.stringify(value) === text ? value : undefined;
}

/**
 * Checks everything a signature can prove: well-formedness, header, key and signature, then the
 * claims' shape. Does not look at time or revocation.
 */
export function checkTokenSignature(token: unknown, keys: KeyLookup, now: Date): SignatureCheck {
  const fail = (status: Parameters<typeof verdict>[0], reason: string, extra: { kid?: string } = {}): SignatureCheck => ({
    genuine: false,
    verdict: verdict(status, now, { reason, ...extra, statusSource: { kind: 'none' } }),
  });
  if (typeof token !== 'string' || token.length === 0) return fail('malformed', 'The token is empty or not a string.');
  if (token.length > MAX_TOKEN_LENGTH) return fail('malformed', `The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  const parts = token.split('.');
  if (parts.length !== 3) return fail('malformed', 'A label token is a compact JWS with exactly three parts.');
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];

  const headerBytes = decodeBase64urlStrict(headerB64);
  const header = headerBytes && parseExactJson(headerBytes);
  if (!header || typeof header !== 'object' || Array.isArray(header)) {
    return fail('malformed', 'The protected header is not canonical base64url JSON.');
  }
  const members = Object.keys(header);
  if (members.length !== HEADER_MEMBERS.length || !HEADER_MEMBERS.every((m, i) => members[i] === m)) {
    return fail('malformed', 'The header must be exactly {alg, kid, typ}; other parameters (crit, jku, jwk, x5u, x5c, b64 …) are refused.');
  }
  const { alg, kid, typ } = header as Record<string, unknown>;
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128) return fail('malformed', 'The header has no usable key id.');
  if (typ !== LABEL_TOKEN_TYPE) return fail('malformed', `The header typ must be "${LABEL_TOKEN_TYPE}".`, { kid });

  const key = keys(kid);
  if (!key) return fail('unknown_key', 'The key id is not one this service has published.', { kid });
  // The algorithm is pinned by the key, never chosen by the token (RFC 8725 §3.1).
  if (alg !== key.alg) return fail('malformed', `This key signs only with ${key.alg}; the token says ${String(alg)}.`, { kid });

  const signature = decodeBase64urlStrict(signatureB64);
  if (!signature || signature.length !== 64) return fail('bad_signature', 'The signature is not a 64-byte ES256 signature.', { kid });
  if (!isLowS(signature)) return fail('bad_signature', 'The signature is not in canonical low-S form.', { kid });
  const signingInput = Buffer.from(`${headerB64}.${payloadB64}`, 'ascii');
  const ok = cryptoVerify('sha256', signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) return fail('bad_signature', 'The signature does not match the token content.', { kid });

  const payloadBytes = decodeBase64urlStrict(payloadB64);
  const payload = payloadBytes && parseExactJson(payloadBytes);
  const claims = LabelClaimsSchema.safeParse(payload);
  if (!claims.success) return fail('malformed', 'The signed claims are not label claims.', { kid });
  if (key.status === 'compromised') {
    return fail('key_compromised', 'The key that signed this label is marked compromised.', { kid });
  }
  return { genuine: true, claims: claims.data, key };
}

/** Judges the validity window of genuine claims: `expired`, `not_yet_valid` or `valid`. */
export function judgeValidityWindow(claims: LabelClaims, now: Date, skewSeconds: number): 'expired' | 'not_yet_valid' | 'valid' {
  const t = now.getTime() / 1000;
  if (t >= claims.exp + skewSeconds) return 'expired';
  if (t < claims.nbf - skewSeconds) return 'not_yet_valid';
  return 'valid';
}

/**
 * Verifies a token without storage: the signature, the key's status and the validity window.
 * Revocation is not known here (see `verifyLabelToken` for the online check).
 */
export function verifyTokenOffline(token: unknown, options: OfflineVerifyOptions): Verdict {
  const check = checkTokenSignature(token, options.keys, options.now);
  if (!check.genuine) return check.verdict;
  const window = judgeValidityWindow(check.claims, options.now, options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS);
  return verdict(window, options.now, {
    labelId: check.claims.sub,
    kid: check.key.kid,
    claim: describeClaims(check.claims),
    statusSource: { kind: 'none' },
  });
}
