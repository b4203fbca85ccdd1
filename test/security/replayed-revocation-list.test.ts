/**
 * A replayed revocation list: an attacker hands an offline verifier an OLDER, genuinely signed
 * list that predates a revocation. The signature cannot tell old from new, so the defence is the
 * freshness bound: every offline verdict names the list's `issuedAt` (`statusSource.asOf`), and a
 * bundle older than the verifier's maximum age is flagged stale with a warning. Edited or foreign
 * lists are refused outright. Real store (dynalite over HTTP), real signing, no network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { toJwks } from '../../shared/keys/jwks.ts';
import { issueLabel } from '../../shared/label/issue-label.ts';
import { RevocationListPublisher } from '../../shared/revocation/revocation-list-publisher.ts';
import { fixedSigner } from '../../shared/signing/signer-source.ts';
import { DEFAULT_MAX_BUNDLE_AGE_HOURS, bundleFreshness } from '../../shared/trust/bundle-freshness.ts';
import { verifyWithTrustBundle } from '../../shared/verification/verify-with-trust-bundle.ts';
import { TrustBundleError, createTrustBundleFile, loadTrustBundle } from '../../shared/trust/trust-bundle.ts';
import { startTestStore } from '../support/dynamodb.ts';
import { broadAccreditationRecord } from '../support/accreditation.ts';
import { validFixture } from '../support/fixtures.ts';
import { keyRecordFor } from './attack-corpus.ts';

const signer = LocalKeySigner.generate();
const T0 = new Date('2030-01-01T00:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
let ctx: Awaited<ReturnType<typeof startTestStore>>;
let token: string;
let oldList: string;
let newList: string;
const jwks = toJwks([keyRecordFor(signer, 'active', T0.toISOString())]);

const bundleWith = (revocations: string, fetchedAt: Date) =>
  loadTrustBundle(createTrustBundleFile({ source: 'https://labels.example', fetchedAt, jwks, revocations }));

beforeAll(async () => {
  ctx = await startTestStore();
  const issuer = {
    id: 'org_0123456789ab',
    name: 'Replay Co',
    role: 'certification_body' as const,
    status: 'active' as const,
    createdAt: T0.toISOString(),
    apiKeyHash: '0'.repeat(64),
  };
  await ctx.store.createAccreditation(broadAccreditationRecord(issuer.id, T0));
  const body = validFixture('steel-hot-rolled-coil');
  delete body.validUntil; // the fixture's end date lies before T0
  const { label } = await issueLabel(
    { store: ctx.store, signer, now: () => T0, defaultValidityDays: 365, publicBaseUrl: 'https://labels.example' },
    issuer,
    body,
  );
  token = label.token;
  const deps = (now: Date) => ({ store: ctx.store, signing: fixedSigner(signer), now: () => now, issuer: 'https://labels.example' });
  oldList = (await new RevocationListPublisher().current(deps(later(60)))).jws;
  expect((await ctx.store.revokeLabel(label.record.id, issuer.id, { revokedAt: later(120).toISOString(), reason: 'Footprint was wrong' })).outcome).toBe(
    'revoked',
  );
  newList = (await new RevocationListPublisher().current(deps(later(3600)))).jws;
});

afterAll(async () => {
  await ctx?.close();
});

describe('a replayed (older, genuinely signed) revocation list', () => {
  it('the current list says revoked', () => {
    expect(verifyWithTrustBundle(bundleWith(newList, later(3600)), token, later(3700)).status).toBe('revoked');
  });

  it('the replayed list cannot show the revocation, but its verdict states how old its status is', () => {
    const v = verifyWithTrustBundle(bundleWith(oldList, later(3600)), token, later(3700));
    expect(v.status).toBe('valid');
    expect(v.statusSource).toEqual({ kind: 'offline', asOf: T0.toISOString() });
  });

  it('past the maximum age the replayed bundle is flagged stale with a warning', () => {
    const maxAge = DEFAULT_MAX_BUNDLE_AGE_HOURS * 3600;
    const bundle = bundleWith(oldList, later(3600));
    expect(bundleFreshness(bundle, later(maxAge - 1), maxAge).stale).toBe(false);
    const stale = bundleFreshness(bundle, later(maxAge + 1), maxAge);
    expect(stale.stale).toBe(true);
    expect(stale.warning).toMatch(/stale/);
  });

  it('a verifier clock set back before the list’s cut or the bundle’s fetch is reported, not taken as fresh', () => {
    // Setting the clock back makes any old bundle look young; the bundle's own times give it away.
    const bundle = bundleWith(oldList, later(3600));
    expect(bundleFreshness(bundle, later(3600), 3600).clockBehindBundle).toBe(false);
    const beforeFetch = bundleFreshness(bundle, later(1800), 3600);
    expect(beforeFetch).toMatchObject({ clockBehindBundle: true, stale: false });
    expect(beforeFetch.clockWarning).toContain(later(3600).toISOString());
    const beforeCut = bundleFreshness(bundle, later(-60), 3600);
    expect(beforeCut.clockBehindBundle).toBe(true);
    expect(beforeCut.clockWarning).toContain(T0.toISOString());
  });

  it('a list edited to drop the revocation is refused', () => {
    const [h, p, s] = newList.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { sup: _sup, ...rest } = payload;
    const edited = { ...rest, n: 0, ids: '', t: [], r: [], ri: [] };
    expect(() => bundleWith(`${h}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${s}`, later(3600))).toThrow(TrustBundleError);
  });

  it('a list signed by a key outside the bundle’s JWKS is refused', async () => {
    const attacker = LocalKeySigner.generate();
    const forged = (
      await new RevocationListPublisher().current({
        store: ctx.store,
        signing: fixedSigner(attacker),
        now: () => later(3600),
        issuer: 'https://labels.example',
      })
    ).jws;
    expect(() => bundleWith(forged, later(3600))).toThrow(TrustBundleError);
  });

  it('a label token is not accepted as a revocation list (typ confusion)', () => {
    expect(() => bundleWith(token, later(3600))).toThrow(TrustBundleError);
  });
});
