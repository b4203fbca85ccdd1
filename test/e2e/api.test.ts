/** End to end over HTTP against a started service: the contract a client sees. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_FIXTURES, INVALID_FIXTURE_FIELDS, VALID_FIXTURES, validFixture } from '../support/fixtures.ts';
import { ROUTES } from '../../functions/routes.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { withLastCharacterChanged } from '../support/altered.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

let svc: TestService;
let issuer: { id: string; apiKey: string };
let rival: { id: string; apiKey: string };

beforeAll(async () => {
  svc = await startTestService();
  issuer = await svc.createIssuer('Acme Steel');
  rival = await svc.createIssuer('Rival Metals');
});
afterAll(async () => {
  await svc.destroy();
});

const issue = (body: unknown, apiKey = issuer.apiKey, headers: Record<string, string> = {}) =>
  svc.request('POST', '/labels', { body, bearer: apiKey, headers });
const labelCount = async (apiKey: string) =>
  ((await (await svc.request('GET', '/labels?limit=100', { bearer: apiKey })).json()) as { items: unknown[] }).items.length;
const verify = async (token: string) => (await (await svc.request('POST', '/verify', { body: { token } })).json()) as { status: string; claim?: unknown };

describe('issuing and verifying every valid fixture', () => {
  it.each(VALID_FIXTURES.map((f) => [f.name, f.body] as const))('%s: 201, fetchable, verifies valid', async (_name, body) => {
    const res = await issue(body);
    expect(res.status).toBe(201);
    const label = (await res.json()) as { id: string; token: string; record: { footprint: unknown } };
    expect(label.record.footprint).toEqual(body.footprint);
    const fetched = (await (await svc.request('GET', `/labels/${label.id}`)).json()) as { token: string; status: string };
    expect(fetched).toMatchObject({ token: label.token, status: 'active' });
    expect((await verify(label.token)).status).toBe('valid');
  });
});

describe('bad input: 400 problem+json naming the field, nothing stored', () => {
  it.each(INVALID_FIXTURES.map((f) => [f.name, f.body] as const))('%s', async (name, body) => {
    const before = await labelCount(issuer.apiKey);
    const res = await issue(body);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.path)).toContain(INVALID_FIXTURE_FIELDS[name]);
    expect(await labelCount(issuer.apiKey)).toBe(before);
  });

  it.each([
    ['not JSON', '{"product":', 'application/json', 400, 'malformed_request'],
    ['the wrong media type', 'name=x', 'application/x-www-form-urlencoded', 400, 'malformed_request'],
    ['an empty body', '', 'application/json', 400, 'malformed_request'],
    ['a JSON array', '[]', 'application/json', 400, 'validation_failed'],
  ])('refuses %s', async (_what, raw, contentType, status, code) => {
    const res = await svc.fetch('/labels', { method: 'POST', body: raw, headers: { authorization: `Bearer ${issuer.apiKey}`, 'content-type': contentType } });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { code: string }).code).toBe(code);
  });

  it('refuses a body over 256 KiB with 413', async () => {
    const res = await issue({ padding: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('payload_too_large');
  });

  it('a crafted or foreign paging cursor is 400 validation_failed on cursor, never a 5xx', async () => {
    await issue(validFixture('cement-clinker'), rival.apiKey);
    await issue(validFixture('roasted-coffee'), rival.apiKey);
    const theirs = (await (await svc.request('GET', '/labels?limit=1', { bearer: rival.apiKey })).json()) as { nextCursor?: string };
    expect(theirs.nextCursor).toBeDefined();
    const crafted = Buffer.from(JSON.stringify({ pk: { S: 'x' } })).toString('base64url');
    for (const cursor of [crafted, theirs.nextCursor!, 'not-a-cursor']) {
      const res = await svc.request('GET', `/labels?limit=5&cursor=${encodeURIComponent(cursor)}`, { bearer: issuer.apiKey });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(body.code).toBe('validation_failed');
      expect(body.errors[0]?.path).toBe('cursor');
    }
  });

  it('answers 404 problem+json for an unknown route', async () => {
    const res = await svc.request('GET', '/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('idempotency', () => {
  it('same key and body → the same label; same key, other body → 409', async () => {
    const key = `coil-${Date.now()}`;
    const first = await issue(validFixture('steel-hot-rolled-coil'), issuer.apiKey, { 'idempotency-key': key });
    const second = await issue(validFixture('steel-hot-rolled-coil'), issuer.apiKey, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = (await Promise.all([first.json(), second.json()])) as [{ id: string; token: string }, { id: string; token: string }];
    expect(b).toMatchObject({ id: a.id, token: a.token });
    const other = await issue(validFixture('cement-clinker'), issuer.apiKey, { 'idempotency-key': key });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { code: string }).code).toBe('idempotency_key_reused');
  });

  it('concurrent retries with one key create exactly one label', async () => {
    const before = await labelCount(issuer.apiKey);
    const key = `burst-${Date.now()}`;
    const responses = await Promise.all(Array.from({ length: 10 }, () => issue(validFixture('roasted-coffee'), issuer.apiKey, { 'idempotency-key': key })));
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await labelCount(issuer.apiKey)).toBe(before + 1);
  });

  it('keys are per issuer: another issuer may use the same key', async () => {
    const key = `shared-${Date.now()}`;
    const mine = (await (await issue(validFixture('cotton-tshirt'), issuer.apiKey, { 'idempotency-key': key })).json()) as { id: string };
    const theirs = (await (await issue(validFixture('cotton-tshirt'), rival.apiKey, { 'idempotency-key': key })).json()) as { id: string };
    expect(theirs.id).not.toBe(mine.id);
  });
});

describe('authorization', () => {
  it('no key or a wrong key → 401 with WWW-Authenticate', async () => {
    for (const bearer of [
      undefined,
      'clk_org_0000000000aa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      withLastCharacterChanged(issuer.apiKey),
      svc.adminToken,
    ]) {
      const res = await svc.request('POST', '/labels', { body: validFixture('cotton-tshirt'), ...(bearer ? { bearer } : {}) });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect((await svc.request('GET', '/admin/issuers', { bearer: issuer.apiKey })).status).toBe(401);
  });

  it("another issuer's label → 404 on revoke, and it stays valid", async () => {
    const label = (await (await issue(validFixture('cotton-tshirt'))).json()) as { id: string; token: string };
    const res = await svc.request('POST', `/labels/${label.id}/revoke`, { body: { reason: 'not mine' }, bearer: rival.apiKey });
    expect(res.status).toBe(404);
    expect((await verify(label.token)).status).toBe('valid');
    const theirList = (await (await svc.request('GET', '/labels?limit=100', { bearer: rival.apiKey })).json()) as { items: { id: string }[] };
    expect(theirList.items.map((l) => l.id)).not.toContain(label.id);
  });

  it('a suspended issuer cannot issue (403) but its labels stay valid and it can still revoke', async () => {
    const acme = await svc.createIssuer('Soon Suspended');
    const label = (await (await issue(validFixture('ev-battery-pack'), acme.apiKey)).json()) as { id: string; token: string };
    const suspend = await svc.request('POST', `/admin/issuers/${acme.id}/suspend`, { bearer: svc.adminToken });
    expect(suspend.status).toBe(200);
    const refused = await issue(validFixture('ev-battery-pack'), acme.apiKey);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('issuer_suspended');
    expect((await verify(label.token)).status).toBe('valid');
    const revoke = await svc.request('POST', `/labels/${label.id}/revoke`, { body: { reason: 'withdrawn on suspension' }, bearer: acme.apiKey });
    expect(revoke.status).toBe(200);
    expect((await verify(label.token)).status).toBe('revoked');
  });
});

describe('revocation', () => {
  it('revoking twice keeps the first revocation; a successor is named', async () => {
    const old = (await (await issue(validFixture('steel-hot-rolled-coil'))).json()) as { id: string; token: string };
    const successor = (await (await issue(validFixture('steel-hot-rolled-coil'))).json()) as { id: string };
    const first = await svc.request('POST', `/labels/${old.id}/revoke`, {
      body: { reason: 'recalculated', supersededBy: successor.id },
      bearer: issuer.apiKey,
    });
    expect(first.status).toBe(200);
    const again = (await (await svc.request('POST', `/labels/${old.id}/revoke`, { body: { reason: 'second thoughts' }, bearer: issuer.apiKey })).json()) as {
      revocation: { reason: string };
    };
    expect(again.revocation.reason).toBe('recalculated');
    const verdict = (await verify(old.token)) as { status: string; revocation?: { supersededBy?: string } };
    expect(verdict).toMatchObject({ status: 'revoked', revocation: { supersededBy: successor.id } });
  });

  it('refuses a successor that is not a label of the same issuer', async () => {
    const old = (await (await issue(validFixture('cotton-tshirt'))).json()) as { id: string };
    const theirs = (await (await issue(validFixture('cotton-tshirt'), rival.apiKey)).json()) as { id: string };
    const res = await svc.request('POST', `/labels/${old.id}/revoke`, { body: { reason: 'x', supersededBy: theirs.id }, bearer: issuer.apiKey });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe('supersededBy');
  });
});

describe('interop and discovery', () => {
  it('a token verifies with jose using only the JWKS fetched from /.well-known/jwks.json', async () => {
    const label = (await (await issue(validFixture('cement-clinker'))).json()) as { token: string; kid: string; id: string };
    const jwks = (await (await svc.fetch('/.well-known/jwks.json')).json()) as { keys: Record<string, unknown>[] };
    const { payload, protectedHeader } = await jwtVerify(label.token, createLocalJWKSet(jwks as never), { typ: 'carbon-label+jwt', algorithms: ['ES256'] });
    expect(payload.sub).toBe(label.id);
    expect(protectedHeader.kid).toBe(label.kid);
    const key = jwks.keys.find((k) => k.kid === label.kid)!;
    expect(await calculateJwkThumbprint({ kty: key.kty as string, crv: key.crv as string, x: key.x as string, y: key.y as string })).toBe(label.kid);
  });

  it('serves an OpenAPI 3.1 document describing every route', async () => {
    const doc = (await (await svc.request('GET', '/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/labels', '/labels/{id}', '/labels/{id}/revoke', '/verify', '/.well-known/jwks.json', '/admin/issuers']),
    );
    expect(JSON.stringify(doc.paths['/labels']?.post)).toContain('#/components/schemas/LabelRequest');
  });

  it('the CLI registers an issuer with its first accreditation against the running service', async () => {
    const cli = [
      'issuer',
      'create',
      '--name',
      'CLI Cement',
      '--category',
      '2523',
      '--category',
      '6810',
      '--accredited-by',
      'CNAS',
      '--reference',
      'CNAS-C-2523',
    ];
    const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'carbon-label.mjs'), ...cli, '--valid-until', '2099-12-31', '--json'], {
      env: { ...process.env, CARBON_LABEL_URL: svc.url, ADMIN_TOKEN: svc.adminToken },
    });
    const created = JSON.parse(stdout) as { apiKey: string; name: string; accreditations: { productCategories: string[]; validUntil: string }[] };
    expect(created.name).toBe('CLI Cement');
    expect(created.accreditations).toEqual([expect.objectContaining({ productCategories: ['2523', '6810'], validUntil: '2099-12-31T23:59:59.000Z' })]);
    expect((await issue(validFixture('cement-clinker'), created.apiKey)).status).toBe(201);
    // Cement only: steel is outside its accreditation.
    expect((await issue(validFixture('steel-hot-rolled-coil'), created.apiKey)).status).toBe(403);
  });
});

describe('POST /verify refusals say what was expected', () => {
  it.each([
    ['{}', {}, /expected \{"token": "…"\} or \{"tokens": \["…", …\]\} with 1 to 100 items/],
    ['101 tokens', { tokens: Array.from({ length: 101 }, () => 'x') }, /"tokens" has 101 items, at most 100/],
    ['a number as token', { token: 42 }, /"token" must be a string, got a number/],
    ['both forms', { token: 'x', tokens: ['x'] }, /either "token" or "tokens", not both/],
  ])('%s', async (_what, body, message) => {
    const res = await svc.request('POST', '/verify', { body });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { path: string; message: string }[] };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors[0]!.message).toMatch(message);
  });
});

describe('home page, its form and HEAD', () => {
  it('GET / is a small no-script HTML page with a GET form to /v and a link to /openapi.json', async () => {
    const res = await svc.request('GET', '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<form method="get" action="/v">');
    expect(html).toContain('name="code"');
    expect(html).toContain('href="/openapi.json"');
    expect(Buffer.byteLength(html)).toBeLessThan(16_000);
  });

  it('GET /v?code= redirects 303 to /v/{token} or /l/{id}, whatever form was pasted, and never off-site', async () => {
    const label = (await (await issue(validFixture('cement-clinker'))).json()) as { id: string; token: string; verifyUrl: string; compactUrl: string };
    const cases: [string | undefined, string][] = [
      [label.token, `/v/${label.token}`],
      [` ${label.verifyUrl} `, `/v/${label.token}`],
      [label.compactUrl, `/l/${label.id}`],
      [label.id.toUpperCase(), `/l/${label.id}`],
      ['', '/'],
      [undefined, '/'],
      ['//evil.example/x', '/v/%2F%2Fevil.example%2Fx'],
    ];
    for (const [code, location] of cases) {
      const res = await svc.fetch(code === undefined ? '/v' : `/v?code=${encodeURIComponent(code)}`, { redirect: 'manual' });
      expect(res.status, String(code)).toBe(303);
      expect(res.headers.get('location'), String(code)).toBe(location);
    }
    const page = await svc.fetch(`/v?code=${encodeURIComponent(label.compactUrl)}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-status="valid"');
  });

  it('HEAD on every GET route of the route table answers as GET does: same status and headers, no body', async () => {
    const label = (await (await issue(validFixture('cement-clinker'))).json()) as { id: string; token: string };
    const auth = { issuer: issuer.apiKey, admin: svc.adminToken, none: undefined } as const;
    const gets = ROUTES.filter((r) => r.method === 'GET');
    expect(gets.length).toBeGreaterThan(10);
    for (const route of gets) {
      // Admin routes under /admin/issuers/{id} name an issuer, the others a label.
      const id = route.path.startsWith('/admin/issuers/') ? issuer.id : label.id;
      const path = route.path.replace('{id}', id).replace('{token}', label.token) + (route.path === '/v' ? `?code=${label.id}` : '');
      const bearer = auth[route.auth];
      const headers: Record<string, string> = bearer ? { authorization: `Bearer ${bearer}` } : {};
      const get = await svc.fetch(path, { headers, redirect: 'manual' });
      const head = await svc.fetch(path, { method: 'HEAD', headers, redirect: 'manual' });
      const what = `HEAD ${route.path}`;
      expect(head.status, what).toBe(get.status);
      expect(get.status, what).toBeLessThan(400);
      const comparable = (r: Response) => {
        const out: Record<string, string> = {};
        r.headers.forEach((value, name) => {
          // The resource's headers; not the time or the hop-by-hop connection handling (RFC 9110 §7.6.1).
          if (!['date', 'connection', 'keep-alive'].includes(name)) out[name] = value;
        });
        return out;
      };
      expect(comparable(head), what).toEqual(comparable(get));
      expect((await head.arrayBuffer()).byteLength, what).toBe(0);
      expect(Number(get.headers.get('content-length')), what).toBe((await get.arrayBuffer()).byteLength);
    }
  });

  it('HEAD of a POST-only route or an unknown path is 404', async () => {
    expect((await svc.fetch('/verify', { method: 'HEAD' })).status).toBe(404);
    expect((await svc.fetch('/nope', { method: 'HEAD' })).status).toBe(404);
  });
});
