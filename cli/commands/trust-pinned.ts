/**
 * Pinned trust: `trust pull` of a v2 bundle and `trust root`. A scheme is trusted by the RFC 7638
 * thumbprint of its root key (the pin), never by the URL: `--pin`, else the pin of the bundle
 * already held, else (trust on first use) the one the service's root document names, with a loud
 * warning to compare it out of band. A served trust list not signed by the pinned root (or by a
 * root that a held list announced), or with a lower `seq` than the one held, is refused and the
 * held bundle kept.
 */
import { peekKid } from '../../shared/jws/compact-jws.ts';
import { acceptTrustList, TrustListError } from '../../shared/trust-list/pinned-trust-list.ts';
import { ListedJwkSchema, type TrustList } from '../../shared/trust-list/trust-list.ts';
import * as z from 'zod';
import { jwkThumbprint } from '../../shared/jws/jwk-thumbprint.ts';
import { SCHEME_ID_PATTERN } from '../../shared/scheme/scheme.ts';
import { createPinnedTrustBundleFile, TrustBundleError, type TrustBundle, type TrustBundleV2File } from '../../shared/trust/trust-bundle.ts';
import { CliError } from '../cli-error.ts';
import { requestJson, requestText } from '../http-client.ts';
import { printable } from '../terminal-text.ts';

/** Shape of a pin: an RFC 7638 SHA-256 thumbprint, base64url. */
export const PIN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Where the service publishes its root document and trust list. */
export const ROOT_DOCUMENT_PATH = '/.well-known/carbon-label-root.json';
export const TRUST_LIST_PATH = '/trust-list';

/**
 * `GET /.well-known/carbon-label-root.json` as the CLI reads it (what a service says, untrusted):
 * believed only as far as its thumbprint is its key's; extra JWK members are dropped. What it says
 * is worth exactly as much as the channel it came by, hence the first-use warning.
 */
export const RootDocumentSchema = z
  .object({
    scheme: z.object({ id: z.string().regex(SCHEME_ID_PATTERN), name: z.string().min(1).max(200) }),
    jwk: z.object(ListedJwkSchema.shape),
    thumbprint: z.string().regex(PIN_PATTERN),
  })
  .refine((d) => jwkThumbprint(d.jwk) === d.thumbprint, { message: 'thumbprint is not the RFC 7638 thumbprint of jwk', path: ['thumbprint'] });

/** A parsed root document. */
export type RootDocument = z.infer<typeof RootDocumentSchema>;

/** Fetches and checks the root document (its thumbprint must be its key's). */
export async function fetchRootDocument(base: string): Promise<RootDocument> {
  const body = await requestJson('GET', `${base}${ROOT_DOCUMENT_PATH}`);
  const parsed = RootDocumentSchema.safeParse(body);
  if (!parsed.success) {
    throw new CliError(
      `${printable(base)}${ROOT_DOCUMENT_PATH} is not a valid root document: ${printable(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '))}`,
    );
  }
  return parsed.data;
}

/** Checks the shape of a pin given on the command line. */
export function parsePin(pin: string): string {
  const trimmed = pin.trim();
  if (!PIN_PATTERN.test(trimmed)) throw new CliError('--pin takes the scheme root thumbprint: 43 base64url characters (see "carbon-label trust root")', 2);
  return trimmed;
}

/**
 * The chain a bundle keeps: the held chain then the new list, without links a later list no longer
 * needs (of consecutive lists signed by one root only the last is kept), so it stays one list per root.
 */
export function compactChain(lists: readonly string[]): string[] {
  return lists.filter((jws, i) => i === lists.length - 1 || peekKid(jws) !== peekKid(lists[i + 1]!));
}

/**
 * A compromised key never becomes trusted again, even by a signed list: the service never
 * reinstates one, so a list that calls it active or retired again means the root signed a rolled-back
 * key record (or is itself in other hands). The pull is refused and the held bundle kept.
 * (A key the new list leaves out is harmless: its labels become `untrusted_scheme`.)
 */
function refuseUncompromised(held: TrustList, next: TrustList): void {
  const now = new Map(next.keys.map((k) => [k.kid, k.status]));
  for (const key of held.keys) {
    const status = now.get(key.kid);
    if (key.status === 'compromised' && status !== undefined && status !== 'compromised') {
      throw new CliError(
        `refusing the trust list (seq ${next.seq}): it lists key ${key.kid} as ${status}, but the list held (seq ${held.seq}) has it compromised; a compromised key is never trusted again, keeping the bundle held`,
      );
    }
  }
}

/** How the pin was chosen, for the warning and the report. */
export type PinOrigin = 'flag' | 'held' | 'first_use';

/** What a pinned pull produced. */
export interface PinnedPull {
  readonly file: TrustBundleV2File;
  readonly pin: string;
  readonly origin: PinOrigin;
}

/**
 * Pulls a pinned bundle from `base`. `held` is the bundle already at the target, if it loads.
 * @throws {CliError} when the served list is refused (nothing is written then).
 */
export async function pullPinned(base: string, options: { pin?: string; held?: TrustBundle; warn: (message: string) => void }): Promise<PinnedPull> {
  const heldPinned = options.held?.version === 2 ? options.held : undefined;
  let pin: string;
  let origin: PinOrigin;
  if (options.pin !== undefined) {
    pin = parsePin(options.pin);
    origin = 'flag';
  } else if (heldPinned?.pin) {
    pin = heldPinned.pin;
    origin = 'held';
  } else {
    const root = await fetchRootDocument(base);
    pin = root.thumbprint;
    origin = 'first_use';
    options.warn(
      `no --pin given and no pinned bundle held: trusting ${printable(root.scheme.name)} (${printable(root.scheme.id)}) on first use, with the root key ${pin} that ${printable(base)} itself names. Compare this pin with one obtained out of band (from the scheme operator) before relying on it; next time pass --pin ${pin}`,
    );
  }
  // A held list counts only if it is of the scheme pinned now (a new --pin starts afresh).
  const held = heldPinned && heldPinned.pin === pin ? heldPinned : undefined;
  if (heldPinned && !held) options.warn(`the bundle held is pinned to ${heldPinned.pin}, not ${pin}; it will be replaced`);
  const fetchedAt = new Date();
  const [served, revocations] = await Promise.all([
    requestText(`${base}${TRUST_LIST_PATH}`, { accept: 'application/jwt' }),
    requestText(`${base}/revocations`, { accept: 'application/jwt' }),
  ]);
  const jws = served.trim();
  try {
    const list = acceptTrustList(jws, { pin, ...(held?.trustList ? { held: held.trustList } : {}) });
    if (held?.trustList) refuseUncompromised(held.trustList, list);
  } catch (error) {
    if (error instanceof TrustListError) {
      const kept = held ? '; keeping the bundle held' : '';
      throw new CliError(`refusing the trust list ${printable(base)} served (${error.refusal}): ${printable(error.message)}${kept}`);
    }
    throw error;
  }
  const trustLists = compactChain([...(held?.trustLists ?? []), jws]);
  try {
    return { file: createPinnedTrustBundleFile({ source: base, fetchedAt, pin, trustLists, revocations }), pin, origin };
  } catch (error) {
    if (error instanceof TrustBundleError) throw new CliError(`refusing what ${printable(base)} served: ${printable(error.message)}`);
    throw error;
  }
}
