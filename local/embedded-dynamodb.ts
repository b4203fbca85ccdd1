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

/** Where dynalite keeps data and how it listens. */
export interface EmbeddedDynamoDbOptions {
  /** Data directory (created if needed); undefined keeps data in memory (tests). */
  readonly path?: string;
  /** Port; 0 or undefined picks a free one. */
  readonly port?: number;
  /**
   * Serve HTTPS with this PEM key and certificate (valid for 127.0.0.1), as DynamoDB does; the
   * endpoint is then `https://127.0.0.1:{port}`. Only the bench uses it, to measure a Lambda
   * bundle's cold start on the HTTPS path it takes on AWS.
   */
  readonly tls?: { readonly key: string; readonly cert: string };
  /**
   * When `port` is taken, keep trying for this long before failing (default 0: fail at once).
   * Retrying listens again with the same dynalite, whose LevelDB is already open: a second
   * dynalite on the same path could not open it.
   */
  readonly waitForPortMs?: number;
}

function listenOnce(server: import('node:net').Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Starts dynalite on loopback. */
export async function startEmbeddedDynamoDb(options: EmbeddedDynamoDbOptions = {}): Promise<EmbeddedDynamoDb> {
  if (options.path) mkdirSync(options.path, { recursive: true });
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    ...(options.tls ? { ssl: true, key: options.tls.key, cert: options.tls.cert, ca: options.tls.cert } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  const giveUpAt = Date.now() + (options.waitForPortMs ?? 0);
  for (;;) {
    try {
      await listenOnce(server, options.port ?? 0);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: options.tls ? `https://127.0.0.1:${port}` : `http://127.0.0.1:${port}`,
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
