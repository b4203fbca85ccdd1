/** Revoking a label: its issuer (or the scheme operator, any label), once, with a reason and optionally a successor. */
import * as z from 'zod';
import { NotFoundError, ValidationError } from '../errors/errors.ts';
import { LABEL_ID_PATTERN } from '../ids.ts';
import type { Issuer } from '../issuers/issuer.ts';
import type { LabelStore } from '../store/store.ts';
import { parseInput } from '../validation/parse-input.ts';
import { safeText } from '../validation/safe-text.ts';
import { TEXT_MAX } from './limits.ts';
import type { StoredLabel } from './record.ts';

export const RevokeRequestSchema = z.strictObject({
  reason: safeText(TEXT_MAX.revocationReason).describe('Why the label is withdrawn; shown to everyone who verifies it'),
  supersededBy: z
    .string()
    .regex(LABEL_ID_PATTERN, { message: 'must be a label id' })
    .optional()
    .describe('Id of a label of the same issuer that replaces this one'),
});

/** Result of a revoke: the label, and whether this call revoked it or it already was. */
export interface RevokeLabelResult {
  readonly label: StoredLabel;
  readonly alreadyRevoked: boolean;
}

/** What revoking needs. */
export interface RevokeLabelDeps {
  readonly store: Pick<LabelStore, 'revokeLabel' | 'revokeAnyLabel' | 'getLabel'>;
  readonly now: () => Date;
  /** This process's label-status cache: told to forget the label once it is revoked. */
  readonly statusSource: { invalidate?(labelId: string): void };
}

/**
 * Revokes `labelId` for `issuer`. Another issuer's label, or no label, is `NotFoundError`: we do
 * not tell strangers which ids exist. Revoking twice keeps the first revocation.
 * Suspended issuers may still revoke: withdrawing a wrong claim must always be possible.
 * Invariant: a cached status never outlives a revocation made in this process (other processes'
 * caches expire within their bounded age).
 */
export async function revokeLabel(deps: RevokeLabelDeps, issuer: Issuer, labelId: string, body: unknown): Promise<RevokeLabelResult> {
  if (!LABEL_ID_PATTERN.test(labelId)) throw new NotFoundError(`label ${labelId} not found`);
  const request = parseInput(RevokeRequestSchema, body, 'revocation request');
  if (request.supersededBy !== undefined) {
    const successor = request.supersededBy === labelId ? undefined : await deps.store.getLabel(request.supersededBy);
    if (!successor || successor.record.issuer.id !== issuer.id) {
      throw new ValidationError('supersededBy is invalid', [{ path: 'supersededBy', message: 'must be another existing label of the same issuer' }]);
    }
  }
  const outcome = await deps.store.revokeLabel(labelId, issuer.id, {
    revokedAt: deps.now().toISOString(),
    reason: request.reason,
    by: 'issuer',
    ...(request.supersededBy ? { supersededBy: request.supersededBy } : {}),
  });
  if (outcome.outcome === 'not_found') throw new NotFoundError(`label ${labelId} not found`);
  deps.statusSource.invalidate?.(labelId);
  return { label: outcome.label, alreadyRevoked: outcome.outcome === 'already_revoked' };
}

/**
 * The scheme operator revokes any label, whoever issued it (e.g. a rogue issuer's): recorded
 * with `by: 'scheme'`, once, in one conditional write. A successor must be another label of the
 * same issuer as the revoked one. The same cache invariant as {@link revokeLabel}.
 * @throws {NotFoundError} when there is no such label.
 */
export async function revokeLabelAsScheme(deps: RevokeLabelDeps, labelId: string, body: unknown): Promise<RevokeLabelResult> {
  if (!LABEL_ID_PATTERN.test(labelId)) throw new NotFoundError(`label ${labelId} not found`);
  const request = parseInput(RevokeRequestSchema, body, 'revocation request');
  if (request.supersededBy !== undefined) {
    const [target, successor] =
      request.supersededBy === labelId ? [undefined, undefined] : await Promise.all([deps.store.getLabel(labelId), deps.store.getLabel(request.supersededBy)]);
    if (!target) throw new NotFoundError(`label ${labelId} not found`);
    if (!successor || successor.record.issuer.id !== target.record.issuer.id) {
      throw new ValidationError('supersededBy is invalid', [{ path: 'supersededBy', message: 'must be another existing label of the same issuer' }]);
    }
  }
  const outcome = await deps.store.revokeAnyLabel(labelId, {
    revokedAt: deps.now().toISOString(),
    reason: request.reason,
    by: 'scheme',
    ...(request.supersededBy ? { supersededBy: request.supersededBy } : {}),
  });
  if (outcome.outcome === 'not_found') throw new NotFoundError(`label ${labelId} not found`);
  deps.statusSource.invalidate?.(labelId);
  return { label: outcome.label, alreadyRevoked: outcome.outcome === 'already_revoked' };
}
