/**
 * Verify: offline token verification (parse, strict header, key lookup, ES256 signature, low-S,
 * claims schema, validity window, verdict; no storage) beside one raw `node:crypto` ES256 verify
 * of the same bytes with the same public `KeyObject`. Sequential, one core.
 */
import { verify } from 'node:crypto';
import { keyLookupFrom } from '../../shared/keys/signing-key.ts';
import { verifyOffline } from '../../shared/verification/verify-offline.ts';
import type { BenchContext, BenchRow, BenchSection } from '../section.ts';
import { measureInChild } from '../lib/isolated.ts';
import { benchKey, benchLabels, rawToken } from '../lib/labels.ts';
import { compareRates, rateRow } from '../lib/rate.ts';

/** Verify ≥ 80 % of raw verification. */
export const VERIFY_TARGET_RATIO = 0.8;

/** Measures the verify figures in this process (the section runs it in a fresh child). */
export async function measureVerify(context: BenchContext): Promise<BenchRow[]> {
  const key = benchKey();
  const now = new Date();
  const labels = await benchLabels(key, 300, now);
  const tokens = labels.map((l) => l.token);
  const raws = tokens.map(rawToken);
  const keys = keyLookupFrom([key.record]);
  // Fail loudly rather than time a path that refuses the tokens.
  for (const token of tokens) {
    const v = verifyOffline(token, { keys, now });
    if (v.status !== 'valid') throw new Error(`bench token did not verify: ${v.status}`);
  }
  const rates = await compareRates(
    (i) => verifyOffline(tokens[i % tokens.length], { keys, now }),
    (i) => {
      const raw = raws[i % raws.length]!;
      return verify('sha256', raw.signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, raw.signature);
    },
    context.quick ? { rounds: 1, roundMs: 100, warmupCalls: 50 } : { rounds: 7, roundMs: 1_000, warmupCalls: 2_000 },
  );
  context.log(`verify rounds: ours ${rates.oursRounds.map(Math.round).join(', ')}; raw ${rates.baselineRounds.map(Math.round).join(', ')}`);
  return [
    rateRow(
      'verify: offline token check',
      rates,
      'raw node:crypto ES256 verify',
      '300 distinct tokens; parse, header, key, signature, claims schema, window, verdict',
      { ratio: VERIFY_TARGET_RATIO, of: 'raw verify' },
    ),
  ];
}

/** The verify section: measured in a child process that loads nothing else (see `bench/lib/isolated.ts`). */
export const verifySection: BenchSection = {
  name: 'verify',
  run: (context) => measureInChild('verify', context),
};
