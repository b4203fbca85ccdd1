/** An in-memory dynalite on a loopback port and a `DynamoDbStore` talking to it over HTTP. */
import { randomUUID } from 'node:crypto';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.ts';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb.ts';

/** A fresh table in a fresh in-memory dynalite. */
export async function startTestStore(): Promise<{ store: DynamoDbStore; dynamo: EmbeddedDynamoDb; tableName: string; close(): Promise<void> }> {
  const dynamo = await startEmbeddedDynamoDb();
  const tableName = `test-${randomUUID()}`;
  const store = DynamoDbStore.connect({ tableName, endpoint: dynamo.endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  await ensureTable(store.client, tableName);
  return {
    store,
    dynamo,
    tableName,
    async close() {
      store.client.destroy();
      await dynamo.close();
    },
  };
}
