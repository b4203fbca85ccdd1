/**
 * The route table's facts are consistent with how the edge behaves, and the OpenAPI document built
 * from them is sound: every route that authenticates may answer 401, every JSON body may be refused,
 * every POST body may be too large, and every response schema compiles.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/openapi/openapi-document.ts';
import { PROBLEM_STATUS } from '../../../functions/http/problem.ts';
import { ROUTES, routeKeyOf, type RouteDefinition } from '../../../functions/routes.ts';
import { ERROR_CODE_LIST, isApiErrorCode } from '../../../shared/errors/error-codes.ts';

const routes = ROUTES as readonly RouteDefinition[];

describe('the route table', () => {
  it.each(routes.map((r) => [routeKeyOf(r), r] as const))('%s declares the problems the edge gives it', (_key, route) => {
    const errors = new Set(route.errors);
    expect(errors.size, 'no code twice').toBe(route.errors.length);
    if (route.auth !== 'none') expect(errors.has('unauthenticated')).toBe(true);
    if (route.body) for (const code of ['malformed_request', 'payload_too_large', 'validation_failed'] as const) expect(errors.has(code), code).toBe(true);
    if (route.method === 'POST') expect(errors.has('payload_too_large')).toBe(true);
    for (const response of [route.success, ...(route.responses ?? [])]) {
      expect(
        route.errors.some((code) => PROBLEM_STATUS[code].status === response.status && (response.mediaType ?? 'application/json') === 'application/json'),
        `${response.status} is both a problem and a JSON body`,
      ).toBe(false);
    }
  });

  it('uses every API code somewhere, but for the edge’s own and the generic defaults', () => {
    const declared = new Set(routes.flatMap((r) => r.errors));
    const unused = ERROR_CODE_LIST.filter(isApiErrorCode).filter((code) => !declared.has(code));
    expect(unused.sort()).toEqual(['conflict', 'forbidden', 'internal_error', 'route_not_found']);
  });

  it('has unique route keys and operation ids', () => {
    expect(new Set(routes.map(routeKeyOf)).size).toBe(routes.length);
    expect(new Set(routes.map((r) => r.operationId)).size).toBe(routes.length);
  });
});

describe('the OpenAPI document', () => {
  const doc = openApiDocument('https://labels.example.com') as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
  };

  it('documents each route’s success and problem statuses, and each schema compiles', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormatsModule.default(ajv);
    ajv.addSchema(doc, 'openapi.json');
    const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
    for (const route of routes) {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, routeKeyOf(route)).toBeDefined();
      const statuses = Object.keys(operation!.responses).map(Number).sort();
      const expected = [
        ...new Set([route.success.status, ...(route.responses ?? []).map((r) => r.status), ...route.errors.map((c) => PROBLEM_STATUS[c].status)]),
      ].sort();
      expect(statuses, routeKeyOf(route)).toEqual(expected);
      for (const [status, response] of Object.entries(operation!.responses)) {
        for (const mediaType of Object.keys(response.content ?? {})) {
          const ref = `openapi.json#/paths/${pointer(route.path)}/${route.method.toLowerCase()}/responses/${status}/content/${pointer(mediaType)}/schema`;
          expect(ajv.getSchema(ref), ref).toBeTypeOf('function');
        }
      }
    }
  });
});
