import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../../local/http-server.ts';
import { ROUTES, routeKeyOf } from '../../../functions/routes.ts';

describe('local route matching (API Gateway semantics)', () => {
  it('matches every route in the table by its own path', () => {
    for (const route of ROUTES) {
      const path = route.path.replace(/\{(\w+)\}/g, 'abcdefghjkmnpqrs');
      expect(matchRoute(route.method, path)?.routeKey).toBe(routeKeyOf(route));
    }
  });

  it('extracts and decodes path parameters; a parameter is exactly one segment', () => {
    expect(matchRoute('POST', '/labels/ab%20c/revoke')).toEqual({ routeKey: 'POST /labels/{id}/revoke', pathParameters: { id: 'ab c' } });
    expect(matchRoute('GET', '/labels/a/b')).toBeUndefined();
    expect(matchRoute('DELETE', '/labels')).toBeUndefined();
    expect(matchRoute('GET', '/labels/')).toBeUndefined();
  });
});
