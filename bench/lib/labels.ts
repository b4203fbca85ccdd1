/**
 * In-process labels for the CPU-bound sections: one P-256 key held as a `KeyObject` (shared by our
 * path and the raw baseline), validated requests from the valid fixtures, records and tokens made
 * by the very functions issuance uses.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { newLabelId } from '../../shared/ids.ts';
import { localKeyRecord } from '../../local/keys/local-signing-key.ts';
import type { SigningKeyRecord } from '../../shared/keys/signing-key.ts';
import { sealLabelRecord } from '../../shared/label/issue-label.ts';
import { buildLabelRecord, type LabelRecord, type StoredLabel } from '../../shared/label/record.ts';
import { createLabelRequestSchema, type LabelRequest } from '../../shared/label/request-schema.ts';
import { VALID_FIXTURES } from '../../test/support/fixtures.ts';

/** The benchmark's issuer. */
export const BENCH_ISSUER = { id: 'org_benchbenchbe', name: 'Bench Steel' } as const;

/** A key pair, and our signer over the very same private `KeyObject`. */
export interface BenchKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly signer: LocalKeySigner;
  readonly record: SigningKeyRecord;
}

/** A fresh P-256 key for one run. */
export function benchKey(): BenchKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = new LocalKeySigner(privateKey);
  return { privateKey, publicKey, signer, record: localKeyRecord(signer, new Date().toISOString()) };
}

/** Every valid fixture, validated as issuance validates it before signing. */
export function validatedRequests(now: Date): LabelRequest[] {
  const schema = createLabelRequestSchema(() => now);
  return VALID_FIXTURES.map((f) => schema.parse(f.body));
}

/** `count` records rotating over the fixtures, each with its own id. */
export function benchRecords(count: number, now: Date): LabelRecord[] {
  const requests = validatedRequests(now);
  return Array.from({ length: count }, (_, i) =>
    buildLabelRecord({ id: newLabelId(), issuer: BENCH_ISSUER, request: requests[i % requests.length]!, issuedAt: now, defaultValidityDays: 365 }),
  );
}

/** Signs `count` labels with `key`, through the issuance signing path. */
export async function benchLabels(key: BenchKey, count: number, now: Date): Promise<StoredLabel[]> {
  const labels: StoredLabel[] = [];
  for (const record of benchRecords(count, now)) {
    const { digest, token } = await sealLabelRecord(record, key.signer);
    labels.push({ record, digest, token, kid: key.signer.kid, status: 'active' });
  }
  return labels;
}

/** The parts of a compact JWS a raw verifier needs, decoded once up front. */
export interface RawToken {
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

/** Splits a token into signing input and signature bytes. */
export function rawToken(token: string): RawToken {
  const lastDot = token.lastIndexOf('.');
  return { signingInput: Buffer.from(token.slice(0, lastDot), 'ascii'), signature: Buffer.from(token.slice(lastDot + 1), 'base64url') };
}
