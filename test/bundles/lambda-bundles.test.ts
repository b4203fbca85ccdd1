/**
 * Each function's BUILT bundle (not the TypeScript source), built with the stack's esbuild options
 * into a directory with no reachable node_modules, invoked on Node 24 in a fresh process with real
 * API Gateway v2 events, against dynalite over HTTP. KMS, for the issuer bundle only, is a
 * loopback stand-in speaking KMS's wire protocol with a real P-256 key (see support/fake-kms.ts).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_GROUP_HANDLERS } from '../../functions/all-routes.ts';
import { ROUTES, type RouteGroup } from '../../functions/routes.ts';
import { ROUTE_GROUPS } from '../../functions/routes.ts';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { createIssuer } from '../../shared/issuers/issuer-service.ts';
import { localKeyRecord } from '../../local/keys/local-signing-key.ts';
import { issueLabel } from '../../shared/label/issue-label.ts';
import { LABEL_TOKEN_TYPE } from '../../shared/label/claims.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';
import { jwkThumbprint } from '../../shared/jws/jwk-thumbprint.ts';
import { acceptTrustList } from '../../shared/trust-list/pinned-trust-list.ts';
import { validFixture } from '../support/fixtures.ts';
import { apiGatewayEvent } from './support/api-gateway-event.ts';
import { bundleInputs, buildBundle, reachableNodeModules, runtimeImports, type BuiltBundle } from './support/build.ts';
import { startFakeKms, type FakeKms } from './support/fake-kms.ts';
import { NODE24, invokeBundle, requireNode24, resultsOf } from './support/node24.ts';
import { BROAD_ACCREDITATION, accreditedIssuerBody } from '../support/accreditation.ts';

const ADMIN_ARN = 'arn:aws:iam::123456789012:user/operator';
const BASE_URL = 'https://labels.example.org';

let root: string;
let dynamo: EmbeddedDynamoDb;
let kms: FakeKms;
const bundles = {} as Record<RouteGroup, BuiltBundle>;

/** The environment the stack gives a function, pointed at dynalite (and the fake KMS). */
function envFor(tableName: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TABLE_NAME: tableName,
    PUBLIC_BASE_URL: BASE_URL,
    DEFAULT_VALIDITY_DAYS: '365',
    LOG_LEVEL: 'info',
    NODE_OPTIONS: '--enable-source-maps',
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    // Keep the SDK away from the developer's ~/.aws.
    AWS_CONFIG_FILE: join(root, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(root, 'no-aws-credentials'),
    ...extra,
  };
}

async function freshTable(name: string): Promise<DynamoDbStore> {
  const store = DynamoDbStore.connect({ tableName: name, endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTable(store.client, name);
  return store;
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null') as Record<string, any>;

beforeAll(async () => {
  requireNode24();
  root = mkdtempSync(join(tmpdir(), 'carbon-label-bundles-'));
  [dynamo, kms] = await Promise.all([startEmbeddedDynamoDb(), startFakeKms()]);
  for (const group of ROUTE_GROUPS) {
    const dir = join(root, group);
    mkdirSync(dir);
    bundles[group] = await buildBundle(group, dir);
  }
}, 300_000);

afterAll(async () => {
  await dynamo?.close();
  await kms?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the bundles', () => {
  it('run on Node 24 from directories where no node_modules is reachable', async () => {
    for (const group of ROUTE_GROUPS) {
      expect(reachableNodeModules(bundles[group].dir), group).toEqual([]);
      expect(readdirSync(bundles[group].dir).sort(), group).toEqual(['index.mjs', 'index.mjs.map']);
      // Everything is inlined except Node's built-ins.
      for (const path of runtimeImports(bundles[group]))
        expect(path, group).toMatch(
          /^node:|^(crypto|fs|path|os|http|https|stream|url|util|zlib|buffer|events|net|tls|child_process|process|async_hooks|dns|http2|querystring|module|perf_hooks|worker_threads|string_decoder|timers|assert)(\/|$)/,
        );
    }
    const run = await invokeBundle(bundles.public.dir, [apiGatewayEvent({ method: 'GET', path: '/health' })], envFor('unused-table'));
    expect(run.node).toMatch(/^v24\./);
    expect(NODE24).toContain('tools/node24');
  });

  it('keep KMS, QR and page code out of every bundle but the ones that need them, and local/ code out of all', () => {
    const has = (group: RouteGroup, pattern: RegExp) => bundleInputs(bundles[group]).some((input) => pattern.test(input));
    // Issuer signs; admin creates keys for rotation (and its role cannot sign). Nobody else has KMS code.
    for (const group of ROUTE_GROUPS) {
      expect(has(group, /@aws-sdk\/client-kms/), group).toBe(group === 'issuer' || group === 'admin');
      expect(has(group, /adapters\/kms\//), group).toBe(group === 'issuer' || group === 'admin');
    }
    expect(has('verify', /node_modules\/qrcode\//)).toBe(false);
    expect(has('verify', /functions\/pages\//)).toBe(false);
    expect(has('verify', /functions\/(admin|issuer|public)\//)).toBe(false);
    // The verify function's cold start pays for every byte: zod/mini only, never classic zod
    // (one schema on classic zod added 45 KB and took the bundle past its 300 KB target).
    expect(bundleInputs(bundles.verify).filter((input) => /node_modules\/zod\/(index|v4\/classic\/)/.test(input))).toEqual([]);
    // The embedded default's key files and configuration are not Lambda's.
    for (const group of ROUTE_GROUPS)
      expect(
        bundleInputs(bundles[group]).filter((input) => /(^|\/)local\/.*\.ts$/.test(input)),
        group,
      ).toEqual([]);
  });

  it('serve exactly the routes of their group (the handler maps match the route table)', async () => {
    for (const group of ROUTE_GROUPS) {
      const module = (await import(`../../functions/${group}/handler.ts`)) as { routes: Record<string, unknown> };
      expect(Object.keys(module.routes).sort(), group).toEqual(Object.keys(ROUTE_GROUP_HANDLERS[group]).sort());
      for (const key of Object.keys(module.routes)) {
        expect(ROUTES.find((r) => `${r.method} ${r.path}` === key)?.group, key).toBe(group);
      }
    }
  });
});

describe('public and verify bundles, against a label issued into the same table', () => {
  let store: DynamoDbStore;
  let token: string;
  let labelId: string;

  beforeAll(async () => {
    store = await freshTable('bundles-read');
    const signer = LocalKeySigner.generate();
    await store.putSigningKey(localKeyRecord(signer, new Date().toISOString()));
    const created = await createIssuer({ store, now: () => new Date() } as never, { name: 'Acme Steel', accreditation: BROAD_ACCREDITATION });
    const issuer = (await store.getIssuer(created.id))!;
    const { label } = await issueLabel(
      { store, signer, now: () => new Date(), defaultValidityDays: 365, publicBaseUrl: 'https://labels.example.com' },
      issuer,
      validFixture('steel-hot-rolled-coil'),
    );
    token = label.token;
    labelId = label.record.id;
  });
  afterAll(() => store.client.destroy());

  it('public: GET /health, GET /labels/{id} and an unknown label', async () => {
    const run = await invokeBundle(
      bundles.public.dir,
      [
        apiGatewayEvent({ method: 'GET', path: '/health' }),
        apiGatewayEvent({ method: 'GET', path: `/labels/${labelId}` }),
        apiGatewayEvent({ method: 'GET', path: '/labels/lbl_00000000000000000000' }),
      ],
      envFor('bundles-read'),
    );
    const [health, label, missing] = resultsOf(run);
    expect(health!.statusCode).toBe(200);
    expect(bodyOf(health!)).toMatchObject({ status: 'ok' });
    expect(label!.statusCode).toBe(200);
    expect(bodyOf(label!)).toMatchObject({ id: labelId, token });
    expect(JSON.stringify(bodyOf(label!))).toContain(BASE_URL);
    expect(missing!.statusCode).toBe(404);
    expect(missing!.headers['content-type']).toContain('application/problem+json');
  });

  it('verify: POST /verify says valid for the genuine token and bad_signature for a tampered one', async () => {
    const [h, p, s] = token.split('.') as [string, string, string];
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    const run = await invokeBundle(
      bundles.verify.dir,
      [
        apiGatewayEvent({ method: 'POST', path: '/verify', body: { token } }),
        apiGatewayEvent({ method: 'POST', path: '/verify', body: { token: `${h}.${p}.${flipped}` } }),
      ],
      envFor('bundles-read'),
    );
    const [genuine, tampered] = resultsOf(run);
    expect(genuine!.statusCode).toBe(200);
    expect(bodyOf(genuine!)).toMatchObject({ status: 'valid', labelId });
    expect(bodyOf(tampered!).status).toBe('bad_signature');
  });

  it('pages: loads and answers an unknown route with a problem, not a crash', async () => {
    const run = await invokeBundle(bundles.pages.dir, [apiGatewayEvent({ method: 'GET', path: '/no-such-page' })], envFor('bundles-read'));
    const [result] = resultsOf(run);
    expect(result!.statusCode).toBe(404);
    expect(bodyOf(result!)).toMatchObject({ code: 'route_not_found' });
  });
});

describe('admin and issuer bundles: a deployment’s first issuer and first label, signed through KMS', () => {
  let store: DynamoDbStore;
  let apiKey: string;
  let firstToken: string;
  const issuerEnv = () => envFor('bundles-issue', { SIGNING_KEY_ARN: kms.keyArn, AWS_ENDPOINT_URL_KMS: kms.endpoint });
  const adminEnv = () =>
    envFor('bundles-issue', {
      SIGNING_KEY_TAG_VALUE: 'CarbonLabel',
      SCHEME_ID: 'bundles.example',
      SCHEME_NAME: 'Bundle test scheme',
      SCHEME_ROOT_KEY_ARN: kms.rootKeyArn,
      AWS_ENDPOINT_URL_KMS: kms.endpoint,
    });
  // Label signing only: the admin function signs trust lists with the root too.
  const labelSigns = () => kms.calls.filter((c) => c.operation === 'Sign' && c.input.KeyId !== kms.rootKeyArn);
  const labelCalls = () => kms.calls.filter((c) => c.input.KeyId !== kms.rootKeyArn);
  beforeAll(async () => {
    store = await freshTable('bundles-issue');
  });
  afterAll(() => store.client.destroy());

  it('admin creates an issuer only for an IAM-authorised caller; the issuer bundle registers the KMS key and signs a label that verifies', async () => {
    const admin = resultsOf(
      await invokeBundle(
        bundles.admin.dir,
        [
          apiGatewayEvent({ method: 'POST', path: '/admin/issuers', body: { name: 'Nordic Aluminium' } }),
          apiGatewayEvent({ method: 'POST', path: '/admin/issuers', body: accreditedIssuerBody('Nordic Aluminium'), iamUserArn: ADMIN_ARN }),
        ],
        adminEnv(),
      ),
    );
    expect(admin[0]!.statusCode).toBe(401);
    expect(admin[1]!.statusCode).toBe(201);
    const { id: issuerId } = bodyOf(admin[1]!) as { apiKey: string; id: string };
    apiKey = (bodyOf(admin[1]!) as { apiKey: string }).apiKey;
    expect(apiKey).toMatch(/^clk_/);

    const issued = resultsOf(
      await invokeBundle(
        bundles.issuer.dir,
        [
          apiGatewayEvent({ method: 'POST', path: '/labels', body: validFixture('aluminium-primary-ingot') }),
          apiGatewayEvent({ method: 'POST', path: '/labels', headers: { authorization: `Bearer ${apiKey}` }, body: validFixture('aluminium-primary-ingot') }),
          apiGatewayEvent({ method: 'POST', path: '/labels', headers: { authorization: `Bearer ${apiKey}` }, body: validFixture('cement-clinker') }),
        ],
        issuerEnv(),
      ),
    );
    expect(issued[0]!.statusCode).toBe(401);
    expect(issued[1]!.statusCode, issued[1]!.body).toBe(201);
    expect(issued[2]!.statusCode).toBe(201);
    const label = bodyOf(issued[1]!) as { id: string; token: string };
    firstToken = label.token;

    // Signed by the KMS key: RAW ECDSA_SHA_256 by ARN; the public key was read once per cold start.
    const signs = labelSigns();
    expect(signs).toHaveLength(2);
    expect(signs[0]!.input).toMatchObject({ KeyId: kms.keyArn, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
    // SigV4-signed with the credentials from the function's environment (the bundle's provider).
    expect(signs[0]!.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDLOCAL\/\d{8}\/eu-west-1\/kms\/aws4_request/);
    // GetPublicKey: once to record the stack key, once to open it; then never per request.
    expect(labelCalls().filter((c) => c.operation === 'GetPublicKey')).toHaveLength(2);
    const jwk = kms.publicKey.export({ format: 'jwk' });
    const { payload } = await jwtVerify(label.token, await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'), { typ: LABEL_TOKEN_TYPE, algorithms: ['ES256'] });
    expect(payload).toMatchObject({ sub: label.id, iss: issuerId });

    // First cold start recorded the stack key as the active signing key.
    const keys = await store.listSigningKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ status: 'active', provider: { type: 'kms', keyArn: kms.keyArn } });

    // The verify and public bundles trust it with no KMS call (none is configured for them).
    const callsBefore = labelCalls().length;
    const [verdict] = resultsOf(
      await invokeBundle(bundles.verify.dir, [apiGatewayEvent({ method: 'POST', path: '/verify', body: { token: label.token } })], envFor('bundles-issue')),
    );
    expect(bodyOf(verdict!)).toMatchObject({ status: 'valid', labelId: label.id });
    const [jwks] = resultsOf(
      await invokeBundle(bundles.public.dir, [apiGatewayEvent({ method: 'GET', path: '/.well-known/jwks.json' })], envFor('bundles-issue')),
    );
    expect((bodyOf(jwks!).keys as { kid: string }[]).map((k) => k.kid)).toEqual([keys[0]!.kid]);
    expect(labelCalls().length).toBe(callsBefore);

    // A second cold start of the issuer finds the record and does not register again.
    const again = resultsOf(
      await invokeBundle(
        bundles.issuer.dir,
        [apiGatewayEvent({ method: 'POST', path: '/labels', headers: { authorization: `Bearer ${apiKey}` }, body: validFixture('roasted-coffee') })],
        issuerEnv(),
      ),
    );
    expect(again[0]!.statusCode).toBe(201);
    expect(await store.listSigningKeys()).toHaveLength(1);
    // The second cold start found the record: one GetPublicKey to open the key, one Sign.
    expect(
      labelCalls()
        .slice(callsBefore)
        .map((c) => c.operation),
    ).toEqual(['GetPublicKey', 'Sign']);
  });

  it('admin rotates to a new KMS key tagged for the stack; the issuer then signs with it and old labels stay valid', async () => {
    const [rotated] = resultsOf(
      await invokeBundle(bundles.admin.dir, [apiGatewayEvent({ method: 'POST', path: '/admin/signing-keys/rotate', iamUserArn: ADMIN_ARN })], adminEnv()),
    );
    expect(rotated!.statusCode, rotated!.body).toBe(200);
    const create = kms.calls.filter((c) => c.operation === 'CreateKey');
    expect(create).toHaveLength(1);
    expect(create[0]!.input).toMatchObject({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      Tags: [{ TagKey: 'carbon-label:signing-key', TagValue: 'CarbonLabel' }],
    });
    const records = await store.listSigningKeys();
    const active = records.filter((r) => r.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]!.provider).toMatchObject({ type: 'kms' });
    const newArn = (active[0]!.provider as { keyArn: string }).keyArn;
    expect(newArn).not.toBe(kms.keyArn);
    expect(records.find((r) => (r.provider as { keyArn?: string }).keyArn === kms.keyArn)?.status).toBe('retired');

    const [issued] = resultsOf(
      await invokeBundle(
        bundles.issuer.dir,
        [apiGatewayEvent({ method: 'POST', path: '/labels', headers: { authorization: `Bearer ${apiKey}` }, body: validFixture('ev-battery-pack') })],
        issuerEnv(),
      ),
    );
    expect(issued!.statusCode, issued!.body).toBe(201);
    expect(labelSigns().at(-1)!.input.KeyId).toBe(newArn);
    const newToken = (bodyOf(issued!) as { token: string }).token;
    const verdicts = resultsOf(
      await invokeBundle(
        bundles.verify.dir,
        [apiGatewayEvent({ method: 'POST', path: '/verify', body: { tokens: [firstToken, newToken] } })],
        envFor('bundles-issue'),
      ),
    );
    expect((bodyOf(verdicts[0]!).results as { status: string }[]).map((r) => r.status)).toEqual(['valid', 'valid']);
  });

  it('admin publishes the trust list signed by the root after each change and on its schedule; public serves it', async () => {
    const rootJwk = kms.keys.get(kms.rootKeyArn)!.publicKey.export({ format: 'jwk' });
    const pin = jwkThumbprint({ kty: 'EC', crv: 'P-256', x: rootJwk.x!, y: rootJwk.y! });
    const afterChanges = (await store.getTrustList())!;
    // Two changes so far (create issuer, rotate), each published.
    expect(afterChanges.seq).toBe(2);
    const list = acceptTrustList(afterChanges.jws, { pin });
    expect(list.scheme).toEqual({ id: 'bundles.example', name: 'Bundle test scheme' });
    expect(list.keys.map((k) => k.status).sort()).toEqual(['active', 'retired']);
    expect(list.issuers.map((i) => i.name)).toEqual(['Nordic Aluminium']);
    expect(kms.calls.filter((c) => c.operation === 'Sign' && c.input.KeyId === kms.rootKeyArn)).toHaveLength(2);

    // The schedule's task: nothing due yet (fresh list), then an unknown task fails the invocation.
    const scheduled = await invokeBundle(bundles.admin.dir, [{ task: 'publish-trust-list' }, { task: 'something-else' }] as never, adminEnv());
    expect(scheduled.results[0]).toMatchObject({ ok: true, result: { task: 'publish-trust-list' } });
    expect(scheduled.results[1]).toMatchObject({ ok: false });
    expect((await store.getTrustList())!.seq).toBe(2);

    const [served, root] = resultsOf(
      await invokeBundle(
        bundles.public.dir,
        [apiGatewayEvent({ method: 'GET', path: '/trust-list' }), apiGatewayEvent({ method: 'GET', path: '/.well-known/carbon-label-root.json' })],
        envFor('bundles-issue'),
      ),
    );
    expect(served!.statusCode).toBe(200);
    expect(served!.headers['content-type']).toBe('application/jwt');
    expect(served!.body).toBe(afterChanges.jws);
    expect(served!.headers.etag).toBe(afterChanges.etag);
    expect(bodyOf(root!)).toMatchObject({ scheme: { id: 'bundles.example' }, thumbprint: pin });
  });

  it('a function without its required configuration fails loudly instead of answering', async () => {
    const run = await invokeBundle(bundles.verify.dir, [apiGatewayEvent({ method: 'POST', path: '/verify', body: { token: 'x' } })], {
      ...envFor('bundles-issue'),
      PUBLIC_BASE_URL: '',
    });
    expect(run.results[0]).toMatchObject({ ok: false });
    expect((run.results[0] as { error: string }).error).toContain('PUBLIC_BASE_URL');
  });
});
