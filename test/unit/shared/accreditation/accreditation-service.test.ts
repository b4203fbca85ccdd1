/** The accreditation use cases over an in-memory store: the rules, without HTTP or dynalite. */
import { describe, expect, it } from 'vitest';
import type { Accreditation } from '../../../../shared/accreditation/accreditation.ts';
import {
  accreditIssuer,
  changeAccreditationStatus,
  checkAccreditationRequest,
  withdrawIssuer,
  type AccreditationDeps,
} from '../../../../shared/accreditation/accreditation-service.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/errors/errors.ts';
import { createIssuer } from '../../../../shared/issuers/issuer-service.ts';
import type { Issuer } from '../../../../shared/issuers/issuer.ts';
import { scopeFactsOf } from '../../../../shared/label/issue-label.ts';
import { createLabelRequestSchema } from '../../../../shared/label/request-schema.ts';
import { STEEL_ACCREDITATION } from '../../../support/accreditation.ts';
import { validFixture } from '../../../support/fixtures.ts';

const NOW = new Date('2026-06-01T00:00:00Z');

/** Just enough of the store, with the same terminal rules as the DynamoDB adapter. */
function memoryStore() {
  const issuers = new Map<string, Issuer>();
  const accreditations = new Map<string, Accreditation>();
  const store = {
    async createIssuer(issuer: Issuer) {
      issuers.set(issuer.id, issuer);
    },
    async getIssuer(id: string) {
      return issuers.get(id);
    },
    async listIssuers() {
      return { items: [...issuers.values()] };
    },
    async setIssuerStatus(id: string, status: 'active' | 'suspended') {
      const i = issuers.get(id);
      if (!i || i.status === 'withdrawn') return i;
      const next = { ...i, status };
      issuers.set(id, next);
      return next;
    },
    async withdrawIssuer(id: string, w: { at: string; reason: string }) {
      const i = issuers.get(id);
      if (!i || i.status === 'withdrawn') return i;
      const next: Issuer = { ...i, status: 'withdrawn', withdrawnAt: w.at, withdrawalReason: w.reason };
      issuers.set(id, next);
      return next;
    },
    async replaceIssuerApiKeyHash() {
      return { outcome: 'not_found' as const };
    },
    async createAccreditation(a: Accreditation) {
      if (accreditations.has(a.id)) return 'exists' as const;
      accreditations.set(a.id, a);
      return 'created' as const;
    },
    async getAccreditation(issuerId: string, id: string) {
      const a = accreditations.get(id);
      return a?.issuerId === issuerId ? a : undefined;
    },
    async listAccreditations(issuerId: string) {
      return [...accreditations.values()].filter((a) => a.issuerId === issuerId);
    },
    async setAccreditationStatus(issuerId: string, id: string, change: { status: Accreditation['status']; at: string; reason: string }) {
      const a = accreditations.get(id);
      if (!a || a.issuerId !== issuerId) return undefined;
      if (a.status === change.status || a.status === 'withdrawn') return a;
      const next = { ...a, status: change.status, statusAt: change.at, statusReason: change.reason };
      accreditations.set(id, next);
      return next;
    },
  };
  return { store, issuers, accreditations };
}

const depsOf = (store: ReturnType<typeof memoryStore>['store']) => ({ store, now: () => NOW }) as AccreditationDeps & { store: typeof store };

describe('createIssuer with an inline accreditation', () => {
  it('stores the issuer and its accreditation, in force from now', async () => {
    const { store } = memoryStore();
    const created = await createIssuer(depsOf(store), { name: 'Steel Co', accreditation: STEEL_ACCREDITATION });
    expect(created.role).toBe('certification_body');
    expect(created.accreditations).toEqual([
      expect.objectContaining({ issuerId: created.id, from: NOW.toISOString(), validUntil: '2099-12-31T00:00:00.000Z', status: 'active' }),
    ]);
  });

  it('stores nothing when the accreditation breaks a rule (a manufacturer without GTIN prefixes)', async () => {
    const { store, issuers } = memoryStore();
    const refused = createIssuer(depsOf(store), { name: 'Maker', role: 'manufacturer', accreditation: STEEL_ACCREDITATION });
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ issues: [{ path: 'accreditation.gtinPrefixes' }] });
    expect(issuers.size).toBe(0);
  });
});

describe('accreditation rules', () => {
  it('a validUntil in the past is refused, under the given path prefix', () => {
    expect(() =>
      checkAccreditationRequest({ ...STEEL_ACCREDITATION, productCategories: ['72'], validUntil: '2026-01-01T00:00:00Z' }, 'certification_body', NOW, 'x.'),
    ).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: 'x.validUntil' })] }));
  });

  it('a withdrawn issuer is never accredited again; an unknown one is not found', async () => {
    const { store } = memoryStore();
    const deps = depsOf(store);
    const created = await createIssuer(deps, { name: 'Gone Co' });
    await withdrawIssuer(deps, created.id, { reason: 'fraud' });
    await expect(accreditIssuer(deps, created.id, STEEL_ACCREDITATION)).rejects.toMatchObject({ code: 'already_withdrawn' });
    await expect(accreditIssuer(deps, 'org_000000000000', STEEL_ACCREDITATION)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('withdrawn is final: suspend and reinstate are already_withdrawn, withdraw again returns it unchanged', async () => {
    const { store } = memoryStore();
    const deps = depsOf(store);
    const created = await createIssuer(deps, { name: 'Final Co', accreditation: STEEL_ACCREDITATION });
    const aid = created.accreditations[0]!.id;
    await changeAccreditationStatus(deps, created.id, aid, 'withdrawn', { reason: 'first' });
    for (const status of ['active', 'suspended'] as const) {
      await expect(changeAccreditationStatus(deps, created.id, aid, status, { reason: 'x' })).rejects.toBeInstanceOf(ConflictError);
    }
    expect(await changeAccreditationStatus(deps, created.id, aid, 'withdrawn', { reason: 'second' })).toMatchObject({ statusReason: 'first' });
    await expect(changeAccreditationStatus(deps, 'org_000000000000', aid, 'suspended', { reason: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('withdrawing an issuer withdraws every accreditation, and a repeat finishes what an earlier attempt left', async () => {
    const { store, accreditations } = memoryStore();
    const deps = depsOf(store);
    const created = await createIssuer(deps, { name: 'Rogue Co', accreditation: STEEL_ACCREDITATION });
    await accreditIssuer(deps, created.id, { ...STEEL_ACCREDITATION, productCategories: ['09'] });
    const first = await withdrawIssuer(deps, created.id, { reason: 'fraud' });
    expect(first.issuer).toMatchObject({ status: 'withdrawn', withdrawalReason: 'fraud' });
    expect(first.accreditations.map((a) => a.status)).toEqual(['withdrawn', 'withdrawn']);
    // As if an earlier attempt stopped after the issuer: one accreditation still active.
    const [one] = [...accreditations.values()];
    accreditations.set(one!.id, { ...one!, status: 'active' });
    const again = await withdrawIssuer(deps, created.id, { reason: 'again' });
    expect(again.issuer.withdrawalReason).toBe('fraud');
    expect(again.accreditations.map((a) => a.status)).toEqual(['withdrawn', 'withdrawn']);
  });
});

describe('scopeFactsOf', () => {
  it('takes the HS code, standards, EU for a CBAM block, and the GTINs without their URN prefix', () => {
    const body = validFixture('steel-hot-rolled-coil');
    (body.product as { ids: string[] }).ids.push('urn:example:sku:42');
    const request = createLabelRequestSchema(() => NOW).parse(body);
    expect(scopeFactsOf(request)).toEqual({ hsCode: '720839', standards: ['ISO14067'], markets: ['EU'], gtins: ['06901234560015'] });
    const coffee = createLabelRequestSchema(() => NOW).parse(validFixture('roasted-coffee'));
    expect(scopeFactsOf(coffee).markets).toEqual([]);
  });
});
