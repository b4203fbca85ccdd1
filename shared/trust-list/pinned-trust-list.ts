/**
 * Pinned acceptance of trust lists: a verifier trusts a scheme by the RFC 7638 thumbprint of its
 * root key (the pin), never by the URL it fetched from. A list is accepted only when
 * - it is signed by the pinned root, or by a root the pinned root announced (`nextRoot`) in a list
 *   already accepted — the root-rotation chain, followed one link at a time;
 * - its `seq` is not lower than the one held (no rollback), and its scheme id is the held one's;
 * - it passes every rule of the JWS core and the payload schema.
 * The root's JWK travels inside the list; it is believed only once its thumbprint equals the
 * expected root, and the signature is then checked with exactly that key.
 */
import { createPublicKey } from 'node:crypto';
import { CarbonLabelError } from '../errors/errors.ts';
import { decodeBase64urlStrict } from '../jws/base64url.ts';
import { peekKid } from '../jws/compact-jws.ts';
import { jwkThumbprint } from '../jws/jwk-thumbprint.ts';
import type { VerificationKey } from '../keys/signing-key.ts';
import { verifyTrustListSignature } from '../tokens/trust-list-token.ts';
import type { TrustList } from './trust-list.ts';

/** Why a trust list was refused. */
export type TrustListRefusal =
  | 'malformed'
  | 'wrong_type'
  | 'bad_signature'
  | 'key_compromised'
  | 'unknown_key'
  | 'not_pinned_root'
  | 'rollback'
  | 'scheme_mismatch';

/** A trust list a pinned verifier would not accept. */
export class TrustListError extends CarbonLabelError {
  readonly code = 'invalid_trust_list';
  constructor(
    readonly refusal: TrustListRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** What a verifier holds for one scheme. */
export interface PinnedScheme {
  /** The thumbprint the verifier was told to trust. */
  readonly pin: string;
  /** The last accepted list, if any: its root (or the root it announced) may sign the next. */
  readonly held?: TrustList;
}

/** The roots that may sign the next list: the pinned one, then whatever the held list allows. */
export function acceptableRoots(scheme: PinnedScheme): string[] {
  if (!scheme.held) return [scheme.pin];
  return [scheme.held.root.kid, ...(scheme.held.nextRoot ? [scheme.held.nextRoot.kid] : [])];
}

/** The root JWK a list names, without trusting it yet (its thumbprint is compared by the caller). */
function namedRoot(jws: string): TrustList['root'] | undefined {
  const payload = jws.split('.')[1];
  const bytes = payload === undefined ? undefined : decodeBase64urlStrict(payload);
  try {
    const root =
      bytes && (JSON.parse(bytes.toString('utf8')) as { root?: { kid?: unknown; jwk?: { kty?: unknown; crv?: unknown; x?: unknown; y?: unknown } } }).root;
    const jwk = root?.jwk;
    if (!jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') return undefined;
    return { kid: String(root.kid), jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
  } catch {
    return undefined;
  }
}

/**
 * Accepts one trust list for a pinned scheme.
 * @throws {TrustListError} naming why it was refused.
 */
export function acceptTrustList(jws: string, scheme: PinnedScheme): TrustList {
  const allowed = acceptableRoots(scheme);
  const kid = peekKid(jws);
  if (kid === undefined || !allowed.includes(kid)) {
    throw new TrustListError('not_pinned_root', `The trust list is not signed by the pinned root (${allowed.join(' or ')}); it names ${kid ?? 'no key'}.`);
  }
  const root = namedRoot(jws);
  if (!root || jwkThumbprint(root.jwk) !== kid) {
    // Say what is wrong with the document itself first (e.g. a label token is wrong_type): the
    // core checks structure, header and typ before it asks for a key.
    const structural = verifyTrustListSignature(jws, () => undefined);
    if (!structural.ok && structural.code !== 'unknown_key') throw new TrustListError(structural.code, structural.reason);
    throw new TrustListError('not_pinned_root', 'The trust list does not carry the root key that its header names.');
  }
  let publicKey;
  try {
    publicKey = createPublicKey({ key: { ...root.jwk }, format: 'jwk' });
  } catch {
    throw new TrustListError('malformed', 'The root key in the trust list is not a P-256 public key.');
  }
  const key: VerificationKey = {
    kid,
    alg: 'ES256',
    status: 'active',
    publicKey,
    record: { kid, alg: 'ES256', publicJwk: root.jwk, status: 'active', createdAt: new Date(0).toISOString(), provider: { type: 'local' } },
  };
  const result = verifyTrustListSignature(jws, (k) => (k === kid ? key : undefined));
  if (!result.ok) throw new TrustListError(result.code, result.reason);
  const list = result.payload;
  if (scheme.held) {
    if (list.scheme.id !== scheme.held.scheme.id)
      throw new TrustListError('scheme_mismatch', `The trust list is for scheme ${list.scheme.id}, not ${scheme.held.scheme.id}.`);
    if (list.seq < scheme.held.seq)
      throw new TrustListError('rollback', `The trust list has seq ${list.seq}, lower than the ${scheme.held.seq} already held: a replayed older list.`);
  }
  return list;
}

/**
 * Follows a root-rotation chain: `lists` in order, each accepted against the one before (the
 * first against the pin alone, or the held list). Returns the last.
 * @throws {TrustListError} at the first list refused.
 */
export function followTrustListChain(lists: readonly string[], scheme: PinnedScheme): TrustList {
  let held = scheme.held;
  for (const jws of lists) held = acceptTrustList(jws, { pin: scheme.pin, ...(held ? { held } : {}) });
  if (!held) throw new TrustListError('malformed', 'No trust list was given.');
  return held;
}
