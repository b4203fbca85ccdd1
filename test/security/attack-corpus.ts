/**
 * The hostile-token corpus: forged, tampered and malleated label tokens, each with the verdict it
 * must get. Built from a genuine token and the service's REAL signing key, so the attacks that
 * need a genuine signature (reordered header, duplicate members, non-canonical payload text …)
 * prove that strict parsing, not a broken signature, is what refuses them.
 */
import { createHmac, createPublicKey } from 'node:crypto';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { joseToDer } from '../../shared/jws/ecdsa-p256.ts';
import { LABEL_TOKEN_TYPE, type LabelClaims } from '../../shared/label/claims.ts';
import type { SigningKeyRecord } from '../../shared/keys/signing-key.ts';
import type { VerdictStatus } from '../../shared/verification/verdict.ts';

/** One attack: a token and the exact verdict code it must get. */
export interface Attack {
  readonly name: string;
  readonly token: string;
  readonly expected: VerdictStatus;
}

/** What the corpus is built from. */
export interface CorpusInput {
  /** The service's real signing key (loaded from `DATA_DIR/keys`). */
  readonly signer: LocalKeySigner;
  /** A genuine token the service issued with `signer`. */
  readonly genuine: string;
  /** A key published as `compromised` (its record must be known to the verifier). */
  readonly compromised: LocalKeySigner;
}

/** P-256 group order, to build the high-S twin of a signature. */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const b64 = (input: string | Uint8Array): string => Buffer.from(input as Uint8Array).toString('base64url');
const fromB64 = (text: string): Buffer => Buffer.from(text, 'base64url');

/** Signs `headerB64.payloadB64` as ES256 with `signer` (low-S, as the service does). */
export function signParts(headerB64: string, payloadB64: string, signer: LocalKeySigner): string {
  const raw = Buffer.from(signer.signSync(Buffer.from(`${headerB64}.${payloadB64}`, 'ascii')));
  return `${headerB64}.${payloadB64}.${b64(toLowS(raw))}`;
}

/** Signs exact header and payload JSON texts (no re-serialisation: what you write is signed). */
export function signTexts(headerText: string | Buffer, payloadText: string | Buffer, signer: LocalKeySigner): string {
  return signParts(b64(headerText), b64(payloadText), signer);
}

/** The header the service writes for `signer`. */
export function headerTextFor(signer: Pick<LocalKeySigner, 'kid'>): string {
  return JSON.stringify({ alg: 'ES256', kid: signer.kid, typ: LABEL_TOKEN_TYPE });
}

/** Signs claims exactly as the service would, with any key. */
export function signClaims(claims: LabelClaims | Record<string, unknown>, signer: LocalKeySigner): string {
  return signTexts(headerTextFor(signer), JSON.stringify(claims), signer);
}

/** The decoded claims of a token (no checks). */
export function claimsOf(token: string): LabelClaims {
  return JSON.parse(fromB64(token.split('.')[1]!).toString('utf8')) as LabelClaims;
}

/** The signing-key record a verifier would hold for `signer`. */
export function keyRecordFor(signer: LocalKeySigner, status: SigningKeyRecord['status'], createdAt = new Date().toISOString()): SigningKeyRecord {
  return {
    kid: signer.kid,
    alg: 'ES256',
    publicJwk: signer.publicJwk,
    status,
    createdAt,
    provider: { type: 'local' },
    ...(status === 'compromised' ? { compromisedAt: createdAt } : {}),
  };
}

function scalar(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

function toLowS(raw: Buffer): Buffer {
  const s = scalar(raw.subarray(32));
  if (s <= N >> 1n) return raw;
  return Buffer.concat([raw.subarray(0, 32), Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex')]);
}

/** The high-S twin of a low-S signature: mathematically valid, but a second encoding. */
export function highSTwin(token: string): string {
  const [h, p, sig] = token.split('.') as [string, string, string];
  const raw = fromB64(sig);
  const s = scalar(raw.subarray(32));
  const twin = Buffer.concat([raw.subarray(0, 32), Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex')]);
  return `${h}.${p}.${b64(twin)}`;
}

/**
 * The same bytes in a non-canonical base64url text: the last character carries unused trailing
 * bits, which lenient decoders ignore. Setting them yields a second text for the same bytes.
 */
export function withTrailingBits(segment: string): string {
  const unusedBits = (segment.length * 6) % 8;
  if (unusedBits === 0) throw new Error('this segment length has no trailing bits');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const last = alphabet.indexOf(segment.at(-1)!);
  return segment.slice(0, -1) + alphabet[last | 1]!;
}

/** Pads a payload so its base64url length leaves unused trailing bits. */
function padClaimsForTrailingBits(claims: Record<string, unknown>): string {
  for (let extra = 0; extra < 3; extra++) {
    const text = JSON.stringify({ ...claims, isn: `${String(claims.isn)}${' '.repeat(extra)}` });
    if ((b64(text).length * 6) % 8 !== 0) return text;
  }
  throw new Error('unreachable: one of three lengths leaves trailing bits');
}

/** An HS256 token (RFC 7515 A.1 style) using `secret` as the MAC key: the classic key-confusion attack. */
function hs256(headerText: string, payloadText: string, secret: string | Buffer): string {
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** Builds the corpus. Every entry's `expected` is a failing verdict; none is `valid`. */
export function buildAttackCorpus(input: CorpusInput): Attack[] {
  const { signer, genuine, compromised } = input;
  const attacker = LocalKeySigner.generate();
  const [hB64, pB64, sB64] = genuine.split('.') as [string, string, string];
  const claims = claimsOf(genuine) as unknown as Record<string, unknown>;
  const claimsText = JSON.stringify(claims);
  const kid = signer.kid;
  const pem = createPublicKey({ key: { ...signer.publicJwk }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
  const header = (extra: Record<string, unknown>) => JSON.stringify({ alg: 'ES256', kid, typ: LABEL_TOKEN_TYPE, ...extra });
  const attackerJwk = { ...attacker.publicJwk };

  const attacks: Attack[] = [
    // ── algorithm confusion ────────────────────────────────────────────────
    ...['none', 'None', 'NONE', 'nOnE'].map((alg) => ({
      name: `alg "${alg}" with an empty signature`,
      token: `${b64(JSON.stringify({ alg, kid, typ: LABEL_TOKEN_TYPE }))}.${pB64}.`,
      expected: 'malformed' as const,
    })),
    { name: 'alg "none" keeping the genuine signature', token: `${b64(JSON.stringify({ alg: 'none', kid, typ: LABEL_TOKEN_TYPE }))}.${pB64}.${sB64}`, expected: 'malformed' },
    { name: 'alg "none" header without kid', token: `${b64(JSON.stringify({ alg: 'none', typ: LABEL_TOKEN_TYPE }))}.${pB64}.`, expected: 'malformed' },
    { name: 'HS256 with the public key PEM as HMAC secret', token: hs256(JSON.stringify({ alg: 'HS256', kid, typ: LABEL_TOKEN_TYPE }), claimsText, pem), expected: 'malformed' },
    { name: 'HS256 with the public JWK JSON as HMAC secret', token: hs256(JSON.stringify({ alg: 'HS256', kid, typ: LABEL_TOKEN_TYPE }), claimsText, JSON.stringify(signer.publicJwk)), expected: 'malformed' },
    { name: 'ES384 claimed for our ES256 key', token: signTexts(JSON.stringify({ alg: 'ES384', kid, typ: LABEL_TOKEN_TYPE }), claimsText, signer), expected: 'malformed' },

    // ── wrong or foreign keys ──────────────────────────────────────────────
    { name: "attacker's ES256 signature under our key id", token: signTexts(headerTextFor({ kid }), claimsText, attacker), expected: 'bad_signature' },
    { name: "attacker's ES256 signature under its own key id", token: signClaims(claims, attacker), expected: 'unknown_key' },
    { name: 'made-up key id', token: `${b64(JSON.stringify({ alg: 'ES256', kid: 'A'.repeat(43), typ: LABEL_TOKEN_TYPE }))}.${pB64}.${sB64}`, expected: 'unknown_key' },
    { name: 'signed by a key marked compromised', token: signClaims(claims, compromised), expected: 'key_compromised' },
    { name: 'jwk header embedding the attacker key', token: signTexts(header({ jwk: attackerJwk }), claimsText, attacker), expected: 'malformed' },
    { name: 'jku header pointing at an attacker JWKS', token: signTexts(header({ jku: 'https://attacker.example/jwks.json' }), claimsText, attacker), expected: 'malformed' },
    { name: 'x5u header pointing at an attacker certificate', token: signTexts(header({ x5u: 'https://attacker.example/cert.pem' }), claimsText, attacker), expected: 'malformed' },
    { name: 'x5c header with an attacker certificate chain', token: signTexts(header({ x5c: ['MIIBattacker'] }), claimsText, attacker), expected: 'malformed' },
    { name: 'unknown crit extension (signed with our key)', token: signTexts(header({ crit: ['exp-ext'], 'exp-ext': true }), claimsText, signer), expected: 'malformed' },
    { name: 'b64:false unencoded payload (signed with our key)', token: signTexts(header({ b64: false, crit: ['b64'] }), claimsText, signer), expected: 'malformed' },

    // ── header shape (each genuinely signed with our key) ──────────────────
    { name: 'typ "JWT"', token: signTexts(JSON.stringify({ alg: 'ES256', kid, typ: 'JWT' }), claimsText, signer), expected: 'malformed' },
    { name: 'typ in other case', token: signTexts(JSON.stringify({ alg: 'ES256', kid, typ: LABEL_TOKEN_TYPE.toUpperCase() }), claimsText, signer), expected: 'malformed' },
    { name: 'typ missing', token: signTexts(JSON.stringify({ alg: 'ES256', kid }), claimsText, signer), expected: 'malformed' },
    { name: 'header members reordered', token: signTexts(JSON.stringify({ kid, alg: 'ES256', typ: LABEL_TOKEN_TYPE }), claimsText, signer), expected: 'malformed' },
    { name: 'duplicate alg in header (last one wins in JSON.parse)', token: signTexts(`{"alg":"none","alg":"ES256","kid":"${kid}","typ":"${LABEL_TOKEN_TYPE}"}`, claimsText, signer), expected: 'malformed' },
    { name: 'whitespace in header JSON', token: signTexts(`{"alg": "ES256","kid":"${kid}","typ":"${LABEL_TOKEN_TYPE}"}`, claimsText, signer), expected: 'malformed' },
    { name: 'header is a JSON array', token: signTexts(JSON.stringify(['ES256', kid]), claimsText, signer), expected: 'malformed' },
    { name: 'non-UTF-8 bytes in header', token: signTexts(Buffer.concat([Buffer.from(`{"alg":"ES256","kid":"${kid}","typ":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), claimsText, signer), expected: 'malformed' },

    // ── payload shape (each genuinely signed with our key) ─────────────────
    { name: 'duplicate pcf claim in payload (signed)', token: signTexts(headerTextFor(signer), claimsText.replace('"pcf":', '"pcf":"0.001","pcf":'), signer), expected: 'malformed' },
    { name: 'whitespace in payload JSON (signed)', token: signTexts(headerTextFor(signer), JSON.stringify(claims, null, 1), signer), expected: 'malformed' },
    { name: 'non-UTF-8 bytes in payload (signed)', token: signTexts(headerTextFor(signer), Buffer.concat([Buffer.from(claimsText.slice(0, -1)), Buffer.from(',"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), signer), expected: 'malformed' },
    { name: 'payload with non-canonical trailing bits (signed)', token: (() => { const p = withTrailingBits(b64(padClaimsForTrailingBits(claims))); return signParts(b64(headerTextFor(signer)), p, signer); })(), expected: 'malformed' },
    { name: 'unknown extra claim (signed)', token: signClaims({ ...claims, adm: true }, signer), expected: 'malformed' },
    { name: 'exp as a string (signed)', token: signClaims({ ...claims, exp: String(claims.exp) }, signer), expected: 'malformed' },
    { name: 'dig missing (signed)', token: signClaims(Object.fromEntries(Object.entries(claims).filter(([k]) => k !== 'dig')), signer), expected: 'malformed' },
    { name: 'payload is JSON null (signed)', token: signTexts(headerTextFor(signer), 'null', signer), expected: 'malformed' },

    // ── tampering after signing ────────────────────────────────────────────
    { name: 'footprint value altered after signing', token: `${hB64}.${b64(JSON.stringify({ ...claims, pcf: '0.001' }))}.${sB64}`, expected: 'bad_signature' },
    { name: 'validity extended after signing', token: `${hB64}.${b64(JSON.stringify({ ...claims, exp: Number(claims.exp) + 86_400 * 3650 }))}.${sB64}`, expected: 'bad_signature' },
    { name: 'header kid altered after signing (to the attacker kid)', token: `${b64(headerTextFor(attacker))}.${pB64}.${sB64}`, expected: 'unknown_key' },
    { name: 'signature of another genuine token spliced in', token: `${hB64}.${pB64}.${signClaims({ ...claims, pcf: '1' }, signer).split('.')[2]!}`, expected: 'bad_signature' },

    // ── signature encodings ────────────────────────────────────────────────
    { name: 'signature truncated by one byte', token: `${hB64}.${pB64}.${b64(fromB64(sB64).subarray(0, 63))}`, expected: 'bad_signature' },
    { name: 'signature padded with a zero byte', token: `${hB64}.${pB64}.${b64(Buffer.concat([fromB64(sB64), Buffer.from([0])]))}`, expected: 'bad_signature' },
    { name: 'signature with base64 "=" padding', token: `${hB64}.${pB64}.${sB64}==`, expected: 'bad_signature' },
    { name: 'signature in standard base64 alphabet', token: `${hB64}.${pB64}.${fromB64(sB64).toString('base64').replace(/=+$/, '')}`, expected: fromB64(sB64).toString('base64').replace(/=+$/, '') === sB64 ? 'valid' : 'bad_signature' },
    { name: 'signature as DER instead of raw r||s', token: `${hB64}.${pB64}.${b64(Buffer.from(joseToDer(fromB64(sB64))))}`, expected: 'bad_signature' },
    { name: 'high-S twin of the genuine signature', token: highSTwin(genuine), expected: 'bad_signature' },
    { name: 'signature with non-zero trailing bits', token: `${hB64}.${pB64}.${withTrailingBits(sB64)}`, expected: 'bad_signature' },
    { name: 'all-zero signature', token: `${hB64}.${pB64}.${b64(Buffer.alloc(64))}`, expected: 'bad_signature' },

    // ── structure and size ─────────────────────────────────────────────────
    { name: 'two parts', token: `${hB64}.${pB64}`, expected: 'malformed' },
    { name: 'four parts', token: `${genuine}.${sB64}`, expected: 'malformed' },
    { name: 'JWE-shaped five parts', token: `${hB64}..${pB64}.${sB64}.${sB64}`, expected: 'malformed' },
    { name: 'huge token just over the 4096 cap', token: `${hB64}.${pB64}${'A'.repeat(Math.max(0, 4097 - genuine.length))}.${sB64}`, expected: 'malformed' },
    { name: 'huge token of 8000 characters', token: `${hB64}.${'A'.repeat(8000 - hB64.length - sB64.length - 2)}.${sB64}`, expected: 'malformed' },
    { name: 'non-ASCII characters in the payload segment', token: `${hB64}.${pB64}é.${sB64}`, expected: 'bad_signature' },
    { name: 'non-ASCII character in the header segment', token: `${hB64}é.${pB64}.${sB64}`, expected: 'malformed' },
    // U+0141 narrows to "A" under a lossy ASCII conversion: the signature may then "match", but
    // the segment is not base64url, so the token must still be refused.
    { name: 'payload character widened beyond ASCII (lossy-encoding trick)', token: `${hB64}.${widen(pB64)}.${sB64}`, expected: widen(pB64) === pB64 ? 'valid' : 'malformed' },
    { name: 'NUL byte in the token', token: `${hB64}\u0000.${pB64}.${sB64}`, expected: 'malformed' },
    { name: 'dots only', token: '..', expected: 'malformed' },
  ];
  // The "standard alphabet" entry is only an attack when the texts differ; drop it otherwise.
  return attacks.filter((a) => a.expected !== 'valid');
}

/** Replaces the first ASCII letter by the code point 0x100 above it (same low byte). */
function widen(segment: string): string {
  const i = segment.search(/[A-Za-z]/);
  return i < 0 ? segment : segment.slice(0, i) + String.fromCharCode(segment.charCodeAt(i) + 0x100) + segment.slice(i + 1);
}

