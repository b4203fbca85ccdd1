/** Pinned (v2) trust bundle files for tests: a trust list signed by `root`, a revocation list signed by a label key. */
import type { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import type { RevocationEntry } from '../../shared/revocation/revocation-list.ts';
import { signRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { signTrustList } from '../../shared/tokens/trust-list-token.ts';
import { createPinnedTrustBundleFile, type TrustBundleV2File } from '../../shared/trust/trust-bundle.ts';
import type { TrustList } from '../../shared/trust-list/trust-list.ts';
import { sampleTrustList } from './sample-trust-list.ts';

/** The accreditation id sample pinned lists give their issuer (a label's `acc` can name it). */
export const SAMPLE_ACCREDITATION_ID = 'acc_0123456789ab';

/** A sample list with a real-shaped accreditation id, for `root` and `labelKey`. */
export function sampleAccreditedList(root: LocalKeySigner, labelKey: LocalKeySigner, overrides: Partial<TrustList> = {}): TrustList {
  const base = sampleTrustList(root, labelKey);
  const issuer = base.issuers[0]!;
  return { ...base, issuers: [{ ...issuer, accreditations: [{ ...issuer.accreditations[0]!, id: SAMPLE_ACCREDITATION_ID }] }], ...overrides };
}

/** A v2 bundle file for one scheme. */
export async function pinnedBundleFile(options: {
  root: LocalKeySigner;
  labelKey: LocalKeySigner;
  list?: TrustList;
  source?: string;
  entries?: RevocationEntry[];
  issuedAt?: string;
}): Promise<TrustBundleV2File> {
  const source = options.source ?? 'https://labels.example';
  const list = options.list ?? sampleAccreditedList(options.root, options.labelKey);
  const trustList = await signTrustList(list, options.root);
  const issuedAt = options.issuedAt ?? '2026-12-01T00:00:00Z';
  const revocations = await signRevocationList(
    { issuer: source, issuedAt, nextUpdate: new Date(Date.parse(issuedAt) + 3600_000).toISOString(), entries: options.entries ?? [] },
    options.labelKey,
  );
  return createPinnedTrustBundleFile({
    source,
    fetchedAt: new Date(issuedAt),
    pin: options.root.kid,
    trustLists: [trustList.jws],
    revocations: revocations.jws,
  });
}
