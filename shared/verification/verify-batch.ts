/**
 * Online verification of one token or many (`POST /verify`, the pages): each input is a token, a
 * verify URL (`…/v/{token}`) or a compact URL (`…/l/{id}`, checked by id: the label is looked up
 * in the store and its stored token verified). The keys every token names are resolved once for
 * the whole batch, then each token runs through {@link verifyOnline}. The single-token case is a
 * batch of one, so there is one path and it is the fast one.
 */
import { peekKid } from '../jws/compact-jws.ts';
import type { Keyring } from '../keys/keyring.ts';
import { LABEL_ID_PATTERN } from '../ids.ts';
import { parseLabelUrl } from '../label/label-urls.ts';
import type { LabelStore } from '../store/store.ts';
import type { LabelStatusSource } from './status/label-status-source.ts';
import type { TrustListSource } from './status/trust-list-source.ts';
import { verdict, type Verdict, type VerdictStatus } from './verdict.ts';
import { verifyOnline } from './verify-online.ts';

/** Dependencies of {@link verifyBatchOnline}. */
export interface VerifyBatchDeps {
  readonly keyring: Keyring;
  readonly statusSource: LabelStatusSource;
  readonly now: () => Date;
  /** Where a label id (from a compact `/l/{id}` URL) is looked up. */
  readonly store: Pick<LabelStore, 'getLabel'>;
  /** The scheme's trust list (verdicts then name the scheme and issuer); absent: no such fields. */
  readonly trustListSource?: TrustListSource;
}

/** What one input stands for: a token to verify, or a label id with no label on record. */
type Resolved = { readonly token: string } | { readonly unknownId: string };

/** The verdict for an id no label has here (what the `/l/{id}` page shows with its 404). */
export function unknownLabelId(now: Date): Verdict {
  return verdict('unknown_label', now, { reason: 'No label with this id is on record here.', statusSource: { kind: 'live', maxAgeSeconds: 0 } });
}

/** A token, the token of a verify URL, or the stored token of the label a compact URL names. */
async function resolve(deps: VerifyBatchDeps, input: string): Promise<Resolved> {
  const url = parseLabelUrl(input);
  if (url?.kind === 'token') return { token: url.token };
  if (url?.kind !== 'id') return { token: input.trim() };
  const token = await storedToken(deps, url.id);
  return token ? { token } : { unknownId: url.id };
}

/** The stored token of the label with this id (a URL may carry it in either case), if there is one. */
async function storedToken(deps: VerifyBatchDeps, id: string): Promise<string | undefined> {
  const normal = id.toLowerCase();
  return LABEL_ID_PATTERN.test(normal) ? (await deps.store.getLabel(normal))?.token : undefined;
}

/**
 * Verifies tokens, verify URLs and compact URLs in order; a failure of one never affects another
 * (when storage cannot say a label's status or read the trust list, genuine labels are `status_unavailable`).
 */
export async function verifyBatchOnline(deps: VerifyBatchDeps, inputs: readonly string[]): Promise<Verdict[]> {
  const resolved = await Promise.all(inputs.map((input) => resolve(deps, input)));
  const tokens = resolved.flatMap((r) => ('token' in r ? [r.token] : []));
  const [keys, trustList] = await Promise.all([
    deps.keyring.lookupFor(tokens.map(peekKid)),
    // A list that cannot be read makes genuine labels status_unavailable, never a failed call.
    tokens.length > 0 ? deps.trustListSource?.current().catch(() => 'unavailable' as const) : undefined,
  ]);
  const now = deps.now();
  const options = { keys, status: deps.statusSource, now, ...(trustList ? { trustList } : {}) };
  return Promise.all(resolved.map((r) => ('token' in r ? verifyOnline(r.token, options) : unknownLabelId(now))));
}

/** Verifies the label with this id (what `/l/{id}` and a compact URL ask for); `unknown_label` when there is none. */
export async function verifyLabelId(deps: VerifyBatchDeps, id: string): Promise<Verdict> {
  const token = await storedToken(deps, id);
  if (!token) return unknownLabelId(deps.now());
  const [v] = await verifyBatchOnline(deps, [token]);
  return v!;
}

/** Counts verdicts by status, for batch summaries. */
export function summarise(verdicts: readonly Verdict[]): Partial<Record<VerdictStatus, number>> & { total: number } {
  const summary: Partial<Record<VerdictStatus, number>> & { total: number } = { total: verdicts.length };
  for (const v of verdicts) summary[v.status] = (summary[v.status] ?? 0) + 1;
  return summary;
}
