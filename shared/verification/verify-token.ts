/**
 * Offline token verification: structure, header, key, signature, claims and validity window.
 * Pure and synchronous: no storage, no network, the clock passed in. RFC 8725 is applied
 * strictly: the header must be exactly `{alg, kid, typ}` as we write it, so `none`, HMAC,
 * `jku`/`jwk`/`x5u`/`x5c`, `crit` and `b64` never reach signature checking.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { LABEL_TOKEN_TYPE, LabelClaimsSchema, describeClaims, type LabelClaims } from '../label/claims.ts';
import { decodeBase64urlStrict } from '../jws/base64url.ts';
import { parseExactJson } from '../jws/exact-json.ts';
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

/** Holds the signing input of the token being checked (tokens are at most MAX_TOKEN_LENGTH characters). */
const SIGNING_INPUT_SCRATCH = Buffer.alloc(MAX_TOKEN_LENGTH);

/** A protected header that passed every check that needs no key: its parsed `alg` and `kid`. */
interface AcceptedHeader {
  readonly alg: unknown;
  readonly kid: string;
}

/**
 * Accepted headers by their base64url text. Every label of one key carries the very same header,
 * so decoding and re-checking it per token is wasted work; the check is a pure function of the
 * text, so remembering its outcome changes no verdict. Bounded: cleared when full, so headers
 * crafted by a caller cannot grow it.
 */
const acceptedHeaders = new Map<string, AcceptedHeader>();
const MAX_ACCEPTED_HEADERS = 64;

/** The kid of a header text already accepted by an earlier check, if any (for key pre-loading). */
export function acceptedHeaderKid(headerB64: string): string | undefined {
  return acceptedHeaders.get(headerB64)?.kid;
}

type HeaderCheck = { readonly ok: true; readonly header: AcceptedHeader } | { readonly ok: false; readonly reason: string; readonly kid?: string };

/** The header checks that need no key: canonical JSON, exactly `{alg, kid, typ}`, a kid, our typ. */
function checkHeader(headerB64: string): HeaderCheck {
  const cached = acceptedHeaders.get(headerB64);
  if (cached) return { ok: true, header: cached };
  const headerBytes = decodeBase64urlStrict(headerB64);
  const header = headerBytes && parseExactJson(headerBytes);
  if (!header || typeof header !== 'object' || Array.isArray(header)) {
    return { ok: false, reason: 'The protected header is not canonical base64url JSON.' };
  }
  const members = Object.keys(header);
  if (members.length !== HEADER_MEMBERS.length || !HEADER_MEMBERS.every((m, i) => members[i] === m)) {
    return { ok: false, reason: 'The header must be exactly {alg, kid, typ}; other parameters (crit, jku, jwk, x5u, x5c, b64 …) are refused.' };
  }
  const { alg, kid, typ } = header as Record<string, unknown>;
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128) return { ok: false, reason: 'The header has no usable key id.' };
  if (typ !== LABEL_TOKEN_TYPE) return { ok: false, reason: `The header typ must be "${LABEL_TOKEN_TYPE}".`, kid };
  const accepted: AcceptedHeader = { alg, kid };
  if (acceptedHeaders.size >= MAX_ACCEPTED_HEADERS) acceptedHeaders.clear();
  acceptedHeaders.set(headerB64, accepted);
  return { ok: true, header: accepted };
}

const CLAIM_STRINGS: ReadonlyArray<readonly [string, number, number]> = [
  ['iss', 1, 64], ['sub', 1, 64], ['isn', 0, 200], ['pid', 0, 200], ['pnm', 0, 200], ['pcf', 0, 40], ['dua', 0, 40],
  ['duu', 0, 40], ['bnd', 0, 40], ['rps', 0, 40], ['rpe', 0, 40], ['geo', 0, 8],
];
const CLAIM_TIMES = ['iat', 'nbf', 'exp'] as const;
const CLAIM_MEMBERS = new Set(['iss', 'sub', 'iat', 'nbf', 'exp', 'dig', 'isn', 'pid', 'pnm', 'pcf', 'dua', 'duu', 'bnd', 'rps', 'rpe', 'std', 'geo', 'asp', 'asl']);
const DIGEST = /^[A-Za-z0-9_-]{43}$/;

/**
 * A precompiled check of `LabelClaimsSchema` for the common case: `true` only when the schema
 * surely accepts `value` as it is (same members, types and limits, never looser). Anything else,
 * including what it merely cannot vouch for, goes to the zod schema, which stays the authority,
 * so no verdict changes; this only spares the schema's generic machinery on every genuine token.
 */
function surelyLabelClaims(value: unknown): value is LabelClaims {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const c = value as Record<string, unknown>;
  let members = 0;
  for (const key in c) {
    if (!Object.hasOwn(c, key) || !CLAIM_MEMBERS.has(key)) return false;
    members++;
  }
  for (const [name, min, max] of CLAIM_STRINGS) {
    const v = c[name];
    if (typeof v !== 'string' || v.length < min || v.length > max) return false;
  }
  for (const name of CLAIM_TIMES) {
    const v = c[name];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return false;
  }
  if (typeof c.dig !== 'string' || !DIGEST.test(c.dig)) return false;
  const std = c.std;
  if (!Array.isArray(std) || std.length > 20) return false;
  for (const s of std) if (typeof s !== 'string' || s.length > 64) return false;
  let optional = 0;
  if ('asp' in c) {
    if (typeof c.asp !== 'string' || c.asp.length > 200) return false;
    optional++;
  }
  if ('asl' in c) {
    if (c.asl !== 'limited' && c.asl !== 'reasonable') return false;
    optional++;
  }
  // Every required member was checked above; with no unknown ones, the count must match exactly.
  return members === CLAIM_MEMBERS.size - 2 + optional;
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

  const headerCheck = checkHeader(headerB64);
  if (!headerCheck.ok) return fail('malformed', headerCheck.reason, headerCheck.kid !== undefined ? { kid: headerCheck.kid } : {});
  const { alg, kid } = headerCheck.header;

  const key = keys(kid);
  if (!key) return fail('unknown_key', 'The key id is not one this service has published.', { kid });
  // The algorithm is pinned by the key, never chosen by the token (RFC 8725 §3.1).
  if (alg !== key.alg) return fail('malformed', `This key signs only with ${key.alg}; the token says ${String(alg)}.`, { kid });

  const signature = decodeBase64urlStrict(signatureB64);
  if (!signature || signature.length !== 64) return fail('bad_signature', 'The signature is not a 64-byte ES256 signature.', { kid });
  if (!isLowS(signature)) return fail('bad_signature', 'The signature is not in canonical low-S form.', { kid });
  // The signing input goes into a reused scratch buffer: the check is synchronous, so nothing else
  // can touch it meanwhile, and no fresh native memory is taken per verification.
  const inputLength = SIGNING_INPUT_SCRATCH.write(token, 0, headerB64.length + 1 + payloadB64.length, 'latin1');
  const signingInput = SIGNING_INPUT_SCRATCH.subarray(0, inputLength);
  const ok = cryptoVerify('sha256', signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) return fail('bad_signature', 'The signature does not match the token content.', { kid });

  const payloadBytes = decodeBase64urlStrict(payloadB64);
  const payload = payloadBytes && parseExactJson(payloadBytes);
  const claims = surelyLabelClaims(payload) ? { success: true as const, data: payload } : LabelClaimsSchema.safeParse(payload);
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
