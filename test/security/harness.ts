/**
 * Test harness for the security suite: the REAL local service pointed at a dynalite we control
 * over HTTP, so tests can read and alter stored items behind the service's back, plus the
 * service's own signing key loaded from `DATA_DIR/keys` (to forge with the genuine key).
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { LocalKeyDirectory } from '../../local/keys/key-directory.ts';
import type { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { PROBLEM_CONTENT_TYPE } from '../../functions/http/problem.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

// An external endpoint uses the environment's AWS credentials; dynalite accepts any.
process.env.AWS_ACCESS_KEY_ID ??= 'local';
process.env.AWS_SECRET_ACCESS_KEY ??= 'local';

/** A service on an external dynalite, with direct access to its table. */
export interface SecurityHarness {
  readonly svc: TestService;
  readonly dynamo: EmbeddedDynamoDb;
  /** A store client of our own on the service's table (for direct reads and tampering). */
  readonly store: DynamoDbStore;
  readonly tableName: string;
  /** The service's active signing key, loaded from its key file. */
  signer(): LocalKeySigner;
  close(): Promise<void>;
}

/**
 * Starts dynalite (in memory unless `dynamoPath`), optionally prepares the table with `before`,
 * then starts the service against it.
 */
export async function startSecurityHarness(
  options: {
    before?: (store: DynamoDbStore) => Promise<void>;
    dynamoPath?: string;
    env?: Record<string, string>;
    /** The endpoint the service should use instead of dynalite's (e.g. a fault proxy in front of it). */
    serviceEndpoint?: (dynamoEndpoint: string) => Promise<string>;
  } = {},
): Promise<SecurityHarness> {
  const dynamo = await startEmbeddedDynamoDb(options.dynamoPath ? { path: options.dynamoPath } : {});
  const tableName = 'carbon-labels';
  const store = DynamoDbStore.connect({ tableName, endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTable(store.client, tableName);
  await options.before?.(store);
  const endpoint = options.serviceEndpoint ? await options.serviceEndpoint(dynamo.endpoint) : dynamo.endpoint;
  // These suites send thousands of wrong credentials from one address on purpose; the throttle
  // that would answer them 429 is proven on its own in test/e2e/auth-failures.test.ts.
  const svc = await startTestService({ env: { AWS_ENDPOINT_URL_DYNAMODB: endpoint, TABLE_NAME: tableName, ...options.env }, authThrottle: false });
  return {
    svc,
    dynamo,
    store,
    tableName,
    signer: () => new LocalKeyDirectory(join(svc.dataDir, 'keys')).load(svc.service.signingKey.kid),
    async close() {
      await svc.destroy();
      store.client.destroy();
      await dynamo.close();
    },
  };
}

/** Asserts an RFC 9457 problem response with `status` (and `code`), and returns its body. */
export async function expectProblem(res: Response, status: number, code?: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.status).toBe(status);
  expect(typeof body.code).toBe('string');
  expect(body.type).toBe(`urn:carbon-label:problem:${String(body.code)}`);
  if (code) expect(body.code).toBe(code);
  return body;
}

/** Issues a label over HTTP; returns the label resource. */
export async function issue(
  svc: TestService,
  apiKey: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<{ id: string; token: string; record: Record<string, unknown> }> {
  const res = await svc.request('POST', '/labels', { body, bearer: apiKey, ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`issue: ${res.status} ${text}`);
  return JSON.parse(text) as { id: string; token: string; record: Record<string, unknown> };
}

/** Counts an issuer's labels by paging `GET /labels`. */
export async function countLabels(svc: TestService, apiKey: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const res = await svc.request('GET', `/labels?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { bearer: apiKey });
    if (res.status !== 200) throw new Error(`list: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: unknown[]; nextCursor?: string };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}
