/**
 * Lambda bundles: each function's bundle size, and its cold init in a fresh Node 24 process (the
 * Lambda runtime's version): import the bundle, then its first invocation with a real API Gateway
 * v2 event against dynalite. Bundles are built with the stack's own esbuild options
 * (`infra/bundling.ts`). Reuses the bundle tests' builder and runner (test/bundles/support).
 *
 * Cold init here excludes starting Node itself (Lambda's runtime start is not ours to measure) and
 * includes the first DynamoDB round trips of the first request (over loopback, to dynalite).
 * dynalite serves HTTPS for it, as DynamoDB does, so the first request takes the path it takes on
 * AWS: TLS set-up and handshake. Over plain HTTP it would take one a Lambda never runs (the SDK
 * `import()`s `node:http`, whose ESM facade on Node 22+ loads undici); a breakdown row measures
 * that for the verify function.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { createIssuer } from '../../shared/issuers/issuer-service.ts';
import { localKeyRecord } from '../../local/keys/local-signing-key.ts';
import { issueLabel } from '../../shared/label/issue-label.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';
import type { ApiEvent } from '../../functions/http/api-event.ts';
import { ROUTE_GROUPS, type RouteGroup } from '../../functions/routes.ts';
import { apiGatewayEvent } from '../../test/bundles/support/api-gateway-event.ts';
import { buildBundle } from '../../test/bundles/support/build.ts';
import { invokeBundle, requireNode24 } from '../../test/bundles/support/node24.ts';
import { validFixture } from '../../test/support/fixtures.ts';
import { measureInChild } from '../lib/isolated.ts';
import type { BenchContext, BenchRow, BenchSection } from '../section.ts';
import { BROAD_ACCREDITATION } from '../../test/support/accreditation.ts';

/** Targets from the issue: the verify function's bundle and its cold init. */
export const VERIFY_BUNDLE_MAX_KB = 300;
export const VERIFY_COLD_INIT_MAX_MS = 150;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A self-signed certificate for 127.0.0.1, for benchmarks only (its key is public, in the repo). */
const TLS_DIR = join(import.meta.dirname, '..', 'tls');
const TLS_CERT_FILE = join(TLS_DIR, 'localhost.cert.pem');

/** Cold inits of one bundle: median total, median import, over `runs` fresh processes. */
async function coldInits(dir: string, event: ApiEvent, env: Record<string, string>, runs: number): Promise<{ cold: number; load: number }> {
  const colds: number[] = [];
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await invokeBundle(dir, [event], env);
    const result = run.results[0]!;
    if (!result.ok || result.result.statusCode >= 400) {
      throw new Error(`${dir} bundle's first request failed: ${result.ok ? `${result.result.statusCode} ${result.result.body}` : result.error}\n${run.stderr}`);
    }
    colds.push(run.loadedMs + run.firstInvocationMs);
    loads.push(run.loadedMs);
  }
  return { cold: median(colds), load: median(loads) };
}

/** Measures the bundle rows in this process (the section runs it in a fresh child). */
export async function measureBundles(context: BenchContext): Promise<BenchRow[]> {
  requireNode24();
  const root = mkdtempSync(join(tmpdir(), 'carbon-label-bench-bundles-'));
  const dataDir = join(root, 'dynamodb');
  // Set up over plain HTTP (this process's SDK client trusts only the usual CAs), then serve
  // the same data over HTTPS for the functions.
  let dynamo: EmbeddedDynamoDb = await startEmbeddedDynamoDb({ path: dataDir });
  const tableName = 'bench-bundles';
  const store = DynamoDbStore.connect({ tableName, endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    await ensureTable(store.client, tableName);
    const signer = LocalKeySigner.generate();
    await store.putSigningKey(localKeyRecord(signer, new Date().toISOString()));
    const created = await createIssuer({ store, now: () => new Date() } as never, { name: 'Bench Steel', accreditation: BROAD_ACCREDITATION });
    const issuer = (await store.getIssuer(created.id))!;
    const { label } = await issueLabel(
      { store, signer, now: () => new Date(), defaultValidityDays: 365, publicBaseUrl: 'https://labels.example.com' },
      issuer,
      validFixture('steel-hot-rolled-coil'),
    );
    const id = label.record.id;
    const firstEvent: Record<RouteGroup, ApiEvent> = {
      verify: apiGatewayEvent({ method: 'POST', path: '/verify', body: { token: label.token } }),
      public: apiGatewayEvent({ method: 'GET', path: `/labels/${id}` }),
      pages: apiGatewayEvent({ method: 'GET', path: `/l/${id}` }),
      admin: apiGatewayEvent({ method: 'GET', path: '/admin/issuers', iamUserArn: 'arn:aws:iam::123456789012:user/bench' }),
      issuer: apiGatewayEvent({ method: 'GET', path: '/labels', headers: { authorization: `Bearer ${created.apiKey}` } }),
    };
    const env = (endpoint: string) => ({
      TABLE_NAME: tableName,
      PUBLIC_BASE_URL: 'https://labels.example.org',
      LOG_LEVEL: 'warn',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      NODE_EXTRA_CA_CERTS: TLS_CERT_FILE,
      SIGNING_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/not-used-by-this-request',
      SIGNING_KEY_TAG_VALUE: 'Bench',
      // The admin function's scheme settings; a read (GET /admin/issuers) never signs with the root.
      SCHEME_ID: 'bench.example',
      SCHEME_NAME: 'Bench scheme',
      SCHEME_ROOT_KEY_ARN: 'arn:aws:kms:eu-west-1:123456789012:key/not-used-by-this-request',
      AWS_CONFIG_FILE: join(root, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(root, 'none'),
    });
    const runs = context.quick ? 1 : 7;
    const built = new Map<RouteGroup, { dir: string; file: string }>();
    for (const group of ROUTE_GROUPS) {
      const dir = join(root, group);
      mkdirSync(dir);
      built.set(group, { dir, file: (await buildBundle(group, dir)).file });
    }
    const plainHttp = await coldInits(built.get('verify')!.dir, firstEvent.verify, env(dynamo.endpoint), runs);
    await dynamo.close();
    dynamo = await startEmbeddedDynamoDb({
      path: dataDir,
      tls: { key: readFileSync(join(TLS_DIR, 'localhost.key.pem'), 'utf8'), cert: readFileSync(TLS_CERT_FILE, 'utf8') },
    });

    const rows: BenchRow[] = [];
    for (const group of ROUTE_GROUPS) {
      const { dir, file } = built.get(group)!;
      const kb = statSync(file).size / 1024;
      const { cold, load } = await coldInits(dir, firstEvent[group], env(dynamo.endpoint), runs);
      context.log(`bundles: ${group} ${kb.toFixed(1)} KB, cold init ${cold.toFixed(1)} ms`);
      rows.push({
        name: `${group} bundle size`,
        value: Number(kb.toFixed(1)),
        unit: 'KB',
        ...(group === 'verify' ? { target: { description: `≤ ${VERIFY_BUNDLE_MAX_KB} KB`, pass: kb <= VERIFY_BUNDLE_MAX_KB } } : {}),
        note: 'index.mjs, minified ESM, self-contained (source map not counted)',
      });
      rows.push({
        name: `${group} cold init`,
        value: Number(cold.toFixed(1)),
        unit: 'ms',
        ...(group === 'verify' ? { target: { description: `≤ ${VERIFY_COLD_INIT_MAX_MS} ms`, pass: cold <= VERIFY_COLD_INIT_MAX_MS } } : {}),
        note: `median of ${runs} fresh Node 24 processes: import ${load.toFixed(1)} ms + first ${firstEvent[group].routeKey} (DynamoDB over HTTPS, as on AWS)`,
      });
      if (group === 'verify') {
        rows.push({
          name: 'verify cold init, DynamoDB over plain HTTP',
          value: Number(plainHttp.cold.toFixed(1)),
          unit: 'ms',
          note: `breakdown, no target: the same against a plain-HTTP endpoint, as the bundle tests use (import ${plainHttp.load.toFixed(1)} ms): no TLS, but the SDK loads node:http and with it undici`,
        });
      }
    }
    return rows;
  } finally {
    store.client.destroy();
    await dynamo.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The bundles section, in a child process that loads only it: dynalite answers the functions'
 * first requests from that process. Run from the bench process after the HTTP sections, the
 * verify function's cold init came out at 228 ms against 140 ms for the section run alone.
 */
export const bundlesSection: BenchSection = {
  name: 'bundles',
  run: (context) => measureInChild('bundles', context),
};
