/**
 * Request targets that are no path (`//[`, `//x@`, `//%zz`: URL parsing reads `//…` as a host)
 * get a 400 problem, sent over a raw socket as a hostile client would (`fetch` normalises them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../support/local-process.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.destroy();
});

describe('hostile request targets', () => {
  it.each(['//[', '//x@', '//%zz', '//x@/labels', '//[::1/health', 'http://[/health'])('GET %s answers 400 problem+json, not 500', async (target) => {
    const port = Number(new URL(svc.url).port);
    const response = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    const [head = '', body = ''] = response.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(head.toLowerCase()).toContain('content-type: application/problem+json');
    expect(JSON.parse(body)).toMatchObject({ status: 400, code: 'malformed_request' });
    // Nothing was treated as an unexpected failure.
    expect(svc.logs.join('\n')).not.toContain('local server failure');
  });

  it('still routes ordinary and absolute-form targets on the same server', async () => {
    const port = Number(new URL(svc.url).port);
    for (const target of ['/health', `http://localhost:${port}/health`, '/health?x=1']) {
      const response = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
      expect(response.split('\r\n')[0], target).toBe('HTTP/1.1 200 OK');
    }
  });
});
