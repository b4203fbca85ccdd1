/**
 * Sign: the issuance signing path (canonical digest, claims, JWS serialisation, ES256 signature,
 * low-S normalisation; no storage) beside raw `node:crypto` ES256 signing of the very same bytes
 * with the very same `KeyObject`. Sequential, one core.
 */
import { hash, sign } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical/canonical-json.ts';
import { sealLabelRecord } from '../../shared/label/issue-label.ts';
import { claimsFor } from '../../shared/label/claims.ts';
import { recordDigest } from '../../shared/label/record.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import type { BenchContext, BenchRow, BenchSection } from '../section.ts';
import { measureInChild } from '../lib/isolated.ts';
import { benchKey, benchRecords, rawToken } from '../lib/labels.ts';
import { compareRates, rateRow } from '../lib/rate.ts';

/** Sign ≥ 80 % of raw signing. */
export const SIGN_TARGET_RATIO = 0.8;

/** Measures the sign figures in this process (the section runs it in a fresh child). */
export async function measureSign(context: BenchContext): Promise<BenchRow[]> {
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
  // Where the time goes: the same path with the record digest computed beforehand, so the row
  // below isolates claims + JWS + signature + low-S from RFC 8785 canonicalisation + SHA-256.
  const claims = records.map((r) => claimsFor(r, recordDigest(r)));
  const jwsOnly = await compareRates(
    (i) => signLabelToken(claims[i % claims.length]!, key.signer),
    (i) => sign('sha256', inputs[i % inputs.length]!, { key: key.privateKey, dsaEncoding: 'ieee-p1363' }),
    context.quick ? { rounds: 1, roundMs: 50, warmupCalls: 20 } : { rounds: 5, roundMs: 600, warmupCalls: 1_000 },
  );
  // The floor of this design: raw signing plus one raw SHA-256 over the record's canonical bytes,
  // serialised beforehand. What ours spends above it is serialisation, claims and JWS encoding.
  const canonicalTexts = records.map((r) => Buffer.from(canonicalJson(r)));
  const withDigest = await compareRates(
    (i) => sealLabelRecord(records[i % records.length]!, key.signer),
    (i) => {
      hash('sha256', canonicalTexts[i % canonicalTexts.length]!, 'base64url');
      return sign('sha256', inputs[i % inputs.length]!, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    },
    context.quick ? { rounds: 1, roundMs: 50, warmupCalls: 20 } : { rounds: 5, roundMs: 600, warmupCalls: 1_000 },
  );
  context.log(`sign rounds: ours ${rates.oursRounds.map(Math.round).join(', ')}; raw ${rates.baselineRounds.map(Math.round).join(', ')}`);
  return [
    rateRow('sign: issuance signing path', rates, 'raw node:crypto ES256 sign', 'digest (RFC 8785 + SHA-256), claims, JWS, low-S; sequential, no storage', {
      ratio: SIGN_TARGET_RATIO,
      of: 'raw sign',
    }),
    rateRow('sign: JWS only (digest precomputed)', jwsOnly, 'raw node:crypto ES256 sign', 'the signing path without the record digest (RFC 8785 + SHA-256 of the full record)'),
    rateRow(
      'sign: beside raw sign + raw record hash',
      withDigest,
      'raw SHA-256 of the canonical record bytes + raw ES256 sign',
      'the same path beside the least this design must do per label (hash the record, sign)',
    ),
  ];
}

/** The sign section: measured in a child process that loads nothing else (see `bench/lib/isolated.ts`). */
export const signSection: BenchSection = {
  name: 'sign',
  run: (context) => measureInChild('sign', context),
};
