import { recordDigest } from '../label/record.ts';
import type { LabelStore } from '../store/store.ts';
import type { LabelStatusRecord, LabelStatusSource } from './verify-label.ts';

/** Reads a label's status from storage on every check (`statusSource.kind = "live"`). */
export function liveStatusSource(store: Pick<LabelStore, 'getLabel'>): LabelStatusSource {
  return {
    kind: 'live',
    maxAgeSeconds: 0,
    async lookup(labelId: string): Promise<LabelStatusRecord> {
      const label = await store.getLabel(labelId);
      if (!label) return { found: false };
      return {
        found: true,
        issuerId: label.record.issuer.id,
        // Recomputed from the stored record, so a record altered at rest is caught.
        recordDigest: recordDigest(label.record),
        ...(label.revocation ? { revocation: label.revocation } : {}),
      };
    },
  };
}
