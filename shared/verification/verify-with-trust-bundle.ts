/**
 * Offline verification against trust bundles, as a customs officer runs it: the signature and
 * key status from the bundle's keys, then (pinned bundles) the accreditation step against the
 * bundle's trust list, then revocation from its signed list, then the validity window. No storage,
 * no network.
 *
 * Federation: with several bundles (several schemes, each pinned), a token is judged by the bundle
 * whose keys include its key. A key in none of them is `untrusted_scheme` when any bundle is
 * pinned (v2), never `valid`; with legacy (v1) bundles only it stays `unknown_key`.
 *
 * How current an answer is: revocation status is complete up to the list's `issuedAt`
 * (reported as `statusSource.asOf`); key and accreditation status are as of the bundle's `fetchedAt`.
 */
import { peekKid } from '../jws/compact-jws.ts';
import type { TrustBundle } from '../trust/trust-bundle.ts';
import { judgeAccreditation } from './accreditation-step.ts';
import { checkLabelSignature, judgeValidityWindow, revokedVerdict } from './steps.ts';
import { verdict, type Verdict } from './verdict.ts';
import { extractToken } from './verify-request.ts';

/** Verifies one token (or verify URL) against a bundle at `now`. */
export function verifyWithTrustBundle(bundle: TrustBundle, input: string, now: Date, clockSkewSeconds?: number): Verdict {
  return verifyWithTrustBundles([bundle], input, now, clockSkewSeconds);
}

/** Verifies one token (or verify URL) against several bundles (federation) at `now`. */
export function verifyWithTrustBundles(bundles: readonly TrustBundle[], input: string, now: Date, clockSkewSeconds?: number): Verdict {
  if (bundles.length === 0) throw new RangeError('at least one trust bundle is needed');
  const token = extractToken(input);
  const kid = peekKid(token);
  const bundle = (kid !== undefined ? bundles.find((b) => b.keys(kid) !== undefined) : undefined) ?? bundles[0]!;
  const check = checkLabelSignature(token, bundle.keys, now);
  if (!check.genuine) {
    const pinned = bundles.filter((b) => b.scheme !== undefined);
    if (check.verdict.status === 'unknown_key' && pinned.length > 0) {
      const names = pinned.map((b) => `${b.scheme!.name} (${b.scheme!.id})`).join(', ');
      return verdict('untrusted_scheme', now, {
        reason: `Signed with a key that none of the trusted schemes lists (${names}): it may come from a look-alike deployment. Do not rely on it.`,
        ...(kid !== undefined ? { kid } : {}),
        statusSource: { kind: 'none' },
      });
    }
    return check.verdict;
  }
  const statusSource = { kind: 'offline' as const, asOf: bundle.revocationList.issuedAt };
  const judged = bundle.trustList ? judgeAccreditation(check.claims, bundle.trustList) : undefined;
  const fields = { ...check.shown, ...judged?.fields };
  if (judged?.withdrawn) return verdict('accreditation_withdrawn', now, { ...fields, reason: judged.withdrawn, statusSource });
  const revocation = bundle.revocations.get(check.claims.sub);
  if (revocation) return revokedVerdict(fields, revocation, now, statusSource);
  return verdict(judgeValidityWindow(check.claims, now, clockSkewSeconds), now, { ...fields, statusSource });
}
