/**
 * The hostile-token corpus: forged, tampered and malleated label tokens, each with the verdict it
 * must get. Built from a genuine token and the service's REAL signing key, so the attacks that
 * need a genuine signature (reordered header, duplicate members, non-canonical payload text …)
 * prove that strict parsing, not a broken signature, is what refuses them.
 */
import { createHmac, createPublicKey } from 'node:crypto';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { joseToDer } from '../../shared/jws/ecdsa-p256.ts';
import type { JwsFailureCode } from '../../shared/jws/compact-jws.ts';
import { LABEL_TOKEN_TYPE, type LabelClaims } from '../../shared/label/claims.ts';
import { MAX_TOKEN_LENGTH } from '../../shared/tokens/label-token.ts';
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

/** One attack on any token type: a token and the exact JWS core code it must get. */
export interface JwsAttack {
  readonly name: string;
  readonly token: string;
  readonly expected: JwsFailureCode;
}

/** What the generic corpus is built from: one genuine document of `typ`, signed with `signer`. */
export interface JwsCorpusInput {
  readonly typ: string;
  /** The type's size limit: an attack one character over it must be refused. */
  readonly maxLength: number;
  readonly signer: LocalKeySigner;
  readonly genuine: string;
  /** A key published as `compromised`. */
  readonly compromised: LocalKeySigner;
}

/**
 * The attacks that apply to every token type: algorithm confusion, foreign keys, header shape,
 * payload text, tampering, signature encodings, structure and size. Each expects the exact code
 * of the JWS core, whatever the payload schema. Payloads must be JSON objects.
 */
export function buildJwsCorpus(input: JwsCorpusInput): JwsAttack[] {
  const { typ, signer, genuine, compromised } = input;
  const attacker = LocalKeySigner.generate();
  const [hB64, pB64, sB64] = genuine.split('.') as [string, string, string];
  const payload = JSON.parse(fromB64(pB64).toString('utf8')) as Record<string, unknown>;
  const payloadText = JSON.stringify(payload);
  const [firstMember] = Object.keys(payload) as [string];
  const kid = signer.kid;
  const pem = createPublicKey({ key: { ...signer.publicJwk }, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
  const headerOf = (k: string) => JSON.stringify({ alg: 'ES256', kid: k, typ });
  const header = (extra: Record<string, unknown>) => JSON.stringify({ alg: 'ES256', kid, typ, ...extra });
  const sign = (h: string | Buffer, p: string | Buffer, s: LocalKeySigner = signer) => signTexts(h, p, s);
  const altered = JSON.stringify({
    ...payload,
    [firstMember]: typeof payload[firstMember] === 'number' ? Number(payload[firstMember]) + 1 : `${String(payload[firstMember])}x`,
  });
  const trailing = (b64(payloadText).length * 6) % 8 !== 0 ? withTrailingBits(pB64) : undefined;

  const attacks: Array<JwsAttack | undefined> = [
    // ── algorithm confusion ────────────────────────────────────────────────
    ...['none', 'None', 'NONE', 'nOnE'].map((alg) => ({
      name: `alg "${alg}" with an empty signature`,
      token: `${b64(JSON.stringify({ alg, kid, typ }))}.${pB64}.`,
      expected: 'malformed' as const,
    })),
    { name: 'alg "none" keeping the genuine signature', token: `${b64(JSON.stringify({ alg: 'none', kid, typ }))}.${pB64}.${sB64}`, expected: 'malformed' },
    { name: 'alg "none" header without kid', token: `${b64(JSON.stringify({ alg: 'none', typ }))}.${pB64}.`, expected: 'malformed' },
    { name: 'HS256 with the public key PEM as HMAC secret', token: hs256(JSON.stringify({ alg: 'HS256', kid, typ }), payloadText, pem), expected: 'malformed' },
    {
      name: 'HS256 with the public JWK JSON as HMAC secret',
      token: hs256(JSON.stringify({ alg: 'HS256', kid, typ }), payloadText, JSON.stringify(signer.publicJwk)),
      expected: 'malformed',
    },
    { name: 'ES384 claimed for our ES256 key', token: sign(JSON.stringify({ alg: 'ES384', kid, typ }), payloadText), expected: 'malformed' },

    // ── wrong or foreign keys ──────────────────────────────────────────────
    { name: "attacker's ES256 signature under our key id", token: sign(headerOf(kid), payloadText, attacker), expected: 'bad_signature' },
    { name: "attacker's ES256 signature under its own key id", token: sign(headerOf(attacker.kid), payloadText, attacker), expected: 'unknown_key' },
    { name: 'made-up key id', token: `${b64(headerOf('A'.repeat(43)))}.${pB64}.${sB64}`, expected: 'unknown_key' },
    { name: 'signed by a key marked compromised', token: sign(headerOf(compromised.kid), payloadText, compromised), expected: 'key_compromised' },
    { name: 'jwk header embedding the attacker key', token: sign(header({ jwk: { ...attacker.publicJwk } }), payloadText, attacker), expected: 'malformed' },
    {
      name: 'jku header pointing at an attacker JWKS',
      token: sign(header({ jku: 'https://attacker.example/jwks.json' }), payloadText, attacker),
      expected: 'malformed',
    },
    {
      name: 'x5u header pointing at an attacker certificate',
      token: sign(header({ x5u: 'https://attacker.example/cert.pem' }), payloadText, attacker),
      expected: 'malformed',
    },
    { name: 'x5c header with an attacker certificate chain', token: sign(header({ x5c: ['MIIBattacker'] }), payloadText, attacker), expected: 'malformed' },
    { name: 'unknown crit extension (signed with our key)', token: sign(header({ crit: ['exp-ext'], 'exp-ext': true }), payloadText), expected: 'malformed' },
    { name: 'b64:false unencoded payload (signed with our key)', token: sign(header({ b64: false, crit: ['b64'] }), payloadText), expected: 'malformed' },

    // ── header shape (each genuinely signed with our key) ──────────────────
    { name: 'typ "JWT"', token: sign(JSON.stringify({ alg: 'ES256', kid, typ: 'JWT' }), payloadText), expected: 'wrong_type' },
    { name: 'typ in other case', token: sign(JSON.stringify({ alg: 'ES256', kid, typ: typ.toUpperCase() }), payloadText), expected: 'wrong_type' },
    { name: 'typ missing', token: sign(JSON.stringify({ alg: 'ES256', kid }), payloadText), expected: 'malformed' },
    { name: 'header members reordered', token: sign(JSON.stringify({ kid, alg: 'ES256', typ }), payloadText), expected: 'malformed' },
    {
      name: 'duplicate alg in header (last one wins in JSON.parse)',
      token: sign(`{"alg":"none","alg":"ES256","kid":"${kid}","typ":"${typ}"}`, payloadText),
      expected: 'malformed',
    },
    { name: 'whitespace in header JSON', token: sign(`{"alg": "ES256","kid":"${kid}","typ":"${typ}"}`, payloadText), expected: 'malformed' },
    { name: 'header is a JSON array', token: sign(JSON.stringify(['ES256', kid]), payloadText), expected: 'malformed' },
    {
      name: 'non-UTF-8 bytes in header',
      token: sign(Buffer.concat([Buffer.from(`{"alg":"ES256","kid":"${kid}","typ":"`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), payloadText),
      expected: 'malformed',
    },

    // ── payload text (each genuinely signed with our key) ──────────────────
    {
      name: 'duplicate member in payload (signed)',
      token: sign(headerOf(kid), payloadText.replace(`"${firstMember}":`, `"${firstMember}":${JSON.stringify(payload[firstMember])},"${firstMember}":`)),
      expected: 'malformed',
    },
    { name: 'whitespace in payload JSON (signed)', token: sign(headerOf(kid), JSON.stringify(payload, null, 1)), expected: 'malformed' },
    {
      name: 'non-UTF-8 bytes in payload (signed)',
      token: sign(headerOf(kid), Buffer.concat([Buffer.from(payloadText.slice(0, -1)), Buffer.from(',"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')])),
      expected: 'malformed',
    },
    trailing !== undefined
      ? { name: 'payload with non-canonical trailing bits (signed)', token: signParts(hB64, trailing, signer), expected: 'malformed' }
      : undefined,
    { name: 'unknown extra member (signed)', token: sign(headerOf(kid), JSON.stringify({ ...payload, adm: true })), expected: 'malformed' },
    {
      name: `required member ${firstMember} missing (signed)`,
      token: sign(headerOf(kid), JSON.stringify(Object.fromEntries(Object.entries(payload).filter(([k]) => k !== firstMember)))),
      expected: 'malformed',
    },
    { name: 'payload is JSON null (signed)', token: sign(headerOf(kid), 'null'), expected: 'malformed' },
    { name: 'payload is a JSON array (signed)', token: sign(headerOf(kid), JSON.stringify([payload])), expected: 'malformed' },

    // ── tampering after signing ────────────────────────────────────────────
    { name: `${firstMember} altered after signing`, token: `${hB64}.${b64(altered)}.${sB64}`, expected: 'bad_signature' },
    { name: 'header kid altered after signing (to the attacker kid)', token: `${b64(headerOf(attacker.kid))}.${pB64}.${sB64}`, expected: 'unknown_key' },
    {
      name: 'signature of another genuine document spliced in',
      token: `${hB64}.${pB64}.${sign(headerOf(kid), altered).split('.')[2]!}`,
      expected: 'bad_signature',
    },

    // ── signature encodings ────────────────────────────────────────────────
    { name: 'signature truncated by one byte', token: `${hB64}.${pB64}.${b64(fromB64(sB64).subarray(0, 63))}`, expected: 'bad_signature' },
    { name: 'signature padded with a zero byte', token: `${hB64}.${pB64}.${b64(Buffer.concat([fromB64(sB64), Buffer.from([0])]))}`, expected: 'bad_signature' },
    { name: 'signature with base64 "=" padding', token: `${hB64}.${pB64}.${sB64}==`, expected: 'bad_signature' },
    fromB64(sB64).toString('base64').replace(/=+$/, '') !== sB64
      ? {
          name: 'signature in standard base64 alphabet',
          token: `${hB64}.${pB64}.${fromB64(sB64).toString('base64').replace(/=+$/, '')}`,
          expected: 'bad_signature',
        }
      : undefined,
    { name: 'signature as DER instead of raw r||s', token: `${hB64}.${pB64}.${b64(Buffer.from(joseToDer(fromB64(sB64))))}`, expected: 'bad_signature' },
    { name: 'high-S twin of the genuine signature', token: highSTwin(genuine), expected: 'bad_signature' },
    { name: 'signature with non-zero trailing bits', token: `${hB64}.${pB64}.${withTrailingBits(sB64)}`, expected: 'bad_signature' },
    { name: 'all-zero signature', token: `${hB64}.${pB64}.${b64(Buffer.alloc(64))}`, expected: 'bad_signature' },

    // ── structure and size ─────────────────────────────────────────────────
    { name: 'two parts', token: `${hB64}.${pB64}`, expected: 'malformed' },
    { name: 'four parts', token: `${genuine}.${sB64}`, expected: 'malformed' },
    { name: 'JWE-shaped five parts', token: `${hB64}..${pB64}.${sB64}.${sB64}`, expected: 'malformed' },
    input.maxLength <= 1_000_000
      ? {
          name: `just over the ${input.maxLength}-character cap`,
          token: `${hB64}.${pB64}${'A'.repeat(Math.max(0, input.maxLength + 1 - genuine.length))}.${sB64}`,
          expected: 'malformed',
        }
      : undefined,
    { name: 'non-ASCII characters in the payload segment', token: `${hB64}.${pB64}é.${sB64}`, expected: 'bad_signature' },
    { name: 'non-ASCII character in the header segment', token: `${hB64}é.${pB64}.${sB64}`, expected: 'malformed' },
    // U+0141 narrows to "A" under a lossy ASCII conversion: the signature may then "match", but
    // the segment is not base64url, so the document must still be refused.
    widen(pB64) !== pB64
      ? { name: 'payload character widened beyond ASCII (lossy-encoding trick)', token: `${hB64}.${widen(pB64)}.${sB64}`, expected: 'malformed' }
      : undefined,
    { name: 'NUL byte in the token', token: `${hB64}\u0000.${pB64}.${sB64}`, expected: 'malformed' },
    { name: 'dots only', token: '..', expected: 'malformed' },
  ];
  return attacks.filter((a): a is JwsAttack => a !== undefined);
}

/** Verdicts speak only of labels: a document of another type is simply not a label token. */
export const verdictFor = (code: JwsFailureCode): VerdictStatus => (code === 'wrong_type' ? 'malformed' : code);

/**
 * The label corpus: every generic attack (as a verdict) plus those that need label claims. Every
 * entry's `expected` is a failing verdict; none is `valid`.
 */
export function buildAttackCorpus(input: CorpusInput): Attack[] {
  const { signer, genuine, compromised } = input;
  const [hB64, , sB64] = genuine.split('.') as [string, string, string];
  const claims = claimsOf(genuine) as unknown as Record<string, unknown>;
  const claimsText = JSON.stringify(claims);
  const generic = buildJwsCorpus({ typ: LABEL_TOKEN_TYPE, maxLength: MAX_TOKEN_LENGTH, signer, genuine, compromised });
  const labelOnly: Attack[] = [
    {
      name: 'duplicate pcf claim in payload (signed)',
      token: signTexts(headerTextFor(signer), claimsText.replace('"pcf":', '"pcf":"0.001","pcf":'), signer),
      expected: 'malformed',
    },
    {
      name: 'payload with non-canonical trailing bits, padded to have them (signed)',
      token: signParts(b64(headerTextFor(signer)), withTrailingBits(b64(padClaimsForTrailingBits(claims))), signer),
      expected: 'malformed',
    },
    { name: 'exp as a string (signed)', token: signClaims({ ...claims, exp: String(claims.exp) }, signer), expected: 'malformed' },
    { name: 'dig missing (signed)', token: signClaims(Object.fromEntries(Object.entries(claims).filter(([k]) => k !== 'dig')), signer), expected: 'malformed' },
    { name: 'footprint value altered after signing', token: `${hB64}.${b64(JSON.stringify({ ...claims, pcf: '0.001' }))}.${sB64}`, expected: 'bad_signature' },
    {
      name: 'validity extended after signing',
      token: `${hB64}.${b64(JSON.stringify({ ...claims, exp: Number(claims.exp) + 86_400 * 3650 }))}.${sB64}`,
      expected: 'bad_signature',
    },
    { name: 'huge token of 8000 characters', token: `${hB64}.${'A'.repeat(8000 - hB64.length - sB64.length - 2)}.${sB64}`, expected: 'malformed' },
  ];
  const all = [...generic.map((a) => ({ ...a, expected: verdictFor(a.expected) })), ...labelOnly];
  // Two recipes can yield the same token (e.g. one payload's first member); keep one of each.
  const seen = new Set<string>();
  return all.filter((a) => !seen.has(a.token) && seen.add(a.token));
}

/** Replaces the first ASCII letter by the code point 0x100 above it (same low byte). */
function widen(segment: string): string {
  const i = segment.search(/[A-Za-z]/);
  return i < 0 ? segment : segment.slice(0, i) + String.fromCharCode(segment.charCodeAt(i) + 0x100) + segment.slice(i + 1);
}
