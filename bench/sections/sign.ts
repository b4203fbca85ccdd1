/**
 * Sign: the issuance signing path (`sealLabelRecord`: RFC 8785 digest of the record, claims, JWS
 * serialisation, ES256 signature, low-S normalisation; no storage) beside the least work that
 * produces the same token bytes: `JSON.stringify` of the record with its keys already sorted, one
 * SHA-256, `JSON.stringify` of the claims, base64url, one raw ES256 sign, all with the same
 * `KeyObject`. Raw signing alone stays beside it as context. Sequential, one core.
 */
import { hash, sign } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical/canonical-json.ts';
import { encodedHeader } from '../../shared/jws/header-cache.ts';
import { LABEL_TOKEN_TYPE, claimsFor, type LabelClaims } from '../../shared/label/claims.ts';
import { sealLabelRecord } from '../../shared/label/issue-label.ts';
import { recordDigest } from '../../shared/label/record.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import type { BenchContext, BenchRow, BenchSection } from '../section.ts';
import { measureInChild } from '../lib/isolated.ts';
import { benchKey, benchRecords, rawToken } from '../lib/labels.ts';
import { compareRates, measureRates, pairOf, rateRow } from '../lib/rate.ts';

/** Sign ≥ 80 % of the same-token baseline. */
export const SIGN_TARGET_RATIO = 0.8;

/** The same-token baseline's name, as the tables print it. */
export const SIGN_BASELINE = 'sorted JSON.stringify + SHA-256 + claims JSON + base64url + raw ES256 sign';

/** A deep copy of a JSON value with every object's keys in sorted order (done once, before timing). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]),
  );
}

/** Measures the sign figures in this process (the section runs it in a fresh child). */
export async function measureSign(context: BenchContext): Promise<BenchRow[]> {
  const key = benchKey();
  const now = new Date();
  const records = benchRecords(300, now);
  const sealed = await Promise.all(records.map((r) => sealLabelRecord(r, key.signer)));
  const inputs = sealed.map((s) => rawToken(s.token).signingInput);

  // The same-token baseline works from the record with its keys sorted (so plain JSON.stringify
  // writes the canonical bytes) and from the claims with a placeholder digest in its place (so the
  // spread below keeps member order). It skips low-S normalisation, so it is, if anything, cheaper
  // than the least a correct issuer must do.
  const sortedRecords = records.map(sortedKeys);
  const claimTemplates = records.map((r, i) => ({ ...claimsFor(r, sealed[i]!.digest), dig: '' }));
  const header = encodedHeader(key.signer.alg, key.signer.kid, LABEL_TOKEN_TYPE);
  const sameToken = (i: number): string => {
    const n = i % records.length;
    const dig = hash('sha256', JSON.stringify(sortedRecords[n]), 'base64url');
    const claims: LabelClaims = { ...claimTemplates[n]!, dig };
    const signingInput = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const signature = sign('sha256', Buffer.from(signingInput, 'ascii'), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${signingInput}.${signature.toString('base64url')}`;
  };
  // Fail loudly unless the baseline signs exactly the bytes ours signs (signatures differ: ECDSA is randomised).
  records.forEach((r, i) => {
    if (JSON.stringify(sortedRecords[i]) !== canonicalJson(r)) throw new Error(`record ${i}: sorted JSON.stringify is not its canonical JSON`);
    if (rawToken(sameToken(i)).signingInput.compare(inputs[i]!) !== 0) throw new Error(`record ${i}: the baseline signs other bytes than ours`);
  });

  const rawSign = (i: number) => sign('sha256', inputs[i % inputs.length]!, { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  const set = await measureRates(
    { ours: (i: number) => sealLabelRecord(records[i % records.length]!, key.signer), sameToken, rawSign },
    context.quick ? { rounds: 1, roundMs: 100, warmupCalls: 50 } : { rounds: 9, roundMs: 1_000, warmupCalls: 2_000 },
  );
  // Where the time goes: the same path with the record digest computed beforehand, so the row
  // below isolates claims + JWS + signature + low-S from RFC 8785 canonicalisation + SHA-256.
  const claims = records.map((r) => claimsFor(r, recordDigest(r)));
  const jwsOnly = await compareRates(
    (i) => signLabelToken(claims[i % claims.length]!, key.signer),
    rawSign,
    context.quick ? { rounds: 1, roundMs: 50, warmupCalls: 20 } : { rounds: 5, roundMs: 600, warmupCalls: 1_000 },
  );
  const rounds = (name: keyof typeof set.rounds) => set.rounds[name].map(Math.round).join(', ');
  context.log(`sign rounds: ours ${rounds('ours')}; same token ${rounds('sameToken')}; raw sign ${rounds('rawSign')}`);
  return [
    rateRow(
      'sign: issuance signing path',
      pairOf(set, 'ours', 'sameToken'),
      SIGN_BASELINE,
      'digest (RFC 8785 + SHA-256), claims, JWS, low-S; sequential, no storage',
      {
        ratio: SIGN_TARGET_RATIO,
        of: 'the same token, least work',
      },
    ),
    rateRow(
      'sign: beside raw sign only',
      pairOf(set, 'ours', 'rawSign'),
      'raw node:crypto ES256 sign',
      'the same run of ours beside one raw signature of its signing input (the former baseline)',
    ),
    rateRow(
      'sign: JWS only (digest precomputed)',
      jwsOnly,
      'raw node:crypto ES256 sign',
      'the signing path without the record digest (RFC 8785 + SHA-256 of the full record)',
    ),
  ];
}

/** The sign section: measured in a child process that loads nothing else (see `bench/lib/isolated.ts`). */
export const signSection: BenchSection = {
  name: 'sign',
  run: (context) => measureInChild('sign', context),
};
