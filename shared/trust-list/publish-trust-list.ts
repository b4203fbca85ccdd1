/**
 * Publishing the scheme's trust list: read everything a pinned verifier must know from the store
 * (every label signing key with its period, every issuer with its accreditations), sign it with
 * the scheme root, and store it with the next `seq`.
 *
 * `seq` only grows: `putTrustList` is one conditional write that refuses a `seq` not above the
 * stored one, so when two publishers race, one wins and the other re-reads the stored `seq` and
 * builds again (from a fresh read of the store, so the winner of the retry is never older than
 * what either saw). The list is rebuilt from the store each time, never patched, so a publish
 * always describes the whole current state.
 */
import type { Accreditation } from '../accreditation/accreditation.ts';
import { ServiceUnavailableError } from '../errors/errors.ts';
import type { Issuer } from '../issuers/issuer.ts';
import type { SigningKeyRecord } from '../keys/signing-key.ts';
import type { SchemeIdentity } from '../scheme/scheme.ts';
import type { Signer } from '../signing/signer.ts';
import type { SignerSource } from '../signing/signer-source.ts';
import type { AccreditationStore, IssuerStore, SigningKeyStore, StoredTrustList, TrustListStore } from '../store/store.ts';
import { signTrustList } from '../tokens/trust-list-token.ts';
import {
  TRUST_LIST_VERSION,
  TrustListPayloadSchema,
  type ListedAccreditation,
  type ListedIssuer,
  type ListedSigningKey,
  type TrustList,
} from './trust-list.ts';

/** Default time from one list's `iat` to its `nxt`. */
export const DEFAULT_TRUST_LIST_VALIDITY_HOURS = 24;

/** Attempts at storing a list before giving up when other publishers keep winning. */
const PUBLISH_ATTEMPTS = 5;

/** Page size when reading issuers. */
const ISSUER_PAGE = 100;

/** How a deployment publishes its trust list (the admin function's, and the local server's). */
export interface TrustListPublishing {
  readonly scheme: SchemeIdentity;
  /** The scheme root: signs trust lists only, never labels. */
  readonly root: SignerSource;
  /**
   * Root rotation, announce phase: the root that will sign the next lists. Only its public key is
   * read; every list the current root signs meanwhile names it as `nextRoot`.
   */
  readonly nextRoot?: PublicKeySource;
  /** Seconds from `iat` to `nxt`. */
  readonly validitySeconds: number;
  /** Called after a list was stored (e.g. to invalidate a cached trust-list source in this process). */
  readonly onPublished?: (list: StoredTrustList) => void;
}

/** Where a public key comes from (a signer is one; the next root needs nothing more). */
export interface PublicKeySource {
  current(): Promise<Pick<Signer, 'kid' | 'publicJwk'>>;
}

/** What publishing needs. */
export interface PublishTrustListDeps {
  readonly store: Pick<IssuerStore, 'listIssuers'> &
    Pick<SigningKeyStore, 'listSigningKeys'> &
    Pick<AccreditationStore, 'listAllAccreditations'> &
    TrustListStore;
  readonly trustList: TrustListPublishing;
  readonly now: () => Date;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** A signing key as the list carries it. */
export function toListedKey(record: SigningKeyRecord): ListedSigningKey {
  // Until: when it stopped signing, whichever came first for a key retired before it was compromised.
  const until = record.retiredAt ?? record.compromisedAt;
  return {
    kid: record.kid,
    alg: record.alg,
    jwk: { kty: record.publicJwk.kty, crv: record.publicJwk.crv, x: record.publicJwk.x, y: record.publicJwk.y },
    status: record.status,
    from: seconds(record.createdAt),
    ...(until ? { until: seconds(until) } : {}),
  };
}

/** An accreditation as the list carries it (no reasons: those stay with the operator). */
export function toListedAccreditation(a: Accreditation): ListedAccreditation {
  return {
    id: a.id,
    productCategories: [...a.productCategories],
    ...(a.standards ? { standards: [...a.standards] } : {}),
    ...(a.markets ? { markets: [...a.markets] } : {}),
    ...(a.gtinPrefixes ? { gtinPrefixes: [...a.gtinPrefixes] } : {}),
    from: seconds(a.from),
    validUntil: seconds(a.validUntil),
    accreditedBy: a.accreditedBy,
    reference: a.reference,
    status: a.status,
    ...(a.statusAt ? { statusAt: seconds(a.statusAt) } : {}),
  };
}

/** An issuer and its accreditations as the list carries them. */
export function toListedIssuer(issuer: Issuer, accreditations: readonly Accreditation[]): ListedIssuer {
  return {
    id: issuer.id,
    name: issuer.name,
    role: issuer.role,
    status: issuer.status,
    accreditations: accreditations.map(toListedAccreditation),
  };
}

async function readIssuers(store: PublishTrustListDeps['store']): Promise<Issuer[]> {
  const issuers: Issuer[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listIssuers({ limit: ISSUER_PAGE, ...(cursor ? { cursor } : {}) });
    issuers.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return issuers;
}

const rootKey = (key: Pick<Signer, 'kid' | 'publicJwk'>): TrustList['root'] => ({
  kid: key.kid,
  jwk: { kty: key.publicJwk.kty, crv: key.publicJwk.crv, x: key.publicJwk.x, y: key.publicJwk.y },
});

/** Builds the payload of the list that would follow `seq`, from the store as it is now. */
export async function buildTrustList(deps: PublishTrustListDeps, seq: number): Promise<TrustList> {
  const [root, nextRoot, keys, issuers, accreditations] = await Promise.all([
    deps.trustList.root.current(),
    deps.trustList.nextRoot?.current(),
    deps.store.listSigningKeys(),
    readIssuers(deps.store),
    deps.store.listAllAccreditations(),
  ]);
  const byIssuer = new Map<string, Accreditation[]>();
  for (const a of accreditations) {
    const list = byIssuer.get(a.issuerId);
    if (list) list.push(a);
    else byIssuer.set(a.issuerId, [a]);
  }
  const iat = Math.floor(deps.now().getTime() / 1000);
  const list: TrustList = {
    v: TRUST_LIST_VERSION,
    scheme: { id: deps.trustList.scheme.id, name: deps.trustList.scheme.name },
    seq,
    iat,
    nxt: iat + deps.trustList.validitySeconds,
    root: rootKey(root),
    ...(nextRoot ? { nextRoot: rootKey(nextRoot) } : {}),
    keys: [...keys].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.kid.localeCompare(b.kid)).map(toListedKey),
    issuers: issuers.map((issuer) => toListedIssuer(issuer, byIssuer.get(issuer.id) ?? [])),
  };
  // Never sign a list a verifier would refuse (e.g. a stored value beyond the list's limits).
  const checked = TrustListPayloadSchema.safeParse(list);
  if (!checked.success) {
    const where = checked.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`the trust list built from storage breaks its schema, not published: ${where.join('; ')}`);
  }
  return list;
}

/**
 * Builds, signs and stores the next trust list; returns what was stored.
 * @throws {ServiceUnavailableError} when other publishers kept winning, or storage or the root
 *   could not be reached.
 */
export async function publishTrustList(deps: PublishTrustListDeps): Promise<StoredTrustList> {
  const root = await deps.trustList.root.current();
  for (let attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
    const stored = await deps.store.getTrustList();
    const payload = await buildTrustList(deps, (stored?.seq ?? 0) + 1);
    const signed = await signTrustList(payload, root);
    const record: StoredTrustList = {
      seq: payload.seq,
      jws: signed.jws,
      etag: signed.etag,
      issuedAt: new Date(payload.iat * 1000).toISOString(),
      nextUpdate: new Date(payload.nxt * 1000).toISOString(),
    };
    if ((await deps.store.putTrustList(record)) === 'stored') {
      deps.trustList.onPublished?.(record);
      return record;
    }
  }
  throw new ServiceUnavailableError(`trust list not published: ${PUBLISH_ATTEMPTS} other publishers stored a list first; retry`);
}

/**
 * `true` when the stored list is missing, or more than half its validity has passed at `now`
 * (the periodic republish: a verifier fetching at `nxt` always finds a list fresher than its own).
 */
export function trustListIsDue(stored: Pick<StoredTrustList, 'issuedAt' | 'nextUpdate'> | undefined, now: Date): boolean {
  if (!stored) return true;
  const issued = Date.parse(stored.issuedAt);
  const next = Date.parse(stored.nextUpdate);
  return now.getTime() >= issued + (next - issued) / 2;
}
