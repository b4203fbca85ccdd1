/**
 * A raw HTTP client for hostile requests: any path bytes, any header, any body, chunked or with a
 * declared length. `fetch` normalises too much (paths, headers) to fuzz with.
 */
import { Agent, request } from 'node:http';

/** A response as read off the wire. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** One hostile request. */
export interface RawRequest {
  readonly method: string;
  /** Sent as is (must not contain bytes Node refuses in a request line). */
  readonly path: string;
  readonly headers?: Record<string, string>;
  /** A body; sent with `Content-Length` unless `chunked`. */
  readonly body?: Buffer;
  /** Send the body in chunks of this size with `Transfer-Encoding: chunked`. */
  readonly chunked?: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** Sends a request to `baseUrl` and reads the whole response. */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body && !req.chunked) headers['content-length'] = String(req.body.length);
    // Node frames GET bodies only when told to; unframed bytes would be a second, garbage request.
    if (req.body && req.chunked) headers['transfer-encoding'] = 'chunked';
    const r = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    r.on('error', reject);
    if (req.body && req.chunked) {
      for (let i = 0; i < req.body.length; i += req.chunked) r.write(req.body.subarray(i, i + req.chunked));
      r.end();
    } else {
      r.end(req.body);
    }
  });
}

/** Closes pooled sockets (call once the server is gone). */
export function closeRawClients(): void {
  agent.destroy();
}
