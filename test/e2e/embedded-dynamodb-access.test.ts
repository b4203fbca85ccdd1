/**
 * The embedded DynamoDB endpoint listens on loopback, where every process on the machine can
 * connect. Only the service that started it may use it: a foreign client can neither read labels
 * nor rewrite a revoked one to `active` (or an issuer's key hash), whatever credentials it signs with.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { issuerKey, labelKey } from '../../shared/adapters/dynamodb/table-layout.ts';
import { startEmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function service(env?: Record<string, string>): Promise<TestService> {
  const svc = await startTestService(env ? { env } : {});
  cleanups.push(() => svc.destroy());
  return svc;
}

describe('the embedded DynamoDB endpoint', () => {
  it('refuses a foreign client on the machine: it can neither read a label nor rewrite a revoked one to active', async () => {
    const svc = await service();
    const issuer = await svc.createIssuer('Guarded Steel');
    const label = (await (await svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey })).json()) as {
      id: string;
      token: string;
    };
    expect((await svc.request('POST', `/labels/${label.id}/revoke`, { body: { reason: 'wrong figure' }, bearer: issuer.apiKey })).status).toBe(200);

    const endpoint = svc.service.storageEndpoint;
    const table = svc.service.config.TABLE_NAME;
    expect(new URL(endpoint).hostname).toBe('127.0.0.1');
    // Any credentials the SDK can sign with (dynalite alone takes them all), including the fixed
    // pair the service used to sign with.
    for (const accessKeyId of ['local', 'AKIAIOSFODNN7EXAMPLE', 'x']) {
      const foreign = DynamoDbStore.connect({ tableName: table, endpoint, credentials: { accessKeyId, secretAccessKey: 'local' } });
      try {
        const key = { pk: { S: labelKey(label.id).pk }, sk: { S: labelKey(label.id).sk } };
        await expect(foreign.client.send(new GetItemCommand({ TableName: table, Key: key }))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
        await expect(
          foreign.client.send(
            new UpdateItemCommand({
              TableName: table,
              Key: key,
              UpdateExpression: 'SET #s = :a REMOVE gsi2pk, gsi2sk',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':a': { S: 'active' } },
            }),
          ),
        ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
        const issuerItem = issuerKey(issuer.id);
        await expect(
          foreign.client.send(
            new PutItemCommand({ TableName: table, Item: { pk: { S: issuerItem.pk }, sk: { S: issuerItem.sk }, apiKeyHash: { S: '0'.repeat(64) } } }),
          ),
        ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
      } finally {
        foreign.client.destroy();
      }
    }
    // Unsigned requests of every kind: dynalite's health GET, a browser's CORS preflight, an unsigned POST.
    expect((await fetch(endpoint)).status).toBe(400);
    const preflight = await fetch(endpoint, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(400);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const unsigned = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).not.toContain('TableNames');

    // The service itself carries on: the label is still revoked, the issuer's key still works.
    const verdict = (await (await svc.request('POST', '/verify', { body: { token: label.token } })).json()) as { status: string };
    expect(verdict.status).toBe('revoked');
    expect((await svc.request('POST', '/labels', { body: validFixture('roasted-coffee'), bearer: issuer.apiKey })).status).toBe(201);
  });

  it('AWS_ENDPOINT_URL_DYNAMODB still points the service at another DynamoDB, with the environment’s credentials', async () => {
    const other = await startEmbeddedDynamoDb();
    cleanups.push(() => other.close());
    const direct = DynamoDbStore.connect({ tableName: 'elsewhere', endpoint: other.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    cleanups.push(() => direct.client.destroy());
    await ensureTable(direct.client, 'elsewhere');
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    const svc = await service({ AWS_ENDPOINT_URL_DYNAMODB: other.endpoint, TABLE_NAME: 'elsewhere' });
    expect(svc.service.storage).toBe(other.endpoint);
    const issuer = await svc.createIssuer('Elsewhere Ltd');
    const label = (await (await svc.request('POST', '/labels', { body: validFixture('cement-clinker'), bearer: issuer.apiKey })).json()) as { id: string };
    expect((await direct.getLabel(label.id))?.record.id).toBe(label.id);
  });
});
