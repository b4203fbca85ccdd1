import { canonicalJson } from '../../canonical/canonical-json.ts';
import { claimsFor } from '../../label/claims.ts';
import { recordDigest } from '../../label/record.ts';
import type { LabelStore } from '../../store/store.ts';
import type { LabelStatusRecord, LabelStatusSource } from './label-status-source.ts';

/** Reads a label's status from storage on every check (`statusSource.kind = "live"`). */
export function liveStatusSource(store: Pick<LabelStore, 'getLabel'>): LabelStatusSource {
  return {
    kind: 'live',
    maxAgeSeconds: 0,
    async lookup(labelId: string): Promise<LabelStatusRecord> {
      const label = await store.getLabel(labelId);
      if (!label) return { found: false };
      // Recomputed from the stored record, so a record altered at rest is caught.
      const digest = recordDigest(label.record);
      return {
        found: true,
        issuerId: label.record.issuer.id,
        recordDigest: digest,
        claimsText: canonicalJson(claimsFor(label.record, digest)),
        ...(label.revocation ? { revocation: label.revocation } : {}),
      };
    },
  };
}
