/**
 * Fuzzing every route in `ROUTES` over raw HTTP on a real server with random and mutated paths,
 * query strings, headers and bodies (fast-check, fixed seed). The rules are generic, so they hold
 * for every route as colleagues add handlers: never a 5xx; every error is problem+json whose
 * `status` is the HTTP status; and no label is ever stored for a request that was not answered 201.
 * Bodies over 256 KiB get 413, declared or chunked.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { MAX_BODY_BYTES } from '../../functions/http/request.ts';
import { ALL_ROUTE_HANDLERS } from '../../functions/all-routes.ts';
import { ROUTES, routeKeyOf, type RouteDefinition } from '../../functions/routes.ts';
import { PROBLEM_CONTENT_TYPE } from '../../functions/http/problem.ts';
import { STEEL_ACCREDITATION } from '../support/accreditation.ts';
import { validFixture } from '../support/fixtures.ts';
import type { CreatedTestIssuer } from '../support/local-service.ts';
import { keyRecordFor } from './attack-corpus.ts';
import { countLabels, issue, startSecurityHarness, type SecurityHarness } from './harness.ts';
import { closeRawClients, rawRequest, type RawRequest, type RawResponse } from './raw-http.ts';

/** Runs per route (two properties each); `FUZZ_RUNS` raises it for a deeper local run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = 42;

const dummyKey = LocalKeySigner.generate();
let h: SecurityHarness;
let fuzzIssuer: { id: string; apiKey: string };
let dummyIssuer: CreatedTestIssuer;
let genuine: { id: string; token: string };
/** A label only the scheme's revocation route aims at. */
let sacrificial: { id: string; token: string };

/**
 * The generic rules every response must satisfy. `humanPage`: the verification pages (group
 * `pages`, GET) answer people, so their errors are HTML pages by design rather than problem+json.
 */
function checkResponse(req: RawRequest, res: RawResponse, humanPage = false): void {
  const what = `${req.method} ${req.path} → ${res.status} ${res.body.toString('utf8').slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  expect(res.status, what).toBeGreaterThanOrEqual(200);
  if (res.status >= 400 && humanPage && String(res.headers['content-type']).startsWith('text/html')) {
    expect(res.body.toString('utf8'), what).toMatch(/^<!doctype html>/i);
  } else if (res.status >= 400) {
    expect(String(res.headers['content-type']), what).toContain(PROBLEM_CONTENT_TYPE);
    const problem = JSON.parse(res.body.toString('utf8')) as { status: number; code: string; type: string };
    expect(problem.status, what).toBe(res.status);
    expect(problem.type, what).toBe(`urn:carbon-label:problem:${problem.code}`);
  }
}

// ── arbitraries ──────────────────────────────────────────────────────────────

const printable = (max: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });

/** A path segment: genuine, random text (percent-encoded), broken escapes, dot segments, long. */
const segment = (genuineValue: () => string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(null).map(() => genuineValue()) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%ff%fe', '%00', '%2F', '..', '.', '%2e%2e', '~', 'org_0000000000000', 'a'.repeat(3000)) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-z_-]{1,70}$/) },
  );

function pathArb(route: RouteDefinition): fc.Arbitrary<string> {
  const parts = route.path.split('/').map((s) => {
    if (s === '{id}') {
      // The scheme may revoke any label: aim it at one of its own, so `genuine` stays valid.
      const id = () => (route.path.startsWith('/admin/issuers') ? dummyIssuer.id : route.path.startsWith('/admin/labels') ? sacrificial.id : genuine.id);
      return segment(id);
    }
    if (s === '{kid}') return segment(() => dummyKey.kid);
    if (s === '{aid}') return segment(() => dummyIssuer.accreditations[0]!.id);
    if (s === '{token}') return segment(() => genuine.token);
    return fc.oneof({ weight: 9, arbitrary: fc.constant(s) }, { weight: 1, arbitrary: fc.constantFrom(s.toUpperCase(), `${s}/`, `${s}%20`, '') });
  });
  const query = fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.tuple(
            fc.constantFrom('limit', 'cursor', 'mode', 'size', 'x', 'token', '__proto__'),
            fc.oneof(printable(30), fc.integer().map(String), fc.constantFrom('0', '101', '-1', '1e3', 'full', 'compact', '999999')),
          ),
          { maxLength: 4 },
        )
        .map((kv) => (kv.length ? `?${kv.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '')),
    },
    { weight: 1, arbitrary: printable(60).map((q) => `?${encodeURI(q).replace(/#/g, '%23')}`) },
  );
  return fc.tuple(fc.tuple(...parts), query).map(([segs, q]) => segs.join('/') + q);
}

const headersArb = fc.record(
  {
    'content-type': fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/problem+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/octet-stream',
        'application/jsonx',
        '',
      ),
      printable(40),
    ),
    authorization: fc.oneof(
      fc
        .constantFrom('issuer', 'admin', 'dummy')
        .map((who) => `Bearer ${who === 'issuer' ? fuzzIssuer.apiKey : who === 'admin' ? h.svc.adminToken : dummyIssuer.apiKey}`),
      printable(80).map((v) => `Bearer ${v}`),
      printable(80),
      fc.constant(`Bearer ${'x'.repeat(600)}`),
    ),
    'idempotency-key': fc.oneof(printable(300), fc.constantFrom('k1', 'k2', ' ', 'x'.repeat(256))),
    accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'image/png', 'nonsense'),
    'if-none-match': fc.oneof(printable(50), fc.constant('*')),
    'x-forwarded-for': printable(40),
  },
  { requiredKeys: [] },
);

/** The valid body a route would take, as a starting point for mutation. */
function baseBody(route: RouteDefinition): unknown {
  switch (routeKeyOf(route)) {
    case 'POST /labels':
      return validFixture('steel-hot-rolled-coil');
    case 'POST /labels/{id}/revoke':
      return { reason: 'fuzz' };
    case 'POST /verify':
      return { tokens: [genuine.token, 'a.b.c'] };
    case 'POST /admin/issuers':
      return { name: 'Fuzz Org', role: 'manufacturer', accreditation: { ...STEEL_ACCREDITATION, gtinPrefixes: ['690123456'], markets: ['EU'] } };
    case 'POST /admin/issuers/{id}/accreditations':
      return { ...STEEL_ACCREDITATION, standards: ['ISO14067'], gtinPrefixes: ['690123456'] };
    case 'POST /admin/issuers/{id}/accreditations/{aid}/suspend':
    case 'POST /admin/issuers/{id}/accreditations/{aid}/reinstate':
    case 'POST /admin/issuers/{id}/accreditations/{aid}/withdraw':
    case 'POST /admin/issuers/{id}/withdraw':
    case 'POST /admin/labels/{id}/revoke':
      return { reason: 'fuzz' };
    default:
      return {};
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** Applies one structural mutation at one path of a clone. */
function mutate(base: unknown, pick: number, op: 'set' | 'delete' | 'add' | 'wrap' | 'stringify', value: Json): unknown {
  const root = { v: structuredClone(base) as Json };
  const all = paths(root.v).map((p) => ['v', ...p]);
  const path = all[pick % all.length]!;
  let parent: Record<string | number, Json> = root as unknown as Record<string, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as unknown as Record<string | number, Json>;
  const key = path.at(-1)!;
  switch (op) {
    case 'set':
      parent[key] = value;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      break;
    case 'add': {
      const target = parent[key];
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, Json>).__fuzz = value;
      else if (Array.isArray(target)) target.push(value);
      else parent[key] = [target ?? null, value];
      break;
    }
    case 'wrap':
      parent[key] = [parent[key] ?? null];
      break;
    case 'stringify':
      parent[key] = JSON.stringify(parent[key] ?? null);
      break;
  }
  return root.v;
}

function bodyArb(route: RouteDefinition): fc.Arbitrary<{ body?: Buffer; chunked?: number }> {
  const json = (v: unknown) => ({ body: Buffer.from(JSON.stringify(v) ?? 'null') });
  const mutated = fc
    .tuple(
      fc.nat(),
      fc.constantFrom('set', 'delete', 'add', 'wrap', 'stringify') as fc.Arbitrary<'set' | 'delete' | 'add' | 'wrap' | 'stringify'>,
      fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
    )
    .map(([pick, op, value]) => json(mutate(baseBody(route), pick, op, value)));
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 4, arbitrary: mutated },
    { weight: 1, arbitrary: fc.constant(null).map(() => json(baseBody(route))) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => ({ body: Buffer.from(b) })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ body: Buffer.from(s) })) },
    { weight: 1, arbitrary: fc.tuple(mutated, fc.integer({ min: 1, max: 64 })).map(([b, chunked]) => ({ ...b, chunked })) },
  );
}

function requestArb(route: RouteDefinition): fc.Arbitrary<RawRequest> {
  return fc.tuple(pathArb(route), headersArb, bodyArb(route), fc.boolean()).map(([path, headers, body, keepMethod]) => ({
    method: keepMethod ? route.method : route.method === 'GET' ? 'POST' : 'GET',
    path,
    headers: headers as Record<string, string>,
    ...(body.body ? { body: body.body } : {}),
    ...(body.chunked ? { chunked: body.chunked } : {}),
  }));
}

/** Counts every label in the table, whoever issued it, straight from storage. */
async function totalLabelsInStore(): Promise<number> {
  const { ScanCommand } = await import('@aws-sdk/client-dynamodb');
  let count = 0;
  let start: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await h.store.client.send(
      new ScanCommand({
        TableName: h.tableName,
        FilterExpression: 'sk = :l',
        ExpressionAttributeValues: { ':l': { S: 'LABEL' } },
        Select: 'COUNT',
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    count += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return count;
}

beforeAll(async () => {
  h = await startSecurityHarness({ before: async (store) => void (await store.putSigningKey(keyRecordFor(dummyKey, 'retired'))) });
  fuzzIssuer = await h.svc.createIssuer('Fuzz Issuer');
  dummyIssuer = await h.svc.createIssuer('Dummy Issuer');
  genuine = await issue(h.svc, fuzzIssuer.apiKey, validFixture('roasted-coffee'));
  sacrificial = await issue(h.svc, dummyIssuer.apiKey, validFixture('cotton-tshirt'));
});

afterAll(async () => {
  closeRawClients();
  await h?.close();
});

describe.each(ROUTES.map((r) => ({ route: r, key: routeKeyOf(r) })))('fuzz $key', ({ route, key }) => {
  const implemented = Boolean(ALL_ROUTE_HANDLERS[key]);
  const suffix = implemented ? '' : ' (route NOT YET IMPLEMENTED: only the generic 404 route_not_found rules apply)';
  it(`random and mutated requests: never 5xx, problem+json errors, no label stored without a 201${suffix}`, async () => {
    const labelsBefore = await totalLabelsInStore();
    const created = new Set<string>();
    await fc.assert(
      fc.asyncProperty(requestArb(route), async (req) => {
        const res = await rawRequest(h.svc.url, req);
        checkResponse(req, res, route.group === 'pages' && req.method === 'GET');
        if (res.status === 201 && req.method === 'POST' && req.path.split('?')[0] === '/labels') {
          created.add((JSON.parse(res.body.toString('utf8')) as { id: string }).id);
        }
        if (!implemented && res.status === 404) expect(JSON.parse(res.body.toString('utf8')).code).toMatch(/^(route_not_found|not_found)$/);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The fuzzer must reach the success path too, or "nothing stored" would prove nothing.
    if (key === 'POST /labels') expect(created.size).toBeGreaterThan(0);
    // Every stored label is one a 201 handed out; nothing else was ever written.
    expect(await totalLabelsInStore()).toBe(labelsBefore + created.size);
  });
});

describe('hostile bodies on every POST route', () => {
  const nasty: [string, Buffer][] = [
    ['100 000 nested arrays', Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)],
    ['100 000 nested objects', Buffer.from(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`)],
    ['__proto__ pollution', Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')],
    ['20 000 members', Buffer.from(JSON.stringify(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))))],
    ['lone surrogate escapes', Buffer.from('{"name":"\\ud800","reason":"\\udfff","token":"\\ud800"}')],
    ['UTF-8 BOM before JSON', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')])],
    ['overlong UTF-8 encoding', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])],
    ['number overflow', Buffer.from('{"limit":1e400,"name":1e400}')],
    ['JSON then garbage', Buffer.from('{} trailing')],
    ['empty', Buffer.alloc(0)],
  ];
  const posts = ROUTES.filter((r) => r.method === 'POST' && Boolean(ALL_ROUTE_HANDLERS[routeKeyOf(r)]));

  it.each(nasty)('%s: a 4xx problem (or success on an accepting route), never a 5xx, no label stored', async (_name, body) => {
    const before = await countLabels(h.svc, fuzzIssuer.apiKey);
    for (const route of posts) {
      for (const bearer of [fuzzIssuer.apiKey, h.svc.adminToken]) {
        const path = route.path.replace('{id}', genuine.id).replace('{kid}', dummyKey.kid);
        const req: RawRequest = { method: 'POST', path, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body };
        const res = await rawRequest(h.svc.url, req);
        checkResponse(req, res);
      }
    }
    expect(await countLabels(h.svc, fuzzIssuer.apiKey)).toBe(before);
  });
});

describe(`bodies over the ${MAX_BODY_BYTES}-byte limit`, () => {
  const over = Buffer.from(JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES) }));
  const exactly = Buffer.from(`{"name":"big"}${' '.repeat(MAX_BODY_BYTES - 14)}`);
  const posts = ROUTES.filter((r) => r.method === 'POST');

  it('get 413 payload_too_large with a declared Content-Length, on every POST route', async () => {
    for (const route of posts) {
      const req: RawRequest = {
        method: 'POST',
        path: route.path.replace('{id}', genuine.id).replace('{kid}', dummyKey.kid),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fuzzIssuer.apiKey}` },
        body: over,
      };
      const res = await rawRequest(h.svc.url, req);
      checkResponse(req, res);
      expect(res.status, routeKeyOf(route)).toBe(413);
      expect(JSON.parse(res.body.toString('utf8')).code).toBe('payload_too_large');
    }
  });

  it('get 413 when sent chunked (no declared length), on every POST route', async () => {
    for (const route of posts) {
      const req: RawRequest = {
        method: 'POST',
        path: route.path.replace('{id}', genuine.id).replace('{kid}', dummyKey.kid),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fuzzIssuer.apiKey}` },
        body: over,
        chunked: 16 * 1024,
      };
      const res = await rawRequest(h.svc.url, req);
      checkResponse(req, res);
      expect(res.status, routeKeyOf(route)).toBe(413);
    }
  });

  it('a body of exactly the limit is read and judged on its content (not 413)', async () => {
    const req: RawRequest = {
      method: 'POST',
      path: '/labels',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fuzzIssuer.apiKey}` },
      body: exactly,
      chunked: 10_000,
    };
    expect(exactly.length).toBe(MAX_BODY_BYTES);
    const res = await rawRequest(h.svc.url, req);
    checkResponse(req, res);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString('utf8')).code).toBe('validation_failed');
  });

  it('the service keeps serving after oversized bodies', async () => {
    const res = await h.svc.request('POST', '/verify', { body: { token: genuine.token } });
    expect(((await res.json()) as { status: string }).status).toBe('valid');
  });
});

describe('after the fuzz run', () => {
  it('no API key, admin token or bearer credential reached the logs', () => {
    const text = h.svc.logs.join('\n');
    for (const secret of [fuzzIssuer.apiKey, fuzzIssuer.apiKey.slice(-43), dummyIssuer.apiKey, dummyIssuer.apiKey.slice(-43), h.svc.adminToken]) {
      expect(text.includes(secret), 'a secret was logged').toBe(false);
    }
    expect(text).not.toMatch(/Bearer\s+\S/i);
  });
});
