import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/embedded-dynamodb.ts';
import { DynamoDbStore } from '../../../shared/adapters/dynamodb/dynamodb-store.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function occupiedPort(): Promise<{ port: number; blocker: Server }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  cleanups.push(() => new Promise<void>((resolve) => (blocker.listening ? blocker.close(() => resolve()) : resolve())));
  return { port: (blocker.address() as { port: number }).port, blocker };
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'carbon-label-embedded-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function answers(dynamo: EmbeddedDynamoDb): Promise<void> {
  const store = DynamoDbStore.connect({ tableName: 'unused', endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    expect((await store.client.send(new ListTablesCommand({}))).TableNames).toEqual([]);
  } finally {
    store.client.destroy();
  }
}

describe('embedded DynamoDB (dynalite)', () => {
  it('fails at once with EADDRINUSE when its port is taken and no wait is asked', async () => {
    const { port } = await occupiedPort();
    await expect(startEmbeddedDynamoDb({ path: dataDir(), port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('waits for a taken port to free up, then serves from the same data directory', async () => {
    const { port, blocker } = await occupiedPort();
    setTimeout(() => blocker.close(), 500);
    const dynamo = await startEmbeddedDynamoDb({ path: dataDir(), port, waitForPortMs: 10_000 });
    cleanups.push(() => dynamo.close());
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${port}`);
    await answers(dynamo);
  });

  it('gives up after waitForPortMs when the port stays taken', async () => {
    const { port } = await occupiedPort();
    await expect(startEmbeddedDynamoDb({ path: dataDir(), port, waitForPortMs: 400 })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('with accessKeyId, serves only requests signed with it (whatever the secret key), and refuses all others as DynamoDB does', async () => {
    const dynamo = await startEmbeddedDynamoDb({ accessKeyId: 'LOCALRIGHT' });
    cleanups.push(() => dynamo.close());
    const client = (accessKeyId: string) => {
      const store = DynamoDbStore.connect({ tableName: 'unused', endpoint: dynamo.endpoint, credentials: { accessKeyId, secretAccessKey: 'any' } });
      cleanups.push(() => store.client.destroy());
      return store.client;
    };
    expect((await client('LOCALRIGHT').send(new ListTablesCommand({}))).TableNames).toEqual([]);
    for (const wrong of ['LOCALWRONG', 'LOCALRIGHTX', 'LOCALRIGH', 'localright']) {
      await expect(client(wrong).send(new ListTablesCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    }
    // The key in a presigned query string, or in the header's other fields, does not count.
    const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables', 'x-amz-date': '20260101T000000Z' };
    const query = await fetch(
      `${dynamo.endpoint}/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=LOCALRIGHT%2F20260101%2Fus-east-1%2Fdynamodb%2Faws4_request`,
      { method: 'POST', headers, body: '{}' },
    );
    expect(query.status).toBe(400);
    const elsewhere = await fetch(dynamo.endpoint, {
      method: 'POST',
      headers: {
        ...headers,
        authorization: 'AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=LOCALRIGHT/',
      },
      body: '{}',
    });
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ __type: 'com.amazon.coral.service#UnrecognizedClientException' });
  });

  it('without accessKeyId, takes any signature (the stand-in for another DynamoDB in tests)', async () => {
    const dynamo = await startEmbeddedDynamoDb();
    cleanups.push(() => dynamo.close());
    await answers(dynamo);
  });
});
