/**
 * The issuer's view agrees with the verifier: the effective state of a label is the verdict a
 * verifier reaches (`valid` shown as `active`), in the verifier's order, and the validity window is
 * judged with the verifier's own clock skew, on both sides of every bound.
 */
import { describe, expect, it } from 'vitest';
import type { KeyStatus } from '../../../../shared/keys/signing-key.ts';
import { claimsFor } from '../../../../shared/label/claims.ts';
import { effectiveStatusOf, needsReissue } from '../../../../shared/label/effective-status.ts';
import { buildLabelRecord, recordDigest, type StoredLabel } from '../../../../shared/label/record.ts';
import { LabelRequestSchema } from '../../../../shared/label/request-schema.ts';
import { DEFAULT_CLOCK_SKEW_SECONDS, judgeValidityWindow } from '../../../../shared/verification/steps.ts';
import { validFixture } from '../../../support/fixtures.ts';

const issuedAt = new Date('2026-03-01T10:00:00.400Z');
const record = buildLabelRecord({
  id: 'abcdefghijklmnop',
  issuer: { id: 'acme-steel', name: 'Acme Steel' },
  request: LabelRequestSchema.parse(validFixture('cement-clinker')),
  issuedAt,
  defaultValidityDays: 30,
});
const digest = recordDigest(record);
const active: StoredLabel = { record, digest, token: 'x.y.z', kid: 'k1', status: 'active' };
const revoked: StoredLabel = { ...active, status: 'revoked', revocation: { revokedAt: issuedAt.toISOString(), reason: 'wrong' } };

describe('effectiveStatusOf', () => {
  it('judges the validity window exactly as the verifier does, skew included', () => {
    const claims = claimsFor(record, digest);
    const edges = [claims.nbf - DEFAULT_CLOCK_SKEW_SECONDS, claims.exp + DEFAULT_CLOCK_SKEW_SECONDS, claims.nbf, claims.exp];
    for (const edge of edges) {
      for (const deltaMs of [-1001, -1, 0, 1, 999, 1000]) {
        const now = new Date(edge * 1000 + deltaMs);
        const verdict = judgeValidityWindow(claims, now);
        expect(effectiveStatusOf(active, 'active', now), now.toISOString()).toBe(verdict === 'valid' ? 'active' : verdict);
      }
    }
  });

  it('puts a compromised key first, then a revocation, then the window (the verifier’s order)', () => {
    const late = new Date(Date.parse(record.validUntil) + 86_400_000);
    const during = new Date(issuedAt.getTime() + 60_000);
    expect(effectiveStatusOf(revoked, 'compromised', late)).toBe('key_compromised');
    expect(effectiveStatusOf(active, 'compromised', during)).toBe('key_compromised');
    expect(effectiveStatusOf(revoked, 'active', late)).toBe('revoked');
    expect(effectiveStatusOf(active, 'retired', late)).toBe('expired');
    for (const key of ['active', 'retired', undefined] as (KeyStatus | undefined)[]) expect(effectiveStatusOf(active, key, during)).toBe('active');
  });

  it('asks for re-issuing only an active label whose key is compromised', () => {
    expect(needsReissue(active, 'key_compromised')).toBe(true);
    expect(needsReissue(revoked, 'key_compromised')).toBe(false);
    expect(needsReissue(active, 'expired')).toBe(false);
  });
});
