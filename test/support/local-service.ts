/**
 * Starts the real embedded default (dynalite on disk, local key, HTTP server on a free port) in a
 * temporary data directory, and offers small helpers to talk to it over HTTP. Every response the
 * helpers receive is checked against the service's own `/openapi.json` (see openapi-check.ts):
 * an undocumented status, media type or body shape fails the test that made the request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../shared/logging/logger.ts';
import type { EmbeddedServicesOptions } from '../../local/embedded-services.ts';
import { startLocalService, type LocalService } from '../../local/local-service.ts';
import { openApiCheckedFetch, type CheckedFetch } from './openapi-check.ts';
import { accreditedIssuerBody } from './accreditation.ts';

/** An issuer registered by {@link TestService.createIssuer}: its id, API key and broad accreditation. */
export interface CreatedTestIssuer {
  readonly id: string;
  readonly apiKey: string;
  readonly accreditations: readonly { readonly id: string; readonly status: string }[];
}

/** A running service plus helpers; `stop()` keeps the data, `destroy()` deletes it. */
export interface TestService {
  readonly service: LocalService;
  readonly url: string;
  readonly dataDir: string;
  readonly adminToken: string;
  /** Log lines the service wrote. */
  readonly logs: string[];
  stop(): Promise<void>;
  destroy(): Promise<void>;
  /** Registers an issuer accredited for every product (`BROAD_ACCREDITATION`); returns its id and API key. */
  createIssuer(name?: string): Promise<CreatedTestIssuer>;
  /** `fetch` against the service with a JSON body; the response is checked against the OpenAPI document. */
  request(method: string, path: string, options?: { body?: unknown; bearer?: string; headers?: Record<string, string> }): Promise<Response>;
  /** `fetch` of a path or URL on the service; the response is checked against the OpenAPI document. */
  fetch: CheckedFetch;
}

/** Starts a service; pass `dataDir` to reuse data from an earlier one (restart tests). */
export async function startTestService(options: { dataDir?: string; env?: Record<string, string> } & EmbeddedServicesOptions = {}): Promise<TestService> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'carbon-label-test-'));
  const logs: string[] = [];
  const service = await startLocalService(
    { PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...options.env },
    createLogger('debug', (line) => logs.push(line)),
    options.authThrottle === undefined ? {} : { authThrottle: options.authThrottle },
  );
  const checkedFetch = openApiCheckedFetch(service.url);
  const request: TestService['request'] = (method, path, opts = {}) =>
    checkedFetch(path, {
      method,
      headers: {
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
    });
  return {
    service,
    url: service.url,
    dataDir,
    adminToken: service.adminToken.token,
    logs,
    stop: () => service.close(),
    async destroy() {
      await service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async createIssuer(name = 'Acme Steel') {
      const res = await request('POST', '/admin/issuers', { body: accreditedIssuerBody(name), bearer: service.adminToken.token });
      if (res.status !== 201) throw new Error(`createIssuer: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreatedTestIssuer;
    },
    request,
    fetch: checkedFetch,
  };
}
