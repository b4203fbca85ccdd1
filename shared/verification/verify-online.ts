/**
 * Online verification: the signature, then the label's status from the store (through the
 * status port), then the validity window. The stored record must still hash to the signed digest
 * and belong to the token's issuer; a withdrawn issuer or accreditation (from the scheme's trust
 * list, when one is given) wins over a revocation, and a revocation over the validity window.
 */
import { canonicalJson } from '../canonical/canonical-json.ts';
import type { KeyLookup } from '../keys/signing-key.ts';
import type { TrustList } from '../trust-list/trust-list.ts';
import { judgeAccreditation } from './accreditation-step.ts';
import type { LabelStatusRecord, LabelStatusSource } from './status/label-status-source.ts';
import { checkLabelSignature, judgeValidityWindow, revokedVerdict } from './steps.ts';
import { verdict, type Verdict } from './verdict.ts';

/** Dependencies of {@link verifyOnline}. */
export interface OnlineVerifyOptions {
  readonly keys: KeyLookup;
  readonly status: LabelStatusSource;
  readonly now: Date;
  readonly clockSkewSeconds?: number;
  /**
   * The scheme's current verified trust list, if one is published: adds the scheme and issuer.
   * `unavailable` when it could not be read: a withdrawal cannot be ruled out, so no genuine label
   * is `valid` (`status_unavailable`), as when the label's own status cannot be read.
   */
  readonly trustList?: TrustList | 'unavailable';
}

/** Verifies a token against keys and the label's stored status. */
export async function verifyOnline(token: unknown, options: OnlineVerifyOptions): Promise<Verdict> {
  const { now } = options;
  const check = checkLabelSignature(token, options.keys, now);
  if (!check.genuine) return check.verdict;
  const { claims, shown } = check;
  const statusSource = { kind: options.status.kind, maxAgeSeconds: options.status.maxAgeSeconds };

  const unavailable = () =>
    verdict('status_unavailable', now, {
      ...shown,
      reason: 'The signature is genuine, but revocation status could not be checked right now. Do not treat this label as verified; try again.',
      statusSource: { kind: 'none' },
    });
  if (options.trustList === 'unavailable') return unavailable();
  let status: LabelStatusRecord;
  try {
    status = await options.status.lookup(claims.sub);
  } catch {
    return unavailable();
  }
  if (!status.found) return verdict('unknown_label', now, { ...shown, statusSource });
  if (
    status.issuerId !== claims.iss ||
    status.recordDigest !== claims.dig ||
    (status.claimsText !== undefined && status.claimsText !== canonicalJson(claims))
  ) {
    return verdict('record_mismatch', now, { ...shown, statusSource });
  }
  const judged = options.trustList ? judgeAccreditation(claims, options.trustList) : undefined;
  const fields = { ...shown, ...judged?.fields };
  if (judged?.withdrawn) return verdict('accreditation_withdrawn', now, { ...fields, reason: judged.withdrawn, statusSource });
  if (status.revocation) return revokedVerdict(fields, status.revocation, now, statusSource);
  return verdict(judgeValidityWindow(claims, now, options.clockSkewSeconds), now, { ...fields, statusSource });
}
