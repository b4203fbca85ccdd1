/**
 * A tiny HTTP server on 127.0.0.1 whose answers a test chooses: for CLI runs against a service
 * that says things the real one would not (hostile problem text, a changed JWKS, a foreign list).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer: status, content type and body (objects are sent as JSON). */
export interface StubAnswer {
  readonly status?: number;
  readonly type?: string;
  readonly body: unknown;
}

/** A running stub; `routes` may be changed between requests. */
export interface StubServer {
  readonly url: string;
  /** `"GET /path"` (query ignored) to the answer or a function of the request. */
  routes: Record<string, StubAnswer | ((req: IncomingMessage) => StubAnswer)>;
  /** Requests seen, as `"METHOD /path"`. */
  readonly seen: string[];
  close(): Promise<void>;
}

/** Starts a stub server; unknown routes get a 404 problem. */
export async function startStubServer(routes: StubServer['routes'] = {}): Promise<StubServer> {
  const seen: string[] = [];
  const stub = { routes, seen } as StubServer & { url: string };
  const server = createServer((req, res) => {
    const key = `${req.method} ${new URL(req.url ?? '/', 'http://stub').pathname}`;
    seen.push(key);
    req.resume();
    const route = stub.routes[key];
    const answer: StubAnswer =
      typeof route === 'function'
        ? route(req)
        : (route ?? { status: 404, type: 'application/problem+json', body: { code: 'not_found', detail: `no stub for ${key}` } });
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status ?? 200, { 'content-type': answer.type ?? (typeof answer.body === 'string' ? 'text/plain' : 'application/json') });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return stub;
}
