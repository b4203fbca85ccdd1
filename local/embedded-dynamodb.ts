/**
 * The embedded default's storage: dynalite (the DynamoDB API over LevelDB) in this process,
 * listening on a loopback port, its data under `DATA_DIR/dynamodb`.
 *
 * dynalite checks that a request is SigV4-signed but not by whom, and a loopback port is open to
 * every process on the machine: any of them could rewrite a revoked label to `active` or an
 * issuer's key hash. So the service's own instance admits only requests signed with an access
 * key id drawn at random at each start (`accessKeyId`): a small gate in front of dynalite's
 * request handler reads the SigV4 credential scope of every request and answers anything else
 * as DynamoDB answers an unknown key (`400 UnrecognizedClientException`), before dynalite sees it.
 *
 * Why this and not a Unix socket inside the 0700 `DATA_DIR`, which would let file permissions do
 * the check: socket paths are capped at about 104 bytes (and `DATA_DIR` may be any path), a crash
 * leaves the socket file behind, Windows pipes do not live in the directory at all, and the SDK
 * reaches an endpoint by URL, so a socket would need a custom agent in every client. With TCP the
 * endpoint stays an ordinary URL for `@aws-sdk/client-dynamodb` (and for the fault proxy tests),
 * and the secret lives only in this process's memory: never in the environment, argv or on disk.
 * It travels in the `Authorization` header over loopback, which only root can observe, and root
 * can read `DATA_DIR` anyway. It also shuts out web pages (DNS rebinding, or dynalite's
 * `Access-Control-Allow-Origin: *` on preflights): a browser cannot sign with a key it lacks.
 * The signature itself is not re-verified: the access key id is the secret, and recomputing
 * SigV4 would add nothing against an observer who can read it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
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
  /**
   * Serve only requests SigV4-signed with this access key id (the service passes a random one
   * per start). Unset, any signature is taken, as dynalite does: tests use that to play "another
   * DynamoDB" behind `AWS_ENDPOINT_URL_DYNAMODB`.
   */
  readonly accessKeyId?: string;
}

/** The access key id in a SigV4 `Authorization` header's credential scope. */
const SIGV4_CREDENTIAL = /^AWS4-HMAC-SHA256 +Credential=([^/,\s]+)\//;

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Wraps dynalite's request handler so that only requests signed with `accessKeyId` reach it. */
function admitOnly(accessKeyId: string, handler: RequestListener): RequestListener {
  const expected = digest(accessKeyId);
  return (req: IncomingMessage, res: ServerResponse) => {
    const presented = SIGV4_CREDENTIAL.exec(req.headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), expected)) {
      handler(req, res);
      return;
    }
    req.resume();
    const body = JSON.stringify({
      __type: 'com.amazon.coral.service#UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
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
  if (options.accessKeyId) {
    const [handler] = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', admitOnly(options.accessKeyId, handler!));
  }
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
