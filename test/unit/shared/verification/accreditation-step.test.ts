/** The accreditation step: withdrawn → failure at any time, suspended → warning, expired → nothing. */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import type { TrustList } from '../../../../shared/trust-list/trust-list.ts';
import { judgeAccreditation, schemeRefOf } from '../../../../shared/verification/accreditation-step.ts';
import { sampleClaims } from '../../../support/sample-claims.ts';
import { sampleTrustList } from '../../../support/sample-trust-list.ts';

const root = LocalKeySigner.generate();
const labelKey = LocalKeySigner.generate();
const ACC = 'acc_0123456789ab';
const claims = sampleClaims('abcdefghjkmnpqrs', { hsc: '720851', acc: ACC });

function listWith(
  issuer: Partial<TrustList['issuers'][number]> = {},
  accreditation: Partial<TrustList['issuers'][number]['accreditations'][number]> = {},
): TrustList {
  const base = sampleTrustList(root, labelKey);
  const i = base.issuers[0]!;
  return {
    ...base,
    issuers: [{ ...i, ...issuer, accreditations: [{ ...i.accreditations[0]!, id: ACC, productCategories: ['72', '7208'], ...accreditation }] }],
  };
}

describe('judgeAccreditation', () => {
  it('names the scheme, the issuer and the accreditation with the matched (longest) category', () => {
    const j = judgeAccreditation(claims, listWith());
    expect(j.withdrawn).toBeUndefined();
    expect(j.fields.scheme).toEqual({ id: 'cn-pcf.example', name: 'Example product carbon footprint scheme', rootThumbprint: root.kid });
    expect(j.fields.issuer).toMatchObject({
      id: 'org_0123456789ab',
      name: 'Acme Steel',
      role: 'certification_body',
      accreditation: {
        id: ACC,
        scope: { productCategory: '7208', hsCode: '720851', markets: ['EU', 'CN'] },
        accreditedBy: 'CNAS',
        status: 'active',
        validUntil: '2028-01-01T00:00:00.000Z',
      },
    });
    expect(j.fields.warnings).toBeUndefined();
    expect(schemeRefOf(listWith()).rootThumbprint).toBe(root.kid);
  });

  it('a withdrawn accreditation or issuer fails the label, whenever it was withdrawn', () => {
    const acc = judgeAccreditation(claims, listWith({}, { status: 'withdrawn', statusAt: 1 }));
    expect(acc.withdrawn).toMatch(/withdrawn accreditation acc_0123456789ab/);
    expect(acc.fields.issuer?.accreditation?.status).toBe('withdrawn');
    expect(judgeAccreditation(claims, listWith({ status: 'withdrawn' })).withdrawn).toMatch(/withdrawn the issuer Acme Steel/);
    // Labels without acc of a withdrawn issuer fail too.
    expect(judgeAccreditation(sampleClaims('abcdefghjkmnpqrs'), listWith({ status: 'withdrawn' })).withdrawn).toBeDefined();
  });

  it('suspension warns and does not fail', () => {
    const j = judgeAccreditation(claims, listWith({ status: 'suspended' }, { status: 'suspended' }));
    expect(j.withdrawn).toBeUndefined();
    expect(j.fields.warnings?.map((w) => w.code)).toEqual(['issuer_suspended', 'accreditation_suspended']);
  });

  it('an accreditation expired since issuance changes nothing (expiry is judged at issuance)', () => {
    const j = judgeAccreditation(claims, listWith({}, { validUntil: 1000 }));
    expect(j.withdrawn).toBeUndefined();
    expect(j.fields.warnings).toBeUndefined();
  });

  it('an older label without acc gets the issuer as listed, no accreditation, no failure', () => {
    const j = judgeAccreditation(sampleClaims('abcdefghjkmnpqrs'), listWith());
    expect(j.withdrawn).toBeUndefined();
    expect(j.fields.issuer).toMatchObject({ id: 'org_0123456789ab', name: 'Acme Steel' });
    expect(j.fields.issuer?.accreditation).toBeUndefined();
  });

  it('an unlisted issuer or accreditation warns (the list may predate it) and never fails', () => {
    const other = judgeAccreditation(sampleClaims('abcdefghjkmnpqrs', { iss: 'org_zzzzzzzzzzzz', acc: ACC }), listWith());
    expect(other.withdrawn).toBeUndefined();
    expect(other.fields.issuer).toBeUndefined();
    expect(other.fields.warnings?.[0]?.code).toBe('accreditation_unlisted');
    const unknownAcc = judgeAccreditation(sampleClaims('abcdefghjkmnpqrs', { acc: 'acc_zzzzzzzzzzzz' }), listWith());
    expect(unknownAcc.fields.issuer?.accreditation).toBeUndefined();
    expect(unknownAcc.fields.warnings?.[0]?.code).toBe('accreditation_unlisted');
    expect(judgeAccreditation(sampleClaims('abcdefghjkmnpqrs', { iss: 'org_zzzzzzzzzzzz' }), listWith()).fields).toEqual({ scheme: schemeRefOf(listWith()) });
  });
});
