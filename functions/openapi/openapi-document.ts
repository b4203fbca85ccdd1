/**
 * The OpenAPI 3.1 document, generated: paths from the route table, request schemas from the very
 * zod schemas that validate requests, so the document cannot drift from behaviour.
 */
import * as z from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { CreateIssuerRequestSchema } from '../../shared/issuers/issuer-service.ts';
import { LabelClaimsSchema } from '../../shared/label/claims.ts';
import { LabelRequestSchema } from '../../shared/label/request-schema.ts';
import { RevokeRequestSchema } from '../../shared/label/revoke-label.ts';
import { RevocationListPayloadSchema } from '../../shared/revocation/revocation-list.ts';
import { VERDICT_MEANINGS, VERDICT_STATUSES } from '../../shared/verification/verdict.ts';
import { VerifyRequestSchema } from '../../shared/verification/verify-request.ts';
import { ROUTES, routeKeyOf, type RouteKey } from '../routes.ts';
import { MAX_BODY_BYTES } from '../http/request.ts';
import { PageQuerySchema } from '../../shared/pages/verification-page.ts';
import { LabelArtQuerySchema } from '../../shared/label-art/label-art-query.ts';
import { QrQuerySchema } from '../../shared/qr/qr-query.ts';

type JsonSchema = Record<string, unknown>;

const fromZod = (schema: $ZodType): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Query parameters of the routes that take them, from the zod schemas that parse them. */
const QUERIES: Partial<Record<RouteKey, z.ZodType>> = {
  'GET /labels/{id}/qr.svg': QrQuerySchema,
  'GET /labels/{id}/qr.png': QrQuerySchema,
  'GET /labels/{id}/label.svg': LabelArtQuerySchema,
  'GET /v/{token}': PageQuerySchema,
  'GET /l/{id}': PageQuerySchema,
};

const queryParameters = (key: RouteKey): JsonSchema[] =>
  Object.entries(((QUERIES[key] ? fromZod(QUERIES[key]) : {}).properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'urn:carbon-label:problem:{code}' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const VERDICT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['status', 'valid', 'reason', 'checkedAt'],
  properties: {
    status: {
      type: 'string',
      enum: [...VERDICT_STATUSES],
      description: VERDICT_STATUSES.map((s) => `- \`${s}\`: ${VERDICT_MEANINGS[s]}`).join('\n'),
    },
    valid: { type: 'boolean', description: 'true only for status valid' },
    reason: { type: 'string' },
    checkedAt: { type: 'string', format: 'date-time' },
    labelId: { type: 'string' },
    kid: { type: 'string' },
    claim: { type: 'object', description: 'The headline claim; present only when the signature is genuine' },
    revocation: { type: 'object', properties: { revokedAt: { type: 'string' }, reason: { type: 'string' }, supersededBy: { type: 'string' } } },
    statusSource: { type: 'object', properties: { kind: { enum: ['live', 'cached', 'offline', 'none'] }, maxAgeSeconds: { type: 'integer' }, asOf: { type: 'string' } } },
  },
};

const LABEL_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['id', 'status', 'issuer', 'issuedAt', 'validUntil', 'token', 'kid', 'digest', 'record', 'verifyUrl', 'compactUrl', 'links'],
  properties: {
    id: { type: 'string' },
    status: { enum: ['active', 'revoked'] },
    issuer: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
    issuedAt: { type: 'string', format: 'date-time' },
    validUntil: { type: 'string', format: 'date-time' },
    token: { type: 'string', description: 'Compact JWS, typ carbon-label+jwt, ES256' },
    kid: { type: 'string' },
    digest: { type: 'string', description: 'base64url SHA-256 of the RFC 8785 canonical JSON of record' },
    record: { type: 'object', description: 'The signed record: the request plus id, issuer, issuedAt, validFrom, validUntil, schemaVersion' },
    revocation: { type: 'object' },
    verifyUrl: { type: 'string', format: 'uri' },
    compactUrl: { type: 'string', format: 'uri' },
    links: { type: 'object' },
  },
};

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** Request bodies by route. */
const REQUEST_BODIES: Partial<Record<RouteKey, string>> = {
  'POST /labels': 'LabelRequest',
  'POST /labels/{id}/revoke': 'RevokeRequest',
  'POST /verify': 'VerifyRequest',
  'POST /admin/issuers': 'CreateIssuerRequest',
};

/** Success responses by route: status, description, schema, media type (JSON by default). */
const SUCCESS: Record<RouteKey, [number, string, JsonSchema | undefined, string?]> = {
  'POST /labels': [201, 'The issued label (a replay of an Idempotency-Key returns the same label)', ref('Label')],
  'GET /labels': [200, 'A page of labels', { type: 'object', properties: { items: { type: 'array', items: ref('Label') }, nextCursor: { type: 'string' } } }],
  'POST /labels/{id}/revoke': [200, 'The revoked label (revoking again returns it unchanged)', ref('Label')],
  'GET /labels/{id}': [200, 'The label', ref('Label')],
  'POST /verify': [200, 'A verdict, or {summary, results} for a batch', { oneOf: [ref('Verdict'), { type: 'object', properties: { summary: { type: 'object' }, results: { type: 'array', items: ref('Verdict') } } }] }],
  'GET /.well-known/jwks.json': [200, 'JWK Set (RFC 7517) with each key status', { type: 'object', properties: { keys: { type: 'array', items: { type: 'object' } } } }],
  'GET /health': [200, 'Healthy', { type: 'object' }],
  'GET /openapi.json': [200, 'This document', { type: 'object' }],
  'POST /admin/issuers': [201, 'The issuer and its API key (shown only here)', { type: 'object' }],
  'GET /admin/issuers': [200, 'A page of issuers', { type: 'object' }],
  'POST /admin/issuers/{id}/suspend': [200, 'The suspended issuer', { type: 'object' }],
  'POST /admin/issuers/{id}/reinstate': [200, 'The issuer, active again', { type: 'object' }],
  'POST /admin/issuers/{id}/rotate-key': [200, 'The issuer and its new API key (shown only here)', { type: 'object' }],
  'POST /admin/signing-keys/rotate': [200, '`{active, retired[]}`: the new active key and the keys it retired (published JWKs with status)', { type: 'object', required: ['active', 'retired'], properties: { active: { type: 'object' }, retired: { type: 'array', items: { type: 'object' } } } }],
  'POST /admin/signing-keys/{kid}/compromise': [200, '`{compromised, active?}`: the key, now compromised, and the new active key when it was the active one', { type: 'object', required: ['compromised'], properties: { compromised: { type: 'object' }, active: { type: 'object' } } }],
  'GET /revocations': [200, 'The signed revocation list: a compact JWS (ES256, `typ` `carbon-label-revocations+jwt`) whose payload is `RevocationListPayload`. Strong `ETag`; `Cache-Control: max-age` ends at the payload\'s `nxt`', { type: 'string', description: 'compact JWS; payload: #/components/schemas/RevocationListPayload' }, 'application/jwt'],
  'GET /labels/{id}/qr.svg': [200, 'QR code', { type: 'string' }, 'image/svg+xml'],
  'GET /labels/{id}/qr.png': [200, 'QR code', { type: 'string', contentEncoding: 'binary' }, 'image/png'],
  'GET /labels/{id}/label.svg': [200, 'Printable label art', { type: 'string' }, 'image/svg+xml'],
  'GET /v/{token}': [200, 'HTML verification page (the verdict is in the page, whatever it is)', { type: 'string' }, 'text/html'],
  'GET /l/{id}': [200, 'HTML verification page', { type: 'string' }, 'text/html'],
};

/** Builds the OpenAPI 3.1 document for a deployment at `baseUrl`. */
export function openApiDocument(baseUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const key = routeKeyOf(route);
    const [status, description, schema, mediaType] = SUCCESS[key];
    const body = REQUEST_BODIES[key];
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const responses: Record<string, unknown> = {
      [status]: { description, ...(schema ? { content: mediaType ? { [mediaType]: { schema } } : json(schema) } : {}) },
      ...(body ? { 400: problemResponse('Invalid request; `errors` names each failing field'), 413: problemResponse(`Body over ${MAX_BODY_BYTES} bytes`) } : {}),
      ...(route.auth !== 'none'
        ? { 401: problemResponse('Missing or invalid credentials'), 429: problemResponse('Local server: this address failed authentication too often; retry after `Retry-After` seconds') }
        : {}),
      ...(/\{(id|kid)\}/.test(route.path) ? { 404: problemResponse('Not found (or not yours)') } : {}),
    };
    if (key.startsWith('GET /labels/{id}/')) responses[400] = problemResponse('Invalid query; `errors` names each failing parameter');
    if (key === 'GET /l/{id}') responses[404] = { description: 'HTML page with the "unknown label" verdict', content: { 'text/html': { schema: { type: 'string' } } } };
    if (key === 'GET /revocations') responses[304] = { description: 'Not modified: `If-None-Match` matched the current ETag' };
    if (key === 'POST /admin/issuers/{id}/rotate-key') responses[409] = problemResponse('Another request replaced the key meanwhile; this one changed nothing');
    if (key === 'POST /labels') {
      responses[403] = problemResponse('Issuer suspended');
      responses[409] = problemResponse('Idempotency-Key reused with a different body');
      responses[503] = problemResponse('Storage or signer unavailable; nothing was issued');
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.group],
      ...(route.auth === 'issuer' ? { security: [{ issuerApiKey: [] }] } : route.auth === 'admin' ? { security: [{ adminToken: [] }] } : { security: [] }),
      ...(params.length > 0 || key === 'POST /labels'
        ? {
            parameters: [
              ...params,
              ...queryParameters(key),
              ...(key === 'POST /labels' ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : []),
            ],
          }
        : {}),
      ...(body ? { requestBody: { required: true, content: json(ref(body)) } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'carbon-label',
      version: '1.0.0',
      description: 'Issue signed carbon labels for products and verify them online, offline and by QR code.',
    },
    servers: [{ url: baseUrl }],
    paths,
    components: {
      securitySchemes: {
        issuerApiKey: { type: 'http', scheme: 'bearer', description: 'Issuer API key: clk_org_…' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN locally; IAM (SigV4) on AWS' },
      },
      schemas: {
        LabelRequest: fromZod(LabelRequestSchema),
        RevokeRequest: fromZod(RevokeRequestSchema),
        VerifyRequest: fromZod(VerifyRequestSchema),
        CreateIssuerRequest: fromZod(CreateIssuerRequestSchema),
        LabelClaims: fromZod(LabelClaimsSchema),
        RevocationListPayload: fromZod(RevocationListPayloadSchema),
        Label: LABEL_SCHEMA,
        Verdict: VERDICT_SCHEMA,
        Problem: PROBLEM_SCHEMA,
      },
    },
  };
}
