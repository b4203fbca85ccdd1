/**
 * `carbon-label labels reissue --status key_compromised`: replaces every label of the caller that
 * was signed by a key now marked compromised. Each one is issued again from its stored record
 * (the request fields only: product, footprint, verification, cbam and its original validUntil;
 * the service sets id, issuer and times again) under a derived `Idempotency-Key`, then the old
 * one is revoked with `supersededBy` set to the new id. Safe to run again: a label already
 * superseded is revoked and no longer listed, and one issued but not yet revoked (an interrupted
 * run) gets the same new label back from its key and is then revoked. The service remembers an
 * idempotency key for 24 hours, so resume an interrupted run within that window.
 */
import type { LabelResource } from '../../shared/label/label-resource.ts';
import { type LabelsApi, type Problem, ProblemError } from './labels-api.ts';

/** The body that issues `label` again: its request fields from the stored record. */
export function reissueRequest(label: LabelResource): Record<string, unknown> {
  const { product, footprint, verification, cbam, validUntil } = label.record;
  return { product, footprint, ...(verification ? { verification } : {}), ...(cbam ? { cbam } : {}), validUntil };
}

/** The `Idempotency-Key` of re-issuing `labelId`: the same on every run, so no label is issued twice. */
export const reissueIdempotencyKey = (labelId: string) => `reissue-${labelId}`;

/** The revocation reason of a superseded label. */
export const supersededReason = (newId: string) => `Superseded by label ${newId}: re-issued because the key that signed this label was compromised`;

export interface ReissueSummary {
  /** Old id, new id, and whether the new label came from an earlier (interrupted) run. */
  readonly reissued: { readonly from: string; readonly to: string; readonly replayed: boolean }[];
  /** Labels signed by a compromised key that are not re-issued, and why. */
  readonly skipped: { readonly id: string; readonly reason: string }[];
  /** Labels the service refused to re-issue or revoke: run again after fixing the cause. */
  readonly problems: { readonly id: string; readonly step: 'issue' | 'revoke'; readonly problem: Problem; readonly newId?: string }[];
}

/**
 * Re-issues every active label of the caller whose effective state is `key_compromised`.
 * A refusal of the caller (bad API key, suspended issuer) or a service that stays unavailable
 * stops the run (thrown); a refusal of one label is recorded and the run goes on.
 */
export async function reissueCompromised(api: LabelsApi, now: () => Date = () => new Date()): Promise<ReissueSummary> {
  const summary: ReissueSummary = { reissued: [], skipped: [], problems: [] };
  const labels = await api.listAll({ status: 'key_compromised' });
  for (const label of labels.reverse()) {
    // Oldest first, so the new labels keep the old ones' order (newest first) in `labels list`.
    if (label.status !== 'active') {
      summary.skipped.push({
        id: label.id,
        reason: label.revocation?.supersededBy ? `already superseded by ${label.revocation.supersededBy}` : 'revoked: withdrawn, not replaced',
      });
      continue;
    }
    if (Date.parse(label.validUntil) <= now().getTime()) {
      summary.skipped.push({ id: label.id, reason: `expired at ${label.validUntil}: nothing to replace` });
      continue;
    }
    const outcome = await api.issue(JSON.stringify(reissueRequest(label)), reissueIdempotencyKey(label.id));
    if ('problem' in outcome) {
      summary.problems.push({ id: label.id, step: 'issue', problem: outcome.problem });
      continue;
    }
    const newId = outcome.label.id;
    try {
      await api.revoke(label.id, supersededReason(newId), newId);
    } catch (error) {
      if (!(error instanceof ProblemError) || (error.problem.status ?? 0) >= 500 || error.problem.status === 401) throw error;
      summary.problems.push({ id: label.id, step: 'revoke', problem: error.problem, newId });
      continue;
    }
    summary.reissued.push({ from: label.id, to: newId, replayed: outcome.replayed });
  }
  return summary;
}
