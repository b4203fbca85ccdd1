/**
 * The verification pages while storage is down (dynalite stopped): the verdict is "could not be
 * checked", never "verified", and the page is still HTML, never a 500.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

describe('verification pages with storage down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carbon-label-pages-outage-'));
  let dynamo: EmbeddedDynamoDb;
  let svc: TestService;
  let label: { id: string; token: string; verifyUrl: string; compactUrl: string };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    dynamo = await startEmbeddedDynamoDb({ path: dir });
    const setup = DynamoDbStore.connect({ tableName: 'carbon-labels', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await ensureTable(setup.client, 'carbon-labels');
    setup.client.destroy();
    svc = await startTestService({ env: { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, TABLE_NAME: 'carbon-labels' } });
    const { apiKey } = await svc.createIssuer('Outage Co');
    const res = await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: apiKey });
    expect(res.status).toBe(201);
    label = (await res.json()) as typeof label;
    await dynamo.close();
  });

  afterAll(async () => {
    await svc?.destroy();
    await dynamo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['verifyUrl', 'compactUrl'] as const)('%s: an HTML page that says the check could not be made, never Verified', async (which) => {
    const res = await svc.fetch(label[which]);
    // 200 when the keyring still holds the key and only the status read failed; 503 when the key
    // or the label itself could not be read. Either way an HTML page, no pass, never a 500.
    expect([200, 503]).toContain(res.status);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('data-status="status_unavailable"');
    expect(html).toContain('<h1 id="verdict-h">Could not be checked</h1>');
    expect(html).not.toContain('>Verified<');
    expect(html).not.toContain('What the label says');
  });
});
