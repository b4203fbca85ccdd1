/** A plausible trust list for tests that sign one directly. */
import type { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import type { TrustList } from '../../shared/trust-list/trust-list.ts';

/** A scheme with one label key and one accredited steel issuer, signed (by the caller) with `root`. */
export function sampleTrustList(
  root: Pick<LocalKeySigner, 'kid' | 'publicJwk'>,
  labelKey: Pick<LocalKeySigner, 'kid' | 'publicJwk'>,
  overrides: Partial<TrustList> = {},
): TrustList {
  const t = (iso: string) => Date.parse(iso) / 1000;
  return {
    v: 1,
    scheme: { id: 'cn-pcf.example', name: 'Example product carbon footprint scheme' },
    seq: 7,
    iat: t('2026-12-01T00:00:00Z'),
    nxt: t('2026-12-01T01:00:00Z'),
    root: { kid: root.kid, jwk: { ...root.publicJwk } },
    keys: [{ kid: labelKey.kid, alg: 'ES256', jwk: { ...labelKey.publicJwk }, status: 'active', from: t('2026-01-01T00:00:00Z') }],
    issuers: [
      {
        id: 'org_0123456789ab',
        name: 'Acme Steel',
        role: 'certification_body',
        status: 'active',
        accreditations: [
          {
            id: 'acc_steel',
            productCategories: ['7208'],
            markets: ['EU', 'CN'],
            from: t('2026-01-01T00:00:00Z'),
            validUntil: t('2028-01-01T00:00:00Z'),
            accreditedBy: 'CNAS',
            reference: 'CNAS-PCF-0042',
            status: 'active',
          },
        ],
      },
    ],
    ...overrides,
  };
}
