/** Verifying one or many tokens online, with keys pre-resolved once for the whole batch. */
import type { Keyring } from '../keys/keyring.ts';
import type { Verdict, VerdictStatus } from './verdict.ts';
import { peekKid, verifyLabelToken, type LabelStatusSource } from './verify-label.ts';
import { extractToken } from './verify-request.ts';

/** Dependencies of {@link verifyTokens}. */
export interface VerifyTokensDeps {
  readonly keyring: Keyring;
  readonly statusSource: LabelStatusSource;
  readonly now: () => Date;
}

/** Verifies tokens (or verify URLs) in order; a failure of one never affects another. */
export async function verifyTokens(deps: VerifyTokensDeps, inputs: readonly string[]): Promise<Verdict[]> {
  const tokens = inputs.map(extractToken);
  const keys = await deps.keyring.lookupFor(tokens.map(peekKid));
  const now = deps.now();
  return Promise.all(tokens.map((token) => verifyLabelToken(token, { keys, status: deps.statusSource, now })));
}

/** Counts verdicts by status, for batch summaries. */
export function summarise(verdicts: readonly Verdict[]): Partial<Record<VerdictStatus, number>> & { total: number } {
  const summary: Partial<Record<VerdictStatus, number>> & { total: number } = { total: verdicts.length };
  for (const v of verdicts) summary[v.status] = (summary[v.status] ?? 0) + 1;
  return summary;
}
