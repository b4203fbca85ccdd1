/**
 * The OpenAPI 3.1 document, generated from the route table alone: paths, parameters, request
 * bodies, success responses and error responses all come from each route's facts, and every
 * schema from the very zod schema that parses the request or types the response, so the document
 * cannot drift from behaviour. The end-to-end suite checks every response it gets against it.
 *
 * What this module adds is presentation: the names of the components (a schema used by a route
 * must have one, or building the document fails) and the wording of problem responses.
 */
import * as z from 'zod';
import type { $ZodType } from 'zod/v4/core';
import { ERROR_CODES, type ApiErrorCode } from '../../shared/errors/error-codes.ts';
import {
  AccreditationListSchema,
  AccreditationRequestSchema,
  AccreditationSchema,
  StatusChangeRequestSchema,
} from '../../shared/accreditation/accreditation-service.ts';
import { CreatedIssuerSchema, IssuerPageSchema, PublicIssuerSchema } from '../../shared/issuers/issuer.ts';
import { CreateIssuerRequestSchema } from '../../shared/issuers/issuer-service.ts';
import { JwkSetSchema, PublishedJwkSchema } from '../../shared/keys/jwks.ts';
import { LabelClaimsSchema } from '../../shared/label/claims.ts';
import { LabelPageSchema, LabelResourceSchema } from '../../shared/label/label-resource-schema.ts';
import { LabelRequestSchema } from '../../shared/label/request-schema.ts';
import { RevokeRequestSchema } from '../../shared/label/revoke-label.ts';
import { RevocationListPayloadSchema } from '../../shared/revocation/revocation-list.ts';
import { SchemeRootDocumentSchema } from '../../shared/trust-list/root-document.ts';
import { TrustListPayloadSchema } from '../../shared/trust-list/trust-list.ts';
import { VerifyRequestSchema } from '../../shared/verification/verify-request.ts';
import {
  CreatedIssuerResponseSchema,
  KeyCompromiseResponseSchema,
  KeyRotationResponseSchema,
  WithdrawnIssuerResponseSchema,
} from '../admin/response-schemas.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_STATUS } from '../http/problem.ts';
import { ProblemSchema } from '../http/problem-schema.ts';
import { HealthSchema, OpenApiDocumentSchema } from '../public/response-schemas.ts';
import { ROUTES, type RouteDefinition, type RouteResponse } from '../routes.ts';
import { VerdictSchema, VerifyBatchResponseSchema, VerifyResponseSchema } from '../verify/response-schemas.ts';

type JsonSchema = Record<string, unknown>;

/** Request bodies, as clients send them (zod `input`). */
const REQUEST_COMPONENTS: Readonly<Record<string, $ZodType>> = {
  LabelRequest: LabelRequestSchema,
  RevokeRequest: RevokeRequestSchema,
  VerifyRequest: VerifyRequestSchema,
  CreateIssuerRequest: CreateIssuerRequestSchema,
  AccreditationRequest: AccreditationRequestSchema,
  StatusChangeRequest: StatusChangeRequestSchema,
};

/** Response bodies, as the service writes them (zod `output`), and documents named in descriptions. */
const RESPONSE_COMPONENTS: Readonly<Record<string, $ZodType>> = {
  Label: LabelResourceSchema,
  LabelPage: LabelPageSchema,
  Verdict: VerdictSchema,
  VerifyBatchResponse: VerifyBatchResponseSchema,
  VerifyResponse: VerifyResponseSchema,
  Issuer: PublicIssuerSchema,
  CreatedIssuer: CreatedIssuerSchema,
  CreatedIssuerWithAccreditations: CreatedIssuerResponseSchema,
  WithdrawnIssuer: WithdrawnIssuerResponseSchema,
  Accreditation: AccreditationSchema,
  AccreditationList: AccreditationListSchema,
  IssuerPage: IssuerPageSchema,
  PublishedJwk: PublishedJwkSchema,
  Jwks: JwkSetSchema,
  KeyRotation: KeyRotationResponseSchema,
  KeyCompromise: KeyCompromiseResponseSchema,
  Health: HealthSchema,
  OpenApiDocument: OpenApiDocumentSchema,
  Problem: ProblemSchema,
  LabelClaims: LabelClaimsSchema,
  RevocationListPayload: RevocationListPayloadSchema,
  TrustListPayload: TrustListPayloadSchema,
  SchemeRoot: SchemeRootDocumentSchema,
};

const COMPONENT_URI = (id: string) => `#/components/schemas/${id}`;
const ref = (name: string) => ({ $ref: COMPONENT_URI(name) });

const withoutMeta = ({ $schema: _schema, $id: _id, ...rest }: JsonSchema): JsonSchema => rest;

/** The components of one direction, with references between them. */
function components(named: Readonly<Record<string, $ZodType>>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: COMPONENT_URI, unrepresentable: 'any' }) as { schemas: Record<string, JsonSchema> };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutMeta(schema)]));
}

/** A schema inline (no components inside), e.g. of a text body or a parameter. */
const inline = (schema: $ZodType, io: 'input' | 'output'): JsonSchema => withoutMeta(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);

const nameIn = (named: Readonly<Record<string, $ZodType>>, schema: $ZodType): string | undefined => Object.entries(named).find(([, s]) => s === schema)?.[0];

/** A JSON body: by reference to its component, which it must have. */
function jsonBodySchema(route: RouteDefinition, named: Readonly<Record<string, $ZodType>>, schema: $ZodType): JsonSchema {
  const name = nameIn(named, schema);
  if (!name) throw new Error(`${route.method} ${route.path}: its JSON schema has no component name in openapi-document.ts`);
  return ref(name);
}

function responseObject(route: RouteDefinition, response: RouteResponse): [string, JsonSchema] {
  if (!response.schema) return [response.mediaType ?? 'application/json', {}];
  const mediaType = response.mediaType ?? 'application/json';
  const schema = mediaType === 'application/json' ? jsonBodySchema(route, RESPONSE_COMPONENTS, response.schema) : inline(response.schema, 'output');
  return [mediaType, { schema }];
}

/** The problem responses of a route, one per status, each naming its codes (and only those). */
function problemResponses(codes: readonly ApiErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) {
    const { status } = PROBLEM_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((code) => `\`${code}\`: ${ERROR_CODES[code].meaning}`).join(' Or '),
        content: {
          [PROBLEM_CONTENT_TYPE]: { schema: { allOf: [ref('Problem'), { properties: { status: { const: status }, code: { enum: list } } }] } },
        },
      },
    ]),
  );
}

function responses(route: RouteDefinition): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = problemResponses(route.errors);
  for (const response of [route.success, ...(route.responses ?? [])]) {
    const [mediaType, content] = responseObject(route, response);
    const existing = out[response.status] as { description: string; content?: Record<string, unknown> } | undefined;
    out[response.status] = {
      description: existing ? `${response.description}. Or: ${existing.description}` : response.description,
      ...(response.schema || existing?.content ? { content: { ...existing?.content, ...(response.schema ? { [mediaType]: content } : {}) } } : {}),
    };
  }
  return out;
}

function parameters(route: RouteDefinition): JsonSchema[] {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const queryProperties = ((route.query ? inline(route.query, 'input') : {}).properties ?? {}) as Record<string, JsonSchema>;
  const query = Object.entries(queryProperties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
  const headers = (route.headers ?? []).map((h) => ({
    name: h.name,
    in: 'header',
    required: false,
    description: h.description,
    schema: inline(h.schema, 'input'),
  }));
  return [...path, ...query, ...headers];
}

const SECURITY = { none: [], issuer: [{ issuerApiKey: [] }], admin: [{ adminToken: [] }] } as const;

/** Builds the OpenAPI 3.1 document for a deployment at `baseUrl`. */
export function openApiDocument(baseUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteDefinition[]) {
    const params = parameters(route);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.group],
      security: SECURITY[route.auth],
      ...(params.length > 0 ? { parameters: params } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonBodySchema(route, REQUEST_COMPONENTS, route.body) } } } }
        : {}),
      responses: responses(route),
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
      schemas: { ...components(REQUEST_COMPONENTS, 'input'), ...components(RESPONSE_COMPONENTS, 'output') },
    },
  };
}
