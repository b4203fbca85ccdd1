/**
 * The authorization matrix: every route in `ROUTES` × every kind of caller, over HTTP on a real
 * server. The table below IS the documentation of who may do what (SECURITY.md summarises it);
 * routes without a row follow the generic rule of their declared `auth`. Afterwards, the service's
 * logs must hold no API key, no admin token and no bearer credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { ALL_ROUTE_HANDLERS } from '../../functions/all-routes.ts';
import { ROUTES, routeKeyOf, type RouteAuth, type RouteKey } from '../../functions/routes.ts';
import { STEEL_ACCREDITATION } from '../support/accreditation.ts';
import { validFixture } from '../support/fixtures.ts';
import { keyRecordFor } from './attack-corpus.ts';
import { countLabels, expectProblem, issue, startSecurityHarness, type SecurityHarness } from './harness.ts';
import { withLastCharacterChanged } from '../support/altered.ts';
import type { CreatedTestIssuer } from '../support/local-service.ts';

/** Kinds of caller. */
const CALLERS = ['none', 'wrong', 'other', 'suspended', 'admin', 'issuer'] as const;
type Caller = (typeof CALLERS)[number];

/** An expected outcome: a status and, for errors, the problem code. */
type Outcome = readonly [status: number, code?: string];
type Row = Readonly<Record<Caller, Outcome>>;

const OK: Outcome = [200];
const CREATED: Outcome = [201];
const UNAUTH: Outcome = [401, 'unauthenticated'];
const publicRow: Row = { none: OK, wrong: OK, other: OK, suspended: OK, admin: OK, issuer: OK };
const adminRow = (ok: Outcome): Row => ({ none: UNAUTH, wrong: UNAUTH, other: UNAUTH, suspended: UNAUTH, admin: ok, issuer: UNAUTH });

/**
 * Who may do what. `issuer` is the label's issuer (issuer A); `other` another active issuer;
 * `suspended` a suspended issuer acting on its OWN label; `wrong` a set of bad credentials
 * (wrong secret, wrong issuer id, altered key, another scheme, an almost-admin token).
 */
const MATRIX: Partial<Record<RouteKey, Row>> = {
  'POST /labels': { none: UNAUTH, wrong: UNAUTH, other: CREATED, suspended: [403, 'issuer_suspended'], admin: UNAUTH, issuer: CREATED },
  'GET /labels': { none: UNAUTH, wrong: UNAUTH, other: OK, suspended: OK, admin: UNAUTH, issuer: OK },
  'POST /labels/{id}/revoke': { none: UNAUTH, wrong: UNAUTH, other: [404, 'not_found'], suspended: OK, admin: UNAUTH, issuer: OK },
  'GET /labels/{id}': publicRow,
  'POST /verify': publicRow,
  'GET /.well-known/jwks.json': publicRow,
  'GET /health': publicRow,
  'GET /openapi.json': publicRow,
  'GET /revocations': publicRow,
  'GET /trust-list': publicRow,
  'GET /.well-known/carbon-label-root.json': publicRow,
  'GET /labels/{id}/qr.svg': publicRow,
  'GET /labels/{id}/qr.png': publicRow,
  'GET /labels/{id}/label.svg': publicRow,
  'GET /v/{token}': publicRow,
  'GET /l/{id}': publicRow,
  'POST /admin/issuers': adminRow(CREATED),
  'GET /admin/issuers': adminRow(OK),
  'POST /admin/issuers/{id}/suspend': adminRow(OK),
  'POST /admin/issuers/{id}/reinstate': adminRow(OK),
  'POST /admin/issuers/{id}/rotate-key': adminRow(OK),
  'POST /admin/issuers/{id}/accreditations': adminRow(CREATED),
  'GET /admin/issuers/{id}/accreditations': adminRow(OK),
  'POST /admin/issuers/{id}/accreditations/{aid}/suspend': adminRow(OK),
  'POST /admin/issuers/{id}/accreditations/{aid}/reinstate': adminRow(OK),
  'POST /admin/issuers/{id}/accreditations/{aid}/withdraw': adminRow(OK),
  'POST /admin/issuers/{id}/withdraw': adminRow(OK),
  'POST /admin/labels/{id}/revoke': adminRow(OK),
  'POST /admin/signing-keys/rotate': adminRow(OK),
  'POST /admin/signing-keys/{kid}/compromise': adminRow(OK),
};

/** The generic rule of a declared `auth` (for routes without a row, and to check the rows). */
function genericAllows(auth: RouteAuth, caller: Caller): boolean {
  if (auth === 'none') return true;
  if (auth === 'admin') return caller === 'admin';
  return caller === 'issuer' || caller === 'other' || caller === 'suspended';
}

const dummyKey = LocalKeySigner.generate();
let h: SecurityHarness;
let A: CreatedTestIssuer;
let B: CreatedTestIssuer;
let S: CreatedTestIssuer;
let labelA: { id: string; token: string };
const suspendedOwnLabels: string[] = [];
const secrets: string[] = [];

function credentials(caller: Caller): (string | undefined)[] {
  const key = A.apiKey;
  switch (caller) {
    case 'none':
      return [undefined];
    case 'wrong':
      return [
        `Bearer clk_${A.id}_${'x'.repeat(43)}`,
        `Bearer clk_org_000000000000_${key.slice(-43)}`,
        `Bearer ${withLastCharacterChanged(key)}`,
        `Basic ${Buffer.from(`${A.id}:${key}`).toString('base64')}`,
        `Bearer ${h.svc.adminToken}x`,
        'Bearer ',
        `Bearer ${key} ${key}`,
      ];
    case 'other':
      return [`Bearer ${B.apiKey}`];
    case 'suspended':
      return [`Bearer ${S.apiKey}`];
    case 'admin':
      return [`Bearer ${h.svc.adminToken}`];
    case 'issuer':
      return [`Bearer ${A.apiKey}`];
  }
}

/** A concrete request for a route, with fresh targets where a call changes state. */
async function requestFor(routeKey: RouteKey, caller: Caller): Promise<{ path: string; body?: unknown; after?: () => Promise<void> }> {
  switch (routeKey) {
    case 'POST /labels':
      return { path: '/labels', body: validFixture('ev-battery-pack') };
    case 'POST /labels/{id}/revoke': {
      if (caller === 'suspended') return { path: `/labels/${suspendedOwnLabels.pop()!}/revoke`, body: { reason: 'authz matrix' } };
      const victim = await issue(h.svc, A.apiKey, validFixture('cotton-tshirt'));
      return {
        path: `/labels/${victim.id}/revoke`,
        body: { reason: 'authz matrix' },
        // Only the issuer's own call may change the label.
        after: async () => {
          const now = (await (await h.svc.request('GET', `/labels/${victim.id}`)).json()) as { status: string };
          expect(now.status, `${caller} revoking A's label`).toBe(caller === 'issuer' ? 'revoked' : 'active');
        },
      };
    }
    case 'POST /verify':
      return { path: '/verify', body: { token: labelA.token } };
    case 'POST /admin/issuers':
      return { path: '/admin/issuers', body: { name: 'Matrix Org' } };
    case 'POST /admin/issuers/{id}/suspend': {
      const victim = await h.svc.createIssuer('Suspend victim');
      return {
        path: `/admin/issuers/${victim.id}/suspend`,
        after: async () => {
          const res = await h.svc.request('POST', '/labels', { bearer: victim.apiKey, body: validFixture('roasted-coffee') });
          expect(res.status, `${caller} suspending an issuer`).toBe(caller === 'admin' ? 403 : 201);
        },
      };
    }
    case 'POST /admin/issuers/{id}/reinstate': {
      const victim = await h.svc.createIssuer('Reinstate victim');
      expect((await h.svc.request('POST', `/admin/issuers/${victim.id}/suspend`, { bearer: h.svc.adminToken })).status).toBe(200);
      return {
        path: `/admin/issuers/${victim.id}/reinstate`,
        // Only the admin's call lets it issue again.
        after: async () => {
          const res = await h.svc.request('POST', '/labels', { bearer: victim.apiKey, body: validFixture('roasted-coffee') });
          expect(res.status, `${caller} reinstating an issuer`).toBe(caller === 'admin' ? 201 : 403);
        },
      };
    }
    case 'POST /admin/issuers/{id}/rotate-key': {
      const victim = await h.svc.createIssuer('Re-key victim');
      return {
        path: `/admin/issuers/${victim.id}/rotate-key`,
        // Only the admin's call replaces the key; anyone else's leaves the old one working.
        after: async () => {
          const res = await h.svc.request('GET', '/labels', { bearer: victim.apiKey });
          expect(res.status, `${caller} replacing an issuer's key`).toBe(caller === 'admin' ? 401 : 200);
        },
      };
    }
    case 'POST /admin/issuers/{id}/accreditations':
      return { path: `/admin/issuers/${B.id}/accreditations`, body: STEEL_ACCREDITATION };
    case 'GET /admin/issuers/{id}/accreditations':
      return { path: `/admin/issuers/${A.id}/accreditations` };
    case 'POST /admin/issuers/{id}/accreditations/{aid}/suspend':
    case 'POST /admin/issuers/{id}/accreditations/{aid}/reinstate':
    case 'POST /admin/issuers/{id}/accreditations/{aid}/withdraw': {
      const action = routeKey.split('/').pop()!;
      const victim = await h.svc.createIssuer(`Accreditation ${action} victim`);
      const aid = victim.accreditations[0]!.id;
      if (action === 'reinstate') {
        const res = await h.svc.request('POST', `/admin/issuers/${victim.id}/accreditations/${aid}/suspend`, {
          bearer: h.svc.adminToken,
          body: { reason: 'matrix' },
        });
        expect(res.status).toBe(200);
      }
      return {
        path: `/admin/issuers/${victim.id}/accreditations/${aid}/${action}`,
        body: { reason: 'authz matrix' },
        // Only the admin's call changes whether the victim may issue.
        after: async () => {
          const res = await h.svc.request('POST', '/labels', { bearer: victim.apiKey, body: validFixture('roasted-coffee') });
          const mayIssue = action === 'reinstate' ? caller === 'admin' : caller !== 'admin';
          expect(res.status, `${caller} ${action} an accreditation`).toBe(mayIssue ? 201 : 403);
        },
      };
    }
    case 'POST /admin/issuers/{id}/withdraw': {
      const victim = await h.svc.createIssuer('Withdrawal victim');
      return {
        path: `/admin/issuers/${victim.id}/withdraw`,
        body: { reason: 'authz matrix' },
        after: async () => {
          const res = await h.svc.request('POST', '/labels', { bearer: victim.apiKey, body: validFixture('roasted-coffee') });
          expect(res.status, `${caller} withdrawing an issuer`).toBe(caller === 'admin' ? 403 : 201);
        },
      };
    }
    case 'POST /admin/labels/{id}/revoke': {
      const victim = await issue(h.svc, B.apiKey, validFixture('cotton-tshirt'));
      return {
        path: `/admin/labels/${victim.id}/revoke`,
        body: { reason: 'authz matrix (scheme)' },
        // Only the scheme operator may revoke another's label.
        after: async () => {
          const now = (await (await h.svc.request('GET', `/labels/${victim.id}`)).json()) as { status: string; revocation?: { by?: string } };
          expect(now.status, `${caller} revoking B's label as the scheme`).toBe(caller === 'admin' ? 'revoked' : 'active');
          if (caller === 'admin') expect(now.revocation?.by).toBe('scheme');
        },
      };
    }
    case 'POST /admin/signing-keys/rotate':
      return { path: '/admin/signing-keys/rotate' };
    case 'POST /admin/signing-keys/{kid}/compromise':
      return { path: `/admin/signing-keys/${dummyKey.kid}/compromise` };
    case 'GET /v/{token}':
      return { path: `/v/${labelA.token}` };
    default: {
      const route = ROUTES.find((r) => routeKeyOf(r) === routeKey)!;
      return { path: route.path.replace('{id}', labelA.id).replace('{kid}', dummyKey.kid) };
    }
  }
}

beforeAll(async () => {
  // A retired key nobody signs with: the compromise route's target.
  h = await startSecurityHarness({ before: async (store) => void (await store.putSigningKey(keyRecordFor(dummyKey, 'retired'))) });
  A = await h.svc.createIssuer('Issuer A');
  B = await h.svc.createIssuer('Issuer B');
  S = await h.svc.createIssuer('Issuer S');
  labelA = await issue(h.svc, A.apiKey, validFixture('steel-hot-rolled-coil'));
  for (let i = 0; i < 3; i++) suspendedOwnLabels.push((await issue(h.svc, S.apiKey, validFixture('aluminium-primary-ingot'))).id);
  const res = await h.svc.request('POST', `/admin/issuers/${S.id}/suspend`, { bearer: h.svc.adminToken });
  expect(res.status).toBe(200);
  secrets.push(A.apiKey, B.apiKey, S.apiKey, h.svc.adminToken, ...[A, B, S].map((i) => i.apiKey.slice(-43)));
});

afterAll(async () => {
  await h?.close();
});

describe('the matrix table', () => {
  it('agrees with every route’s declared auth', () => {
    for (const route of ROUTES) {
      const row = MATRIX[routeKeyOf(route)];
      if (!row) continue;
      for (const caller of CALLERS) {
        const [status] = row[caller];
        const allowed = status < 300 || (route.auth === 'issuer' && (status === 403 || status === 404) && caller !== 'issuer');
        expect(allowed, `${routeKeyOf(route)} × ${caller}`).toBe(genericAllows(route.auth, caller));
      }
    }
  });
});

describe.each(ROUTES.map((r) => ({ key: routeKeyOf(r), auth: r.auth })))('$key (auth: $auth)', ({ key, auth }) => {
  const implemented = Boolean(ALL_ROUTE_HANDLERS[key]);
  const title = implemented ? 'each caller gets the documented outcome' : 'NOT YET IMPLEMENTED (no handler yet): every caller gets exactly 404 route_not_found';
  it(title, async () => {
    for (const caller of CALLERS) {
      const row = MATRIX[key];
      const expected: Outcome = !implemented ? [404, 'route_not_found'] : row ? row[caller] : genericAllows(auth, caller) ? OK : UNAUTH;
      for (const authorization of credentials(caller)) {
        const { path, body, after } = await requestFor(key, caller);
        const res = await h.svc.request(key.split(' ')[0]!, path, { ...(body !== undefined ? { body } : {}), headers: authorization ? { authorization } : {} });
        const what = `${key} × ${caller}${caller === 'wrong' ? ` (${authorization?.slice(0, 12)}…)` : ''}`;
        if (expected[0] >= 400) {
          const problem = await expectProblem(res, expected[0], expected[1]);
          expect(problem.code, what).toBe(expected[1]);
          if (expected[0] === 401) expect(res.headers.get('www-authenticate'), what).toBe('Bearer');
        } else {
          expect(res.status, `${what}: ${await res.clone().text()}`).toBe(expected[0]);
          await res.arrayBuffer();
        }
        await after?.();
      }
    }
  });
});

describe('isolation between issuers', () => {
  it('listing shows only the caller’s own labels', async () => {
    for (const issuer of [A, B, S]) {
      const res = await h.svc.request('GET', '/labels?limit=100', { bearer: issuer.apiKey });
      const page = (await res.json()) as { items: { issuer: { id: string } }[] };
      expect(page.items.length).toBeGreaterThan(0);
      for (const item of page.items) expect(item.issuer.id).toBe(issuer.id);
    }
  });

  it('a suspended issuer’s refused issuance stores nothing', async () => {
    const before = await countLabels(h.svc, S.apiKey);
    await expectProblem(await h.svc.request('POST', '/labels', { bearer: S.apiKey, body: validFixture('cement-clinker') }), 403, 'issuer_suspended');
    expect(await countLabels(h.svc, S.apiKey)).toBe(before);
  });
});

describe('credentials never reach the logs', () => {
  it('after every call above (failed ones included), no key, admin token or bearer credential is logged', () => {
    expect(h.svc.logs.length).toBeGreaterThan(0);
    const text = h.svc.logs.join('\n');
    for (const secret of secrets) expect(text.includes(secret), 'a secret was logged').toBe(false);
    expect(text).not.toMatch(/Bearer\s+\S/i);
    expect(text).not.toMatch(/clk_org_[0-9a-z]{12}_[A-Za-z0-9_-]{10,}/);
  });
});
