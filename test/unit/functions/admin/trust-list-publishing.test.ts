/** The admin group republishes after each successful change, never after a read or a refusal, and a failed publish never fails the change. */
import { describe, expect, it, vi } from 'vitest';
import { publishingAfterChanges, publishTrustListIfDue } from '../../../../functions/admin/trust-list-publishing.ts';
import type { ApiEvent, ApiResult } from '../../../../functions/http/api-event.ts';
import type { RouteHandler } from '../../../../functions/http/dispatch.ts';
import type { KeyAdminServices } from '../../../../shared/app/services.ts';
import { republishCheckMs } from '../../../../local/embedded-services.ts';

const result = (statusCode: number): ApiResult => ({ statusCode, headers: {}, body: '{}' });
const event = (routeKey: string) => ({ routeKey }) as unknown as ApiEvent;

/** Services whose publication records the call, or fails. */
function servicesWith(publish: () => Promise<void>, stored?: { issuedAt: string; nextUpdate: string }) {
  const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn(), audit: vi.fn() };
  const store = {
    getTrustList: vi.fn(async () => (stored ? { seq: 3, jws: 'x', etag: '"x"', ...stored } : undefined)),
    putTrustList: vi.fn(async () => 'stored' as const),
    listIssuers: vi.fn(async () => ({ items: [] })),
    listSigningKeys: vi.fn(async () => []),
    listAllAccreditations: vi.fn(async () => []),
  };
  const root = {
    current: vi.fn(async () => {
      await publish();
      return { kid: 'k', alg: 'ES256', publicJwk: {} } as never;
    }),
  };
  return {
    services: {
      store,
      logger,
      now: () => new Date('2026-12-01T12:00:00Z'),
      trustList: { scheme: { id: 's', name: 'S' }, root, validitySeconds: 3600 },
    } as unknown as KeyAdminServices,
    root,
    logger,
  };
}

describe('publishingAfterChanges', () => {
  const handlers = {
    'GET /admin/issuers': vi.fn<RouteHandler<KeyAdminServices>>(async () => result(200)),
    'POST /admin/issuers': vi.fn<RouteHandler<KeyAdminServices>>(async () => result(201)),
    'POST /admin/issuers/{id}/suspend': vi.fn<RouteHandler<KeyAdminServices>>(async () => result(404)),
  };
  const wrapped = publishingAfterChanges(handlers);

  it('publishes after a successful change only', async () => {
    const publish = vi.fn(async () => {
      throw new Error('stop before signing');
    });
    const { services, root } = servicesWith(publish);
    expect((await wrapped['GET /admin/issuers'](event('GET /admin/issuers'), services)).statusCode).toBe(200);
    expect((await wrapped['POST /admin/issuers/{id}/suspend'](event('POST /admin/issuers/{id}/suspend'), services)).statusCode).toBe(404);
    expect(root.current).not.toHaveBeenCalled();
    expect((await wrapped['POST /admin/issuers'](event('POST /admin/issuers'), services)).statusCode).toBe(201);
    expect(root.current).toHaveBeenCalled();
  });

  it('answers the change as made when publishing fails, and logs the failure', async () => {
    const { services, logger } = servicesWith(async () => {
      throw new Error('KMS unreachable');
    });
    expect((await wrapped['POST /admin/issuers'](event('POST /admin/issuers'), services)).statusCode).toBe(201);
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('not republished'), expect.objectContaining({ routeKey: 'POST /admin/issuers' }));
  });

  it('does nothing without a scheme root (test set-ups)', async () => {
    const { services } = servicesWith(async () => {});
    const bare = { ...services, trustList: undefined } as KeyAdminServices;
    expect((await wrapped['POST /admin/issuers'](event('POST /admin/issuers'), bare)).statusCode).toBe(201);
    expect(await publishTrustListIfDue(bare)).toBeUndefined();
  });
});

describe('publishTrustListIfDue', () => {
  it('leaves a fresh list alone', async () => {
    const { services, root } = servicesWith(async () => {}, { issuedAt: '2026-12-01T11:45:00Z', nextUpdate: '2026-12-01T12:45:00Z' });
    expect(await publishTrustListIfDue(services)).toBeUndefined();
    expect(root.current).not.toHaveBeenCalled();
  });
});

describe('republishCheckMs', () => {
  it('checks an eighth of the validity, between once a minute and once an hour', () => {
    expect(republishCheckMs(24 * 3600)).toBe(3600_000);
    expect(republishCheckMs(8 * 3600)).toBe(3600_000);
    expect(republishCheckMs(4 * 3600)).toBe(1800_000);
    expect(republishCheckMs(3600)).toBe(450_000);
    expect(republishCheckMs(60)).toBe(60_000);
  });
});
