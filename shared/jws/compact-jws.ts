/**
 * The one compact JWS core (RFC 7515, ES256, practices of RFC 8725). Every signed artefact we
 * issue — label tokens, revocation lists, and every later token type — is signed and verified
 * here, described by a {@link JwsType}: its `typ`, its size limit and its payload parser. No
 * token type restates a rule.
 *
 * The rules, each applied to every type:
 * - the protected header is exactly `{"alg","kid","typ"}` in that order, as `JSON.stringify`
 *   writes it, so `none`, HMAC, `jku`/`jwk`/`x5u`/`x5c`, `crit` and `b64` never reach the check;
 * - `typ` must be the caller's type, so a document of one kind is never accepted as another;
 * - the algorithm is pinned by the key, never chosen by the document (RFC 8725 §3.1);
 * - the signature is the raw 64-byte `r || s` in low-S form, so each document has one encoding;
 * - header and payload are canonical base64url of exact JSON (no whitespace, no duplicates);
 * - a key marked compromised is refused: nothing it signed is trusted. Retired keys verify.
 *
 * Verification returns data and never throws: callers turn a failure into a verdict (labels) or
 * an error (documents, see {@link JwsRejectedError}).
 */
import { verify as cryptoVerify } from 'node:crypto';
import type { KeyLookup, VerificationKey } from '../keys/signing-key.ts';
import type { Signer } from '../signing/signer.ts';
import { base64url, decodeBase64urlStrict } from './base64url.ts';
import { isLowS, normaliseLowS } from './ecdsa-p256.ts';
import { parseExactJson } from './exact-json.ts';
import { encodedHeader, headerOf, rememberHeader, type AcceptedHeader } from './header-cache.ts';
import { CarbonLabelError } from '../errors/errors.ts';

/** Why a compact JWS was refused. Closed: callers switch on it. */
export type JwsFailureCode = 'malformed' | 'wrong_type' | 'unknown_key' | 'bad_signature' | 'key_compromised';

/** Every {@link JwsFailureCode}, in the order the checks run. */
export const JWS_FAILURE_CODES: readonly JwsFailureCode[] = ['malformed', 'wrong_type', 'unknown_key', 'bad_signature', 'key_compromised'];

/** The outcome of a payload parser: the typed value, or why the payload is not one. */
export type PayloadCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** One kind of signed document: what the core needs to know to sign and verify it. */
export interface JwsType<T> {
  /** The header `typ` (RFC 8725 §3.11 explicit typing). */
  readonly typ: string;
  /** What it is called in reasons, e.g. `label token`. */
  readonly name: string;
  /** Longest serialisation looked at; anything longer is `malformed` before any decoding. */
  readonly maxLength: number;
  /** Checks a decoded payload's shape (zod, or a fast path in front of it). */
  readonly parsePayload: (payload: unknown) => PayloadCheck<T>;
}

/** The result of {@link verifyCompactJws}. */
export type JwsVerification<T> =
  | { readonly ok: true; readonly payload: T; readonly key: VerificationKey }
  | { readonly ok: false; readonly code: JwsFailureCode; readonly reason: string; readonly kid?: string };

/** A typed document that was refused; thrown by callers that prefer errors over results. */
export class JwsRejectedError extends CarbonLabelError {
  constructor(
    readonly code: JwsFailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** The signing input (`header.payload`) of `payload` as `type` for `signer`; deterministic. */
export function signingInputFor(signer: Pick<Signer, 'alg' | 'kid'>, type: Pick<JwsType<unknown>, 'typ'>, payload: unknown): string {
  return `${encodedHeader(signer.alg, signer.kid, type.typ)}.${base64url(JSON.stringify(payload))}`;
}

/** Signs a signing input made by {@link signingInputFor}; the signature is normalised to low-S. */
export async function signSigningInput(signer: Signer, signingInput: string): Promise<string> {
  const signature = normaliseLowS(await signer.sign(Buffer.from(signingInput, 'ascii')));
  return `${signingInput}.${base64url(signature)}`;
}

/** Signs `payload` as a compact JWS of `type`. The one way anything is signed. */
export function signCompactJws(signer: Signer, type: Pick<JwsType<unknown>, 'typ'>, payload: unknown): Promise<string> {
  return signSigningInput(signer, signingInputFor(signer, type, payload));
}

/**
 * Reads the `kid` of a compact JWS without trusting anything (to pre-load keys for a batch).
 * The header is parsed only when its text was not already accepted once.
 */
export function peekKid(jws: unknown): string | undefined {
  if (typeof jws !== 'string') return undefined;
  const dot = jws.indexOf('.');
  if (dot <= 0 || dot > 512) return undefined;
  const headerB64 = jws.slice(0, dot);
  const known = headerOf(headerB64);
  if (known !== undefined) return known.kid;
  try {
    const header = JSON.parse(Buffer.from(headerB64, 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/** Holds the signing input of the document being checked when it fits; larger ones get their own buffer. */
const SIGNING_INPUT_SCRATCH = Buffer.alloc(8192);

const fail = (code: JwsFailureCode, reason: string, kid?: string): JwsVerification<never> => ({
  ok: false,
  code,
  reason,
  ...(kid !== undefined ? { kid } : {}),
});

/**
 * Verifies a compact JWS of `type` against `keys`, every rule in the module header applied.
 * Checks run in a fixed order (structure, header, key, algorithm, signature, payload, key status)
 * so a document gets the same code wherever it is verified.
 */
export function verifyCompactJws<T>(jws: unknown, type: JwsType<T>, keys: KeyLookup): JwsVerification<T> {
  if (typeof jws !== 'string' || jws.length === 0) return fail('malformed', `The ${type.name} is empty or not a string.`);
  if (jws.length > type.maxLength) return fail('malformed', `The ${type.name} is longer than ${type.maxLength} characters.`);
  const parts = jws.split('.');
  if (parts.length !== 3) return fail('malformed', `A ${type.name} is a compact JWS with exactly three parts.`);
  const [headerB64, payloadB64, signatureB64] = parts as [string, string, string];

  let header: AcceptedHeader | string | undefined = headerOf(headerB64);
  if (header === undefined) {
    header = checkHeader(headerB64);
    if (typeof header === 'string') return fail('malformed', header);
    rememberHeader(headerB64, header);
  }
  const { alg, kid, typ } = header;
  if (typ !== type.typ) return fail('wrong_type', `The header typ must be "${type.typ}".`, kid);

  const key = keys(kid);
  if (!key) return fail('unknown_key', `The key id ${kid} is not in the key set: not one this service has published.`, kid);
  if (alg !== key.alg) return fail('malformed', `This key signs only with ${key.alg}; the ${type.name} says ${String(alg)}.`, kid);

  const signature = decodeBase64urlStrict(signatureB64);
  if (!signature || signature.length !== 64) return fail('bad_signature', 'The signature is not a 64-byte ES256 signature.', kid);
  if (!isLowS(signature)) return fail('bad_signature', 'The signature is not in canonical low-S form.', kid);
  // The signing input goes into a reused scratch buffer when it fits: the check is synchronous,
  // so nothing else can touch it meanwhile, and no native memory is taken per verification.
  // `latin1` keeps one byte per character; a non-ASCII character can then only break the match.
  const inputChars = headerB64.length + 1 + payloadB64.length;
  const signingInput =
    inputChars <= SIGNING_INPUT_SCRATCH.length
      ? SIGNING_INPUT_SCRATCH.subarray(0, SIGNING_INPUT_SCRATCH.write(jws, 0, inputChars, 'latin1'))
      : Buffer.from(jws.slice(0, inputChars), 'latin1');
  if (!cryptoVerify('sha256', signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) {
    return fail('bad_signature', `The signature does not match the ${type.name} content.`, kid);
  }

  const payloadBytes = decodeBase64urlStrict(payloadB64);
  const payload = payloadBytes && parseExactJson(payloadBytes);
  const parsed = payload === undefined ? ({ ok: false, message: 'the payload is not canonical base64url JSON' } as const) : type.parsePayload(payload);
  if (!parsed.ok) return fail('malformed', `The signed payload is not a ${type.name}: ${parsed.message}.`, kid);
  if (key.status === 'compromised') return fail('key_compromised', `The key ${kid} that signed this ${type.name} is marked compromised.`, kid);
  return { ok: true, payload: parsed.value, key };
}

/**
 * {@link verifyCompactJws} for callers that want an exception (documents loaded from files).
 * @throws {JwsRejectedError} naming why.
 */
export function verifyCompactJwsOrThrow<T>(jws: unknown, type: JwsType<T>, keys: KeyLookup): { readonly payload: T; readonly key: VerificationKey } {
  const result = verifyCompactJws(jws, type, keys);
  if (!result.ok) throw new JwsRejectedError(result.code, result.reason);
  return result;
}

/** The header checks that need no key; returns the accepted header, or why it was refused. */
function checkHeader(headerB64: string): AcceptedHeader | string {
  const bytes = decodeBase64urlStrict(headerB64);
  const header = bytes && parseExactJson(bytes);
  if (!header || typeof header !== 'object' || Array.isArray(header)) return 'The protected header is not canonical base64url JSON.';
  const members = Object.keys(header);
  if (members.length !== 3 || members[0] !== 'alg' || members[1] !== 'kid' || members[2] !== 'typ') {
    return 'The header must be exactly {alg, kid, typ}; other parameters (crit, jku, jwk, x5u, x5c, b64 …) are refused.';
  }
  const { alg, kid, typ } = header as Record<string, unknown>;
  if (typeof kid !== 'string' || kid.length === 0 || kid.length > 128) return 'The header has no usable key id.';
  return { alg, kid, typ };
}
