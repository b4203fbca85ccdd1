/**
 * The embedded default's storage: dynalite (the DynamoDB API over LevelDB) in this process,
 * listening on a loopback port, its data under `DATA_DIR/dynamodb`.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** A running embedded DynamoDB endpoint. */
export interface EmbeddedDynamoDb {
  readonly endpoint: string;
  /** Stops accepting requests and closes LevelDB, flushing everything to disk. */
  close(): Promise<void>;
}

/**
 * Starts dynalite. `path` undefined keeps data in memory (tests); otherwise the directory is
 * created if needed. Port 0 picks a free port.
 */
export async function startEmbeddedDynamoDb(options: { path?: string; port?: number } = {}): Promise<EmbeddedDynamoDb> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({ ...(options.path ? { path: options.path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets from SDK clients would otherwise hold the close open.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
