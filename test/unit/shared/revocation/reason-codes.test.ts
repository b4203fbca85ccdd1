import { describe, expect, it } from 'vitest';
import {
  MAX_REVOCATION_NOTE_CHARS,
  REVOCATION_REASON_CODES,
  RevocationReasonCodeSchema,
  RevocationReasonSchema,
  isRevocationReasonCode,
} from '../../../../shared/revocation/reason-codes.ts';

describe('revocation reason codes', () => {
  it('are exactly the closed list of issue 14', () => {
    expect([...REVOCATION_REASON_CODES]).toEqual(['superseded', 'data_error', 'withdrawn_by_issuer', 'withdrawn_by_scheme', 'key_compromise', 'other']);
    for (const code of REVOCATION_REASON_CODES) expect(RevocationReasonCodeSchema.parse(code)).toBe(code);
  });

  it('refuse anything else: other spellings, free text, non-strings', () => {
    for (const value of ['Superseded', 'superseded ', 'keyCompromise', 'Footprint recalculated', '', 0, null, undefined, ['other']]) {
      expect(RevocationReasonCodeSchema.safeParse(value).success).toBe(false);
      expect(isRevocationReasonCode(value)).toBe(false);
    }
  });

  it('take an optional note for people, bounded and trimmed, and no other field', () => {
    expect(RevocationReasonSchema.parse({ code: 'data_error' })).toEqual({ code: 'data_error' });
    expect(RevocationReasonSchema.parse({ code: 'other', note: '  Wrong product photo  ' })).toEqual({ code: 'other', note: 'Wrong product photo' });
    expect(RevocationReasonSchema.safeParse({ code: 'other', note: 'x'.repeat(MAX_REVOCATION_NOTE_CHARS + 1) }).success).toBe(false);
    expect(RevocationReasonSchema.safeParse({ code: 'other', note: '   ' }).success).toBe(false);
    expect(RevocationReasonSchema.safeParse({ code: 'other', reason: 'text' }).success).toBe(false);
    expect(RevocationReasonSchema.safeParse({ note: 'no code' }).success).toBe(false);
  });
});
