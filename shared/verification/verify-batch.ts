/**
 * Online verification of one token or many (`POST /verify`): the keys every token names are
 * resolved once for the whole batch, then each token runs through {@link verifyOnline}. The
 * single-token case is a batch of one, so there is one path and it is the fast one.
 */
import { peekKid } from '../jws/compact-jws.ts';
import type { Keyring } from '../keys/keyring.ts';
import type { LabelStatusSource } from './status/label-status-source.ts';
import type { Verdict, VerdictStatus } from './verdict.ts';
import { verifyOnline } from './verify-online.ts';
import { extractToken } from './verify-request.ts';

/** Dependencies of {@link verifyBatchOnline}. */
export interface VerifyBatchDeps {
  readonly keyring: Keyring;
  readonly statusSource: LabelStatusSource;
  readonly now: () => Date;
}

/** Verifies tokens (or verify URLs) in order; a failure of one never affects another. */
export async function verifyBatchOnline(deps: VerifyBatchDeps, inputs: readonly string[]): Promise<Verdict[]> {
  const tokens = inputs.map(extractToken);
  const keys = await deps.keyring.lookupFor(tokens.map(peekKid));
  const now = deps.now();
  return Promise.all(tokens.map((token) => verifyOnline(token, { keys, status: deps.statusSource, now })));
}

/** Counts verdicts by status, for batch summaries. */
export function summarise(verdicts: readonly Verdict[]): Partial<Record<VerdictStatus, number>> & { total: number } {
  const summary: Partial<Record<VerdictStatus, number>> & { total: number } = { total: verdicts.length };
  for (const v of verdicts) summary[v.status] = (summary[v.status] ?? 0) + 1;
  return summary;
}
