/**
 * Sign: the issuance signing path (canonical digest, claims, JWS serialisation, ES256 signature,
 * low-S normalisation; no storage) beside raw `node:crypto` ES256 signing of the very same bytes
 * with the very same `KeyObject`. Sequential, one core.
 */
import { sign } from 'node:crypto';
import { sealLabelRecord } from '../../shared/label/issue-label.ts';
import type { BenchSection } from '../section.ts';
import { benchKey, benchRecords, rawToken } from '../lib/labels.ts';
import { compareRates } from '../lib/rate.ts';

/** Sign ≥ 80 % of raw signing. */
export const SIGN_TARGET_RATIO = 0.8;

/** The sign section. */
export const signSection: BenchSection = {
  name: 'sign',
  async run(context) {
    const key = benchKey();
    const now = new Date();
    const records = benchRecords(300, now);
    // The baseline signs the very bytes our path signs.
    const inputs = await Promise.all(records.map(async (r) => rawToken((await sealLabelRecord(r, key.signer)).token).signingInput));
    const rates = await compareRates(
      (i) => sealLabelRecord(records[i % records.length]!, key.signer),
      (i) => sign('sha256', inputs[i % inputs.length]!, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }),
      context.quick ? { rounds: 1, roundMs: 100, warmupCalls: 50 } : { rounds: 7, roundMs: 1_000, warmupCalls: 2_000 },
    );
    context.log(`sign rounds: ours ${rates.oursRounds.map(Math.round).join(', ')}; raw ${rates.baselineRounds.map(Math.round).join(', ')}`);
    const ratio = rates.ours / rates.baseline;
    return [
      {
        name: 'sign: issuance signing path',
        value: rates.ours,
        unit: 'ops/CPU-s',
        baseline: { name: 'raw node:crypto ES256 sign', value: rates.baseline, unit: 'ops/CPU-s' },
        ratio,
        target: { description: `≥ ${SIGN_TARGET_RATIO * 100} % of raw sign`, pass: ratio >= SIGN_TARGET_RATIO },
        note: `digest (RFC 8785 + SHA-256), claims, JWS, low-S; sequential, no storage; per CPU-second, median of ${rates.oursRounds.length} alternating rounds (wall clock: ours ${Math.round(rates.oursWall)}, raw ${Math.round(rates.baselineWall)} ops/s)`,
      },
    ];
  },
};
