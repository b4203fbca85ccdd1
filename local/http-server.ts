/**
 * The local HTTP server: turns each request into the very API Gateway HTTP API (v2) event a
 * Lambda receives, dispatches it through the shared route table and writes the result back.
 */
import { auditRequest } from '../functions/http/audit.ts';
import { randomUUID } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AllServices } from '../shared/app/services.ts';
import { PayloadTooLargeError } from '../shared/errors/errors.ts';
import { ALL_ROUTE_HANDLERS } from '../functions/all-routes.ts';
import type { ApiEvent, ApiResult } from '../functions/http/api-event.ts';
import { dispatch, type AllRouteHandlers } from '../functions/http/dispatch.ts';
import { MAX_BODY_BYTES } from '../functions/http/request.ts';
import { problem } from '../functions/http/problem.ts';
import { errorResult, problemResult } from '../functions/http/responses.ts';
import { ROUTES, routeKeyOf } from '../functions/routes.ts';

interface CompiledRoute {
  readonly method: string;
  readonly routeKey: string;
  readonly pattern: RegExp;
  readonly params: readonly string[];
}

const COMPILED: readonly CompiledRoute[] = ROUTES.map((route) => {
  const params: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      params.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { method: route.method, routeKey: routeKeyOf(route), pattern: new RegExp(`^${source}$`), params };
});

/** Finds the route of a method and path, API Gateway style: `{param}` matches one segment. */
export function matchRoute(method: string, path: string): { routeKey: string; pathParameters: Record<string, string> } | undefined {
  // HEAD is answered by the GET route of the path, under a `HEAD …` key as API Gateway sends it.
  const asGet = method === 'HEAD';
  for (const route of COMPILED) {
    if (route.method !== (asGet ? 'GET' : method)) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const pathParameters: Record<string, string> = {};
    route.params.forEach((name, i) => {
      const raw = match[i + 1]!;
      try {
        pathParameters[name] = decodeURIComponent(raw);
      } catch {
        pathParameters[name] = raw;
      }
    });
    return { routeKey: asGet ? `HEAD ${route.routeKey.slice(4)}` : route.routeKey, pathParameters };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume(); // drain without keeping it
        reject(new PayloadTooLargeError(`the request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A path of plain segments (unreserved characters, no dots, no escapes), which URL parsing leaves as it is. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-]+)+$|^\/$/;

/** A request target that is no path this server could route (answered `400`). */
class MalformedTarget extends Error {}

/**
 * The path and query of a request target. `new URL` costs more than the rest of routing, and the
 * common targets (`/verify`, `/labels`) need none of its normalisation: those skip it.
 * @throws {MalformedTarget} for a target starting with `//`, which URL parsing reads as an
 *   authority (`//host/path`, so `//x@`, `//[` and `//%zz` are bad hosts, not paths), and for
 *   anything else `new URL` refuses.
 */
function requestTarget(raw: string): { readonly pathname: string; readonly search: string; readonly url?: URL } {
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  if (q < 0 && PLAIN_PATH.test(path)) return { pathname: path, search: '' };
  if (raw.startsWith('//')) throw new MalformedTarget();
  let url: URL;
  try {
    url = new URL(raw, 'http://localhost');
  } catch {
    throw new MalformedTarget();
  }
  return { pathname: url.pathname, search: url.search, url };
}

const TEXTUAL = /^(?:text\/|application\/(?:[\w.+-]*json|x-www-form-urlencoded|xml)|image\/svg\+xml)/i;

/** Builds the v2 event API Gateway would send for this request. */
export function toApiEvent(req: IncomingMessage, body: Buffer, route: { routeKey: string; pathParameters: Record<string, string> }): ApiEvent {
  const url = requestTarget(req.url ?? '/');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.url?.searchParams ?? []) query[name] = name in query ? `${query[name]},${value}` : value;
  // Bytes that are not UTF-8 go base64 (as API Gateway does for binary), so the handler sees them
  // as they came and can refuse them; decoding them here would silently turn them into U+FFFD.
  const textual = body.length === 0 || (TEXTUAL.test(headers['content-type'] ?? 'application/json') && isUtf8(body));
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(req.headers.cookie ? { cookies: req.headers.cookie.split(/;\s*/) } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: textual ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !textual,
  } as ApiEvent;
}

/** Writes a result; for `HEAD` the headers (with the length the body would have) and no body. */
function writeResult(res: ServerResponse, result: ApiResult, head = false): void {
  if (result.body !== undefined && !result.isBase64Encoded) {
    // Text goes out as the string itself: no intermediate copy into a Buffer.
    res.writeHead(result.statusCode, { ...result.headers, 'content-length': String(Buffer.byteLength(result.body, 'utf8')) });
    if (head) res.end();
    else res.end(result.body, 'utf8');
    return;
  }
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, 'base64');
  res.writeHead(result.statusCode, { ...result.headers, 'content-length': String(body.length) });
  if (head) res.end();
  else res.end(body);
}

/** Creates the server (not yet listening). */
export function createLocalServer(services: AllServices, handlers: AllRouteHandlers = ALL_ROUTE_HANDLERS): Server {
  const server = createServer((req, res) => {
    void (async () => {
      let path: string;
      try {
        path = requestTarget(req.url ?? '/').pathname;
      } catch (error) {
        if (!(error instanceof MalformedTarget)) throw error;
        req.resume();
        writeResult(res, problemResult(problem('malformed_request', 'the request target is not a valid path')));
        return;
      }
      const route = matchRoute(req.method ?? 'GET', path);
      if (!route) {
        req.resume();
        writeResult(res, problemResult(problem('route_not_found', `no route for ${req.method} ${path}`)));
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (error instanceof PayloadTooLargeError) {
          res.setHeader('connection', 'close');
          writeResult(res, errorResult(error)!);
          return;
        }
        res.destroy();
        return;
      }
      writeResult(res, await dispatch(handlers, toApiEvent(req, body, route), services, auditRequest), req.method === 'HEAD');
    })().catch((error: unknown) => {
      services.logger.error('local server failure', { error });
      if (!res.headersSent) writeResult(res, problemResult(problem('internal_error', 'An unexpected error occurred.')));
      else res.destroy();
    });
  });
  // Requests Node cannot even parse (bad request line, framing, huge headers) would get Node's bare
  // text 400; answer them with a problem too, then close, as every error here is problem+json.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    // Here HTTP itself picks the status: headers too large (431), too slow (408), or unparsable (400).
    const { status, title } =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? { status: 431, title: 'Request Header Fields Too Large' }
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? { status: 408, title: 'Request Timeout' }
          : { status: 400, title: 'Bad Request' };
    const body = JSON.stringify(problem('malformed_request', 'the request is not well-formed HTTP', { status: { status, title } }));
    socket.end(
      `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Error'}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
