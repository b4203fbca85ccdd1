/**
 * Issuance limits as a property, on the real handlers over dynalite: whatever `POST /labels`
 * accepts verifies as `valid`, renders both QR codes (SVG and PNG) and renders its label art;
 * whatever it refuses is a `400 validation_failed` naming fields, and was never signed. Requests
 * are drawn from the valid fixtures with CJK, astral and decomposed text, long strings and
 * standards lists, many fractional digits and hostile characters, and issuers with long CJK
 * names, so both answers are reached near every limit (issue 11).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_GROUP_HANDLERS } from '../../functions/all-routes.ts';
import { dispatch } from '../../functions/http/dispatch.ts';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import type { AllServices } from '../../shared/app/services.ts';
import { Keyring } from '../../shared/keys/keyring.ts';
import { localKeyRecord } from '../../local/keys/local-signing-key.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import type { Signer } from '../../shared/signing/signer.ts';
import { fixedSigner } from '../../shared/signing/signer-source.ts';
import { liveStatusSource } from '../../shared/verification/status/live-status-source.ts';
import { apiGatewayEvent } from '../support/api-gateway-event.ts';
import { startTestStore } from '../support/dynamodb.ts';
import { VALID_FIXTURES, validFixture } from '../support/fixtures.ts';
import { decodeQrPng } from '../unit/shared/qr/decode-png.ts';
import { accreditedIssuerBody } from '../support/accreditation.ts';

const ADMIN = 'admin-token-for-issuance-limit-tests';
const BASE_URL = 'https://carbon-labels.example-certification-body.com';
const NOW = new Date('2026-12-01T12:00:00Z');

let env: Awaited<ReturnType<typeof startTestStore>>;
let services: AllServices;
/** Signatures made so far: a refusal must make none. */
let signatures = 0;

beforeAll(async () => {
  env = await startTestStore();
  const key = LocalKeySigner.generate();
  await env.store.putSigningKey(localKeyRecord(key, NOW.toISOString()));
  const signer: Signer = { kid: key.kid, alg: key.alg, publicJwk: key.publicJwk, sign: (input) => (signatures++, key.sign(input)) };
  services = {
    store: env.store,
    signing: fixedSigner(signer),
    // Admin routes type-check against every capability; none of these tests rotates keys.
    keyProvisioner: {
      provision: () => Promise.reject(new Error('not used')),
      signerFor: () => Promise.reject(new Error('not used')),
    } as unknown as AllServices['keyProvisioner'],
    keyCaches: [],
    keyring: new Keyring(env.store),
    statusSource: liveStatusSource(env.store),
    now: () => NOW,
    publicBaseUrl: BASE_URL,
    defaultValidityDays: 365,
    adminAuth: { kind: 'token', token: ADMIN },
    logger: createLogger('silent'),
  };
});
afterAll(async () => {
  await env.close();
});

type Group = keyof typeof ROUTE_GROUP_HANDLERS;
const call = (group: Group, ...args: Parameters<typeof apiGatewayEvent>) => dispatch(ROUTE_GROUP_HANDLERS[group], apiGatewayEvent(...args), services);
const json = (result: { body?: string }) => JSON.parse(result.body ?? 'null') as Record<string, any>;

const issuerKeys = new Map<string, string>();
/** The API key of an issuer named `name` (registered once), or the refusal when the name is refused. */
async function issuerKey(name: string): Promise<{ apiKey: string } | { refused: Record<string, any>; status: number }> {
  const known = issuerKeys.get(name);
  if (known) return { apiKey: known };
  const res = await call('admin', 'POST /admin/issuers', { body: accreditedIssuerBody(name), headers: { authorization: `Bearer ${ADMIN}` } });
  if (res.statusCode !== 201) return { refused: json(res), status: res.statusCode };
  const apiKey = json(res).apiKey as string;
  issuerKeys.set(name, apiKey);
  return { apiKey };
}

// ---- generators -------------------------------------------------------------------------------

/** Strings of `unit`s with a length drawn evenly from 1 to `max` (fast-check's default favours short ones). */
const ofLength = (unit: fc.Arbitrary<string>, max: number) => fc.integer({ min: 1, max }).chain((n) => fc.string({ unit, minLength: n, maxLength: n }));
const CJK = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
const ASTRAL = fc.constantFrom('🌍', '𠀋', '🏭', '𝔸');
/** Text that NFC composes: "e" + combining acute becomes "é", so it shrinks when normalised. */
const DECOMPOSED = fc.constantFrom('e\u0301', 'a\u0308', 'A', 'n\u0303', ' ');
const LATIN = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,:/()&');
/** Issuer-controlled text of up to `max` code units (the decomposed kind up to twice that before NFC). */
const text = (max: number) =>
  fc.oneof(
    { arbitrary: ofLength(LATIN, max), weight: 3 },
    { arbitrary: ofLength(CJK, max), weight: 3 },
    { arbitrary: ofLength(ASTRAL, Math.floor(max / 2)), weight: 1 },
    { arbitrary: ofLength(DECOMPOSED, max), weight: 1 },
  );
/** What one field may be spoiled with: characters no issuer text may carry, a blank, too much text. */
const POISON = fc.constantFrom(
  '\u200b',
  ' \u200b\u2060 ',
  'Acme\u202eleets',
  'A\u2066B\u2069',
  'tab\there',
  'nul\u0000',
  'c1\u0085',
  'lone\ud800',
  'rlm\u200f',
  'alm\u061c',
  '钢'.repeat(201),
  'x'.repeat(2001),
);

const digits = (maxLength: number) =>
  fc.integer({ min: 0, max: maxLength }).chain((n) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n }));
/** An RFC 3339 time on the fixture's date with up to 9 (rarely up to 30) fractional digits and some offset. */
const timestamp = (iso: string) =>
  fc
    .tuple(fc.oneof({ arbitrary: digits(9), weight: 9 }, { arbitrary: digits(30), weight: 1 }), fc.constantFrom('Z', '+00:00', '+05:30', '-08:00'))
    .map(([fraction, offset]) => `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}${offset}`);

const fixtureNames = VALID_FIXTURES.map((f) => f.name);
const POISONED_FIELDS = ['issuer', 'product.name', 'product.description', 'standard', 'verification.providerName', 'cbam.installation.name'] as const;

const labelRequest = fc
  .record(
    {
      fixture: fc.constantFrom(...fixtureNames),
      issuerName: fc.oneof(fc.constantFrom('Acme Steel', '中'.repeat(100), '中'.repeat(200), '🌍'.repeat(100), 'Cafe\u0301 '.repeat(33)), text(200)),
      productName: text(200),
      description: text(300),
      standards: fc
        .oneof({ arbitrary: fc.integer({ min: 1, max: 20 }), weight: 12 }, { arbitrary: fc.constant(21), weight: 1 })
        .chain((n) => fc.array(text(64), { minLength: n, maxLength: n })),
      extraIds: fc.array(
        ofLength(LATIN, 180).map((nss) => `urn:example:${nss.replace(/\s/g, '_')}`),
        { maxLength: 3 },
      ),
      periodStart: fc.boolean(),
      periodEnd: fc.boolean(),
      provider: text(200),
      installation: text(200),
      validYears: fc.oneof(fc.constant(undefined), fc.double({ min: 0.01, max: 11, noNaN: true })),
      poison: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.tuple(POISON, fc.constantFrom(...POISONED_FIELDS)), weight: 1 }),
    },
    { requiredKeys: ['fixture', 'issuerName', 'poison'] },
  )
  .chain((r) => {
    const body = validFixture(r.fixture) as Record<string, any>;
    return fc.tuple(timestamp(body.footprint.referencePeriodStart as string), timestamp(body.footprint.referencePeriodEnd as string)).map(([start, end]) => {
      let issuerName = r.issuerName;
      if (r.productName !== undefined) body.product.name = r.productName;
      if (r.description !== undefined) body.product.description = r.description;
      if (r.extraIds) body.product.ids = [...(body.product.ids as string[]), ...r.extraIds];
      if (r.standards) body.footprint.crossSectoralStandards = r.standards;
      if (r.periodStart) body.footprint.referencePeriodStart = start;
      if (r.periodEnd) body.footprint.referencePeriodEnd = end;
      if (r.provider !== undefined && body.verification) body.verification.providerName = r.provider;
      if (r.installation !== undefined && body.cbam?.installation) body.cbam.installation.name = r.installation;
      if (r.validYears !== undefined) body.validUntil = new Date(NOW.getTime() + r.validYears * 365.25 * 86_400_000).toISOString();
      if (r.poison) {
        const [bad, where] = r.poison;
        if (where === 'issuer') issuerName = `${issuerName.slice(0, 150)}${bad}`;
        else if (where === 'standard') body.footprint.crossSectoralStandards[0] = bad;
        else if (where === 'product.name') body.product.name = bad;
        else if (where === 'product.description') body.product.description = bad;
        else if (where === 'verification.providerName' && body.verification) body.verification.providerName = bad;
        else if (where === 'cbam.installation.name' && body.cbam?.installation) body.cbam.installation.name = bad;
      }
      return { issuerName, body };
    });
  });

// ---- the property -----------------------------------------------------------------------------

const isNfc = (value: unknown): boolean =>
  typeof value === 'string'
    ? value === value.normalize('NFC')
    : Array.isArray(value)
      ? value.every(isNfc)
      : value !== null && typeof value === 'object'
        ? Object.values(value).every(isNfc)
        : true;

function expectFieldRefusal(status: number, problem: Record<string, any>): void {
  expect(status, JSON.stringify(problem)).toBe(400);
  expect(problem.code).toBe('validation_failed');
  expect(problem.errors.length).toBeGreaterThan(0);
  for (const issue of problem.errors as { path: string; message: string }[]) {
    expect(issue.path).toMatch(/^[A-Za-z]/);
    expect(issue.message.length).toBeGreaterThan(10);
  }
}

/** Everything an accepted label must do. */
async function expectUsable(label: Record<string, any>): Promise<void> {
  const verdict = json(await call('verify', 'POST /verify', { body: { token: label.token } }));
  expect(verdict.status, `${verdict.reason} (token of ${String(label.token).length} characters)`).toBe('valid');
  for (const mode of ['full', 'compact']) {
    for (const route of ['GET /labels/{id}/qr.svg', 'GET /labels/{id}/qr.png', 'GET /labels/{id}/label.svg'] as const) {
      const res = await call('pages', route, { pathParameters: { id: label.id as string }, query: { mode } });
      expect(res.statusCode, `${route} mode=${mode}: ${res.body?.slice(0, 300)}`).toBe(200);
    }
  }
  expect(isNfc(label.record), 'the record stores NFC text').toBe(true);
}

describe('issuance limits (property): accepted ⇒ verifies valid ⇒ both QR modes render ⇒ label art renders', () => {
  it('holds for requests drawn near every limit, and both answers occur', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(labelRequest, async ({ issuerName, body }) => {
        const issuer = await issuerKey(issuerName);
        if ('refused' in issuer) {
          expectFieldRefusal(issuer.status, issuer.refused);
          return;
        }
        const signed = signatures;
        const res = await call('issuer', 'POST /labels', { body, headers: { authorization: `Bearer ${issuer.apiKey}` } });
        if (res.statusCode === 201) {
          accepted++;
          await expectUsable(json(res));
        } else {
          refused++;
          expectFieldRefusal(res.statusCode, json(res));
          expect(signatures, 'a refused label is never signed').toBe(signed);
        }
      }),
      // Each accepted label draws several version-30-to-40 QR codes: 40 runs keep this under half a
      // minute on two cores. FC_RUNS=500 for a longer search, FC_SEED to replay a failure.
      { numRuns: Number(process.env.FC_RUNS ?? 40), ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}) },
    );
    expect(accepted, 'some requests are accepted').toBeGreaterThan(5);
    expect(refused, 'some requests are refused').toBeGreaterThan(5);
  });
});

describe('issuance limits: the cases that used to be signed and then fail', () => {
  async function issueAs(issuerName: string, body: unknown) {
    const issuer = await issuerKey(issuerName);
    if ('refused' in issuer) throw new Error(`issuer refused: ${JSON.stringify(issuer.refused)}`);
    return call('issuer', 'POST /labels', { body, headers: { authorization: `Bearer ${issuer.apiKey}` } });
  }
  const paths = (res: { body?: string }) => (json(res).errors as { path: string }[]).map((e) => e.path);

  it('a reference period with 30 fractional digits is refused naming it (it used to verify as malformed)', async () => {
    const body = validFixture('steel-hot-rolled-coil') as Record<string, any>;
    body.footprint.referencePeriodStart = `2025-01-01T00:00:00.${'0'.repeat(30)}Z`;
    const res = await issueAs('Acme Steel', body);
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toContain('footprint.referencePeriodStart');
  });

  it('twenty long standards are refused naming the list (the token outgrew its QR code)', async () => {
    const body = validFixture('steel-hot-rolled-coil') as Record<string, any>;
    body.footprint.crossSectoralStandards = Array.from({ length: 20 }, (_, i) => `ISO 14067:2018 clause ${i} `.padEnd(64, 'x'));
    const res = await issueAs('Acme Steel', body);
    expect(res.statusCode, res.body?.slice(0, 400)).toBe(400);
    expect(json(res).code).toBe('validation_failed');
    expect(paths(res)).toContain('footprint.crossSectoralStandards');
    expect(JSON.stringify(json(res).errors)).toMatch(/QR code/);
  });

  it('200-character CJK issuer and product names are refused naming the product name (the QR routes answered 500)', async () => {
    const body = validFixture('steel-hot-rolled-coil') as Record<string, any>;
    body.product.name = '钢'.repeat(200);
    const res = await issueAs('中'.repeat(200), body);
    expect(res.statusCode, res.body?.slice(0, 400)).toBe(400);
    // The request's own fields come first: the issuer cannot change its registered name.
    expect(paths(res)).toEqual(['product.name']);
    expect(json(res).errors[0].message).toMatch(
      /^must be shorter: the signed token would be \d+ characters, but the full QR code holds at most \d+ after this service.s address/,
    );
  });

  it('a reference period ending after the label stops being valid is refused, default validity included', async () => {
    const late = validFixture('steel-hot-rolled-coil') as Record<string, any>;
    late.footprint.referencePeriodEnd = '2031-01-01T00:00:00Z';
    expect(paths(await issueAs('Acme Steel', late))).toEqual(['footprint.referencePeriodEnd']);
    const byDefault = validFixture('steel-hot-rolled-coil') as Record<string, any>;
    delete byDefault.validUntil; // one year from NOW
    byDefault.footprint.referencePeriodEnd = '2028-01-01T00:00:00Z';
    const res = await issueAs('Acme Steel', byDefault);
    expect(paths(res)).toEqual(['footprint.referencePeriodEnd']);
    expect(json(res).errors[0].message).toContain('2027-12-01T12:00:00.000Z');
  });

  it('a refused label claims no Idempotency-Key: the corrected retry with the same key is issued', async () => {
    const issuer = await issuerKey('Acme Steel');
    if ('refused' in issuer) throw new Error('issuer refused');
    const headers = { authorization: `Bearer ${issuer.apiKey}`, 'idempotency-key': 'retry-after-fixing-the-size' };
    const tooBig = validFixture('steel-hot-rolled-coil') as Record<string, any>;
    tooBig.footprint.crossSectoralStandards = Array.from({ length: 20 }, (_, i) => `ISO 14067:2018 clause ${i} `.padEnd(64, 'x'));
    expect((await call('issuer', 'POST /labels', { body: tooBig, headers })).statusCode).toBe(400);
    const fixed = await call('issuer', 'POST /labels', { body: validFixture('steel-hot-rolled-coil'), headers });
    expect(fixed.statusCode, fixed.body?.slice(0, 400)).toBe(201);
  });

  it('100-character CJK names still fit, and their full QR decodes to the verify URL', async () => {
    const body = validFixture('aluminium-primary-ingot') as Record<string, any>;
    body.product.name = '铝锭'.repeat(50);
    const res = await issueAs('中'.repeat(100), body);
    expect(res.statusCode, res.body?.slice(0, 400)).toBe(201);
    const label = json(res);
    await expectUsable(label);
    const png = await call('pages', 'GET /labels/{id}/qr.png', { pathParameters: { id: label.id as string }, query: { size: '1200' } });
    expect(decodeQrPng(Buffer.from(png.body!, 'base64')).text).toBe(`${BASE_URL}/v/${label.token}`);
  });
});
