/** The revocation list format and its signature: round trips, determinism, refusals, size. */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { signLabelToken } from '../../../../shared/tokens/label-token.ts';
import { keyLookupFrom, type SigningKeyRecord } from '../../../../shared/keys/signing-key.ts';
import { localKeyRecord } from '../../../../local/keys/local-signing-key.ts';
import { JwsRejectedError } from '../../../../shared/jws/compact-jws.ts';
import {
  MAX_LIST_REASON_CHARS,
  RevocationListPayloadSchema,
  decodeRevocationList,
  encodeRevocationList,
  type RevocationEntry,
  type RevocationList,
} from '../../../../shared/revocation/revocation-list.ts';
import { revocationListSigningInput, signRevocationList, verifyRevocationList } from '../../../../shared/tokens/revocation-list-token.ts';
import { verifyOffline } from '../../../../shared/verification/verify-offline.ts';

const signer = LocalKeySigner.generate();
const record = (s: LocalKeySigner, status: SigningKeyRecord['status'] = 'active'): SigningKeyRecord => ({
  ...localKeyRecord(s, '2026-01-01T00:00:00.000Z'),
  status,
});
const keys = keyLookupFrom([record(signer)]);

const list = (entries: RevocationEntry[]): RevocationList => ({
  issuer: 'https://labels.example',
  issuedAt: '2026-11-29T02:00:00.000Z',
  nextUpdate: '2026-11-29T02:05:00.000Z',
  entries,
});
const sample: RevocationEntry[] = [
  { labelId: 'zzzzzzzzzzzzzzzz', revokedAt: '2026-03-01T10:00:00.000Z', reason: 'Footprint recalculated', supersededBy: '0123456789abcdef' },
  { labelId: '0123456789abcdef', revokedAt: '2026-03-01T10:00:00.000Z', reason: 'Footprint recalculated' },
  { labelId: 'abcdefghjkmnpqrs', revokedAt: '2026-01-15T08:30:05.000Z', reason: 'Supplier data corrected — “ü” ✓' },
];
const byId = (a: RevocationEntry, b: RevocationEntry) => (a.labelId < b.labelId ? -1 : 1);

describe('payload encoding', () => {
  it('round-trips entries (ordered by time, then id) and dedupes reasons', () => {
    const payload = encodeRevocationList(list(sample));
    expect(payload.r).toEqual(['Supplier data corrected — “ü” ✓', 'Footprint recalculated']);
    expect(payload.ids).toBe('abcdefghjkmnpqrs0123456789abcdefzzzzzzzzzzzzzzzz');
    expect(payload.t[0]).toBe(Date.parse('2026-01-15T08:30:05Z') / 1000);
    const decoded = decodeRevocationList(RevocationListPayloadSchema.parse(payload));
    expect([...decoded.entries].sort(byId)).toEqual([...sample].sort(byId));
    expect(decoded.issuedAt).toBe('2026-11-29T02:00:00.000Z');
  });

  it('round-trips any set of revocations (property)', () => {
    const entry = fc.record({
      labelId: fc.stringMatching(/^[0-9a-hjkmnp-tv-z]{16}$/),
      revokedAt: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map((s) => new Date(s * 1000).toISOString()),
      reason: fc.string({ minLength: 1, maxLength: 40 }).filter((r) => r.trim() === r && r.length > 0),
      supersededBy: fc.option(fc.stringMatching(/^[0-9a-hjkmnp-tv-z]{16}$/), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(entry, { selector: (e) => e.labelId, maxLength: 30 }), (entries) => {
        const clean = entries.map(({ supersededBy, ...e }) => (supersededBy ? { ...e, supersededBy } : e));
        const decoded = decodeRevocationList(RevocationListPayloadSchema.parse(JSON.parse(JSON.stringify(encodeRevocationList(list(clean))))));
        expect([...decoded.entries].sort(byId)).toEqual([...clean].sort(byId));
      }),
      { numRuns: 50 },
    );
  });

  it('is deterministic: same revocations in any order give the same signing input and ETag', () => {
    const a = revocationListSigningInput(list(sample), signer);
    const b = revocationListSigningInput(list([...sample].reverse()), signer);
    expect(b).toEqual(a);
    const c = revocationListSigningInput(list(sample.slice(1)), signer);
    expect(c.etag).not.toBe(a.etag);
  });

  it('shortens long reasons to the list limit on a character boundary', () => {
    const payload = encodeRevocationList(list([{ labelId: 'abcdefghjkmnpqrs', revokedAt: '2026-01-01T00:00:00Z', reason: '😀'.repeat(400) }]));
    expect([...payload.r[0]!]).toHaveLength(MAX_LIST_REASON_CHARS);
    expect(payload.r[0]!.endsWith('…')).toBe(true);
  });

  it('refuses inconsistent payloads', () => {
    const good = encodeRevocationList(list(sample));
    const bad = [
      { ...good, n: 4 },
      { ...good, ri: [0, 0, 9] },
      { ...good, sup: [[7, '0123456789abcdef']] },
      { ...good, ids: good.ids.replace('a', 'u') },
      { ...good, nxt: good.iat - 1 },
      { ...good, extra: true },
    ];
    for (const payload of bad) expect(RevocationListPayloadSchema.safeParse(payload).success).toBe(false);
  });
});

describe('signed list', () => {
  it('verifies with the signing key, also once it is retired', async () => {
    const signed = await signRevocationList(list(sample), signer);
    expect(signed.etag).toBe(revocationListSigningInput(list(sample), signer).etag);
    const decoded = verifyRevocationList(signed.jws, keys);
    expect(decoded.kid).toBe(signer.kid);
    expect(decoded.entries).toHaveLength(3);
    expect(verifyRevocationList(signed.jws, keyLookupFrom([record(signer, 'retired')])).entries).toHaveLength(3);
  });

  const reject = (jws: string, lookup = keys) => {
    try {
      verifyRevocationList(jws, lookup);
    } catch (error) {
      expect(error).toBeInstanceOf(JwsRejectedError);
      return (error as JwsRejectedError).code;
    }
    return 'accepted';
  };

  it('rejects a tampered list, an unknown or compromised key, and a label token', async () => {
    const { jws } = await signRevocationList(list(sample), signer);
    const [h, p, s] = jws.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { r: string[] };
    payload.r[0] = 'Nothing to see';
    expect(reject(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`)).toBe('bad_signature');
    // A middle character: the last two only encode the final byte, which may already be 'AA'.
    expect(reject(`${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`)).toBe('bad_signature');
    expect(reject(jws, keyLookupFrom([record(LocalKeySigner.generate())]))).toBe('unknown_key');
    expect(reject(jws, keyLookupFrom([record(signer, 'compromised')]))).toBe('key_compromised');
    expect(reject(`${h}.${p}`)).toBe('malformed');
    const alg = Buffer.from(JSON.stringify({ alg: 'none', kid: signer.kid, typ: 'carbon-label-revocations+jwt' })).toString('base64url');
    expect(reject(`${alg}.${p}.${s}`)).toBe('malformed');

    const labelToken = await signLabelToken(
      {
        iss: 'org_000000000000',
        sub: 'abcdefghjkmnpqrs',
        iat: 1,
        nbf: 1,
        exp: 2e9,
        dig: 'A'.repeat(43),
        isn: 'x',
        pid: 'x',
        pnm: 'x',
        pcf: '1',
        dua: '1',
        duu: 'kilogram',
        bnd: 'cradle-to-gate',
        rps: '2025-01-01',
        rpe: '2025-12-31',
        std: [],
        geo: 'DE',
      },
      signer,
    );
    expect(reject(labelToken)).toBe('wrong_type');
    // And the other way round: label verification refuses the list.
    expect(verifyOffline(jws, { keys, now: new Date() }).status).toBe('malformed');
  });
});

describe('size', () => {
  it('100,000 revocations: measured, and small enough to serve from a Lambda (under 6 MB)', async () => {
    const reasons = Array.from({ length: 40 }, (_, i) => `Footprint recalculated after supplier audit ${i + 1} (primary data share updated)`);
    // Label ids as the service mints them: 16 random Crockford base32 characters.
    const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
    const random = randomBytes(110_000 * 16);
    let next = 0;
    const newLabelId = () => {
      let id = '';
      for (let i = 0; i < 16; i++) id += alphabet[random[next++]! & 31];
      return id;
    };
    let t = Date.parse('2026-01-01T00:00:00Z') / 1000;
    const entries: RevocationEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      t += Math.floor(Math.random() * 600);
      entries.push({
        labelId: newLabelId(),
        revokedAt: new Date(t * 1000).toISOString(),
        reason: reasons[i % reasons.length]!,
        ...(i % 10 === 0 ? { supersededBy: newLabelId() } : {}),
      });
    }
    const signed = await signRevocationList(list(entries), signer);
    const bytes = Buffer.byteLength(signed.jws);
    const gzipped = gzipSync(signed.jws).length;
    console.log(
      `revocation list, 100,000 entries (40 distinct reasons, 10% with a successor): ${bytes} bytes (${(bytes / 1e6).toFixed(2)} MB), gzip ${gzipped} bytes (${(gzipped / 1e6).toFixed(2)} MB), ${(bytes / 100_000).toFixed(1)} bytes per entry`,
    );
    expect(bytes).toBeLessThan(6_000_000);
    expect(verifyRevocationList(signed.jws, keys).entries).toHaveLength(100_000);
  });
});
