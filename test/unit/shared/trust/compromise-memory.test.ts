/** A key a held bundle knows as compromised stays compromised; a list must name the bundle's source. */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { toJwks } from '../../../../shared/keys/jwks.ts';
import type { SigningKeyRecord } from '../../../../shared/keys/signing-key.ts';
import { keepCompromisedKeys } from '../../../../shared/trust/compromise-memory.ts';
import { JwksSchema } from '../../../../shared/trust/jwks-schema.ts';
import { sameServiceUrl } from '../../../../shared/trust/trust-bundle.ts';

const [a, b, c] = [LocalKeySigner.generate(), LocalKeySigner.generate(), LocalKeySigner.generate()];
const rec = (s: LocalKeySigner, status: SigningKeyRecord['status'], extra: Partial<SigningKeyRecord> = {}): SigningKeyRecord => ({
  kid: s.kid,
  alg: 'ES256',
  publicJwk: s.publicJwk,
  status,
  createdAt: '2026-01-01T00:00:00.000Z',
  provider: { type: 'local' },
  ...extra,
});
const jwks = (...records: SigningKeyRecord[]) => JwksSchema.parse(JSON.parse(JSON.stringify(toJwks(records))));

describe('keepCompromisedKeys', () => {
  it('keeps compromised what the new JWKS calls active or retired, or leaves out; changes nothing else', () => {
    const held = jwks(
      rec(a, 'compromised', { compromisedAt: '2026-05-01T00:00:00.000Z' }),
      rec(b, 'compromised', { compromisedAt: '2026-05-02T00:00:00.000Z' }),
      rec(c, 'active'),
    );
    const served = jwks(rec(a, 'active'), rec(c, 'retired', { retiredAt: '2026-06-01T00:00:00.000Z' }));
    const { jwks: merged, kept } = keepCompromisedKeys(held, served);
    expect(merged.keys.map((k) => [k.kid, k.status, k.compromisedAt])).toEqual([
      [a.kid, 'compromised', '2026-05-01T00:00:00.000Z'],
      [c.kid, 'retired', undefined],
      [b.kid, 'compromised', '2026-05-02T00:00:00.000Z'],
    ]);
    expect(kept).toEqual([
      { kid: a.kid, served: 'active', compromisedAt: '2026-05-01T00:00:00.000Z' },
      { kid: b.kid, served: 'absent', compromisedAt: '2026-05-02T00:00:00.000Z' },
    ]);
    expect(JwksSchema.safeParse(merged).success).toBe(true);
  });

  it('is the served JWKS unchanged when nothing was compromised before', () => {
    const served = jwks(rec(a, 'retired'), rec(b, 'active'));
    expect(keepCompromisedKeys(jwks(rec(a, 'active')), served)).toEqual({ jwks: served, kept: [] });
  });
});

describe('sameServiceUrl', () => {
  it.each([
    ['https://labels.example', 'https://labels.example/', true],
    ['https://LABELS.example:443/base/', 'https://labels.example/base', true],
    ['http://localhost:3000', 'http://localhost:3000', true],
    ['https://labels.example', 'http://labels.example', false],
    ['http://localhost:3000', 'http://127.0.0.1:3000', false],
    ['https://labels.example/a', 'https://labels.example/b', false],
    ['not a url', 'not a url', false],
  ])('%s ~ %s: %s', (x, y, same) => {
    expect(sameServiceUrl(x, y)).toBe(same);
  });
});
