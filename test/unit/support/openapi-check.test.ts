/**
 * The end-to-end clients' OpenAPI check refuses what the document does not promise: an
 * undocumented status, a body off its schema, a media type not listed, an unknown route answered
 * with anything but route_not_found. A stub server serves the real document and canned answers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../functions/http/problem.ts';
import { openApiDocument } from '../../../functions/openapi/openapi-document.ts';
import { openApiCheckedFetch, type CheckedFetch } from '../../support/openapi-check.ts';

const canned = new Map<string, { status: number; type: string; body: string }>();
let server: Server;
let checked: CheckedFetch;

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer =
      req.url === '/openapi.json'
        ? { status: 200, type: 'application/json', body: JSON.stringify(openApiDocument('http://x')) }
        : canned.get(`${req.method} ${req.url}`);
    if (!answer) return void res.writeHead(500).end();
    res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  checked = openApiCheckedFetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const answer = (key: string, status: number, type: string, body: unknown) =>
  canned.set(key, { status, type, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('openApiCheckedFetch', () => {
  it('passes documented answers', async () => {
    answer('GET /health', 200, 'application/json; charset=utf-8', { status: 'ok', storage: 'reachable' });
    answer('GET /labels/aaaaaaaaaaaaaaaa', 404, 'application/problem+json', problem('not_found', 'label aaaaaaaaaaaaaaaa not found'));
    answer('GET /nope', 404, 'application/problem+json', problem('route_not_found', 'no route'));
    expect((await checked('/health')).status).toBe(200);
    expect((await checked('/labels/aaaaaaaaaaaaaaaa')).status).toBe(404);
    expect((await checked('/nope')).status).toBe(404);
  });

  it('fails an undocumented status, a 500 included', async () => {
    answer('GET /.well-known/jwks.json', 418, 'application/json', { keys: [] });
    await expect(checked('/.well-known/jwks.json')).rejects.toThrow(/status 418 is not documented/);
    answer('POST /verify', 500, 'application/problem+json', problem('internal_error', 'boom'));
    await expect(checked('/verify', { method: 'POST' })).rejects.toThrow(/status 500 is not documented/);
  });

  it('fails a body off its schema, and a problem code the route does not declare', async () => {
    answer('GET /health?x', 200, 'application/json', { status: 'ok', storage: 'reachable', extra: true });
    await expect(checked('/health?x')).rejects.toThrow(/does not match the OpenAPI schema/);
    answer('GET /labels/bbbbbbbbbbbbbbbb', 404, 'application/problem+json', problem('route_not_found', 'wrong code for this route'));
    await expect(checked('/labels/bbbbbbbbbbbbbbbb')).rejects.toThrow(/does not match the OpenAPI schema/);
  });

  it('fails an undocumented media type and an unknown route answered otherwise', async () => {
    answer('GET /health?y', 200, 'text/plain', 'ok');
    await expect(checked('/health?y')).rejects.toThrow(/media type "text\/plain" is not documented/);
    answer('GET /elsewhere', 200, 'application/json', {});
    await expect(checked('/elsewhere')).rejects.toThrow(/not an operation/);
  });
});
