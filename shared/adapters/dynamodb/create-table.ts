import { CreateTableCommand, DescribeTableCommand, ResourceInUseException, ResourceNotFoundException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { INDEXES, KEY_ATTRIBUTES as K } from './table-layout.ts';

/**
 * Creates the table with the layout of `table-layout.ts` when it does not exist, and waits until
 * it is ACTIVE. Used by the embedded default and by local endpoints; on AWS the CDK stack owns the
 * table (same key schema).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: Object.values(K).map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: K.pk, KeyType: 'HASH' },
          { AttributeName: K.sk, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: INDEXES.byOwner,
            KeySchema: [
              { AttributeName: K.gsi1pk, KeyType: 'HASH' },
              { AttributeName: K.gsi1sk, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: INDEXES.revocations,
            KeySchema: [
              { AttributeName: K.gsi2pk, KeyType: 'HASH' },
              { AttributeName: K.gsi2sk, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error; // another process created it first
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return 'created';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`table ${tableName} did not become ACTIVE`);
}
