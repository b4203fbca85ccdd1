/**
 * The route table: the one list of routes and every fact about each. The local server dispatches
 * from it, the CDK stack wires API Gateway routes to functions from it, the handler maps are
 * complete by its keys, and the OpenAPI document is generated from it (query, headers, body,
 * success and error responses), so the document cannot drift from behaviour.
 *
 * It is data: it imports schemas (zod, each from the module beside the code that parses or builds
 * that shape) but no handler. Handlers import it for types only, so no Lambda bundle but the
 * public one (which serves the OpenAPI document) loads these schemas.
 */
import * as z from 'zod';
import type { $ZodType } from 'zod/v4/core';
import type { ApiErrorCode } from '../shared/errors/error-codes.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../shared/ids.ts';
import {
  AccreditationListSchema,
  AccreditationRequestSchema,
  AccreditationSchema,
  StatusChangeRequestSchema,
} from '../shared/accreditation/accreditation-service.ts';
import { CreatedIssuerSchema, IssuerPageSchema, PublicIssuerSchema } from '../shared/issuers/issuer.ts';
import { CreateIssuerRequestSchema } from '../shared/issuers/issuer-service.ts';
import { JwkSetSchema } from '../shared/keys/jwks.ts';
import { CompactJwsSchema, LabelPageSchema, LabelResourceSchema } from '../shared/label/label-resource-schema.ts';
import { LabelRequestSchema } from '../shared/label/request-schema.ts';
import { RevokeRequestSchema } from '../shared/label/revoke-label.ts';
import { LabelArtQuerySchema } from '../shared/render/label-art/label-art-query.ts';
import { VerifyFormQuerySchema } from '../shared/render/pages/home-page.ts';
import { PageQuerySchema } from '../shared/render/pages/verification-page.ts';
import { QrQuerySchema } from '../shared/qr/qr-query.ts';
import { SchemeRootDocumentSchema } from '../shared/trust-list/root-document.ts';
import { VerifyRequestSchema } from '../shared/verification/verify-request.ts';
import {
  CreatedIssuerResponseSchema,
  KeyCompromiseResponseSchema,
  KeyRotationResponseSchema,
  WithdrawnIssuerResponseSchema,
} from './admin/response-schemas.ts';
import { LabelListQuerySchema, PagingQuerySchema } from './http/request.ts';
import { HtmlPageSchema, PngSchema, SvgSchema } from './pages/response-schemas.ts';
import { HealthSchema, OpenApiDocumentSchema } from './public/response-schemas.ts';
import { VerifyResponseSchema } from './verify/response-schemas.ts';

/** Lambda function a route runs in. Grouped by the permissions they need. */
export type RouteGroup =
  /** Issuer API and everything that signs (the only function allowed to use the signing key). */
  | 'issuer'
  /** `POST /verify`: read-only, the hot path. */
  | 'verify'
  /** Public JSON reads. */
  | 'public'
  /** Human-facing pages and images (QR codes, label art). */
  | 'pages'
  /** Operator routes (IAM-authorised on AWS). */
  | 'admin';

/** Every route group (one Lambda function each), in a stable order. */
export const ROUTE_GROUPS: readonly RouteGroup[] = ['issuer', 'verify', 'public', 'pages', 'admin'];

/** Who may call a route. */
export type RouteAuth = 'none' | 'issuer' | 'admin';

/** A response other than an error problem: the success, a 304, an HTML page for a miss. */
export interface RouteResponse {
  readonly status: number;
  readonly description: string;
  /** Media type of the body; `application/json` when absent (and a schema is given). */
  readonly mediaType?: string;
  /** The body's zod schema (for other media than JSON: of its text). No schema: no body. */
  readonly schema?: $ZodType;
}

/** A request header the route reads. */
export interface RouteHeader {
  readonly name: string;
  readonly description: string;
  readonly schema: $ZodType;
}

/** One route. `path` uses API Gateway's `{param}` syntax. */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly group: RouteGroup;
  readonly auth: RouteAuth;
  readonly operationId: string;
  readonly summary: string;
  /** The schema that parses the query string (an object schema). */
  readonly query?: $ZodType;
  readonly headers?: readonly RouteHeader[];
  /** The schema that parses the JSON body. */
  readonly body?: $ZodType;
  readonly success: RouteResponse;
  /** Further non-problem responses. */
  readonly responses?: readonly RouteResponse[];
  /** Every problem code the route may answer with (statuses from `functions/http/problem.ts`). */
  readonly errors: readonly ApiErrorCode[];
}

/** Problems of every JSON body: not JSON, too large, or failing its schema. */
const BODY = ['malformed_request', 'payload_too_large', 'validation_failed'] as const;
/** The local server and API Gateway read every POST's body, so any may be too large. */
const POST = ['payload_too_large'] as const;
/** A credential check that failed, or (locally) a source refused for failing too often. */
const UNAUTHENTICATED = ['unauthenticated', 'too_many_requests'] as const;
/** Storage (or the signer) did not answer. */
const UNAVAILABLE = 'service_unavailable';

const LABEL = { schema: LabelResourceSchema } as const;
const ISSUER = { schema: PublicIssuerSchema } as const;
const ACCREDITATION = { schema: AccreditationSchema } as const;
const SVG = { mediaType: 'image/svg+xml', schema: SvgSchema } as const;
const HTML = { mediaType: 'text/html', schema: HtmlPageSchema } as const;
const HTML_UNAVAILABLE = { status: 503, description: 'HTML page saying the check could not be completed (storage did not answer)', ...HTML } as const;

export const ROUTES = [
  {
    method: 'POST',
    path: '/labels',
    group: 'issuer',
    auth: 'issuer',
    operationId: 'issueLabel',
    summary: 'Issue a signed carbon label',
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'Retries with the same key and body return the same label, never a second one',
        schema: z.string().regex(IDEMPOTENCY_KEY_PATTERN),
      },
    ],
    body: LabelRequestSchema,
    success: { status: 201, description: 'The issued label (a replay of an Idempotency-Key returns the same label)', ...LABEL },
    errors: [
      ...BODY,
      ...UNAUTHENTICATED,
      'issuer_suspended',
      'issuer_withdrawn',
      'not_accredited',
      'outside_accreditation',
      'idempotency_key_reused',
      UNAVAILABLE,
    ],
  },
  {
    method: 'GET',
    path: '/labels',
    group: 'issuer',
    auth: 'issuer',
    operationId: 'listLabels',
    summary: "List the caller's labels, newest first; ?status= keeps one effective state (filtered per page)",
    query: LabelListQuerySchema,
    success: {
      status: 200,
      description: 'A page of labels, each with its effective state; with ?status= a page may be short or empty while nextCursor is present',
      schema: LabelPageSchema,
    },
    errors: ['validation_failed', ...UNAUTHENTICATED, UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/labels/{id}/revoke',
    group: 'issuer',
    auth: 'issuer',
    operationId: 'revokeLabel',
    summary: 'Revoke a label (its issuer only)',
    body: RevokeRequestSchema,
    success: { status: 200, description: 'The revoked label (revoking again returns it unchanged)', ...LABEL },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/labels/{id}',
    group: 'public',
    auth: 'none',
    operationId: 'getLabel',
    summary: 'A label: full record, stored and effective status, and token',
    success: { status: 200, description: 'The label', ...LABEL },
    errors: ['not_found', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/verify',
    group: 'verify',
    auth: 'none',
    operationId: 'verify',
    summary: 'Verify one token or up to 100',
    body: VerifyRequestSchema,
    success: { status: 200, description: 'A verdict for {token}, or {summary, results} for {tokens}', schema: VerifyResponseSchema },
    errors: [...BODY, UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/.well-known/jwks.json',
    group: 'public',
    auth: 'none',
    operationId: 'getJwks',
    summary: 'Current and retired public signing keys',
    success: { status: 200, description: 'JWK Set (RFC 7517) with each key status', schema: JwkSetSchema },
    errors: [UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/health',
    group: 'public',
    auth: 'none',
    operationId: 'health',
    summary: 'Liveness and storage reachability',
    success: { status: 200, description: 'Healthy', schema: HealthSchema },
    errors: ['storage_unreachable'],
  },
  {
    method: 'GET',
    path: '/openapi.json',
    group: 'public',
    auth: 'none',
    operationId: 'getOpenApi',
    summary: 'This API as OpenAPI 3.1',
    success: { status: 200, description: 'This document', schema: OpenApiDocumentSchema },
    errors: [],
  },
  {
    method: 'POST',
    path: '/admin/issuers',
    group: 'admin',
    auth: 'admin',
    operationId: 'createIssuer',
    summary: 'Register an issuer (optionally with its first accreditation); returns its API key once',
    body: CreateIssuerRequestSchema,
    success: { status: 201, description: 'The issuer, its API key (shown only here) and its accreditations', schema: CreatedIssuerResponseSchema },
    errors: [...BODY, ...UNAUTHENTICATED, 'issuer_exists', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/admin/issuers',
    group: 'admin',
    auth: 'admin',
    operationId: 'listIssuers',
    summary: 'List issuers',
    query: PagingQuerySchema,
    success: { status: 200, description: 'A page of issuers', schema: IssuerPageSchema },
    errors: ['validation_failed', ...UNAUTHENTICATED, UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/suspend',
    group: 'admin',
    auth: 'admin',
    operationId: 'suspendIssuer',
    summary: 'Suspend an issuer (no further issuing)',
    success: { status: 200, description: 'The suspended issuer', ...ISSUER },
    errors: [...POST, ...UNAUTHENTICATED, 'not_found', 'already_withdrawn', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/reinstate',
    group: 'admin',
    auth: 'admin',
    operationId: 'reinstateIssuer',
    summary: 'Let a suspended issuer issue again',
    success: { status: 200, description: 'The issuer, active again', ...ISSUER },
    errors: [...POST, ...UNAUTHENTICATED, 'not_found', 'already_withdrawn', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/rotate-key',
    group: 'admin',
    auth: 'admin',
    operationId: 'rotateIssuerApiKey',
    summary: "Replace an issuer's API key; the old key stops working at once",
    success: { status: 200, description: 'The issuer and its new API key (shown only here)', schema: CreatedIssuerSchema },
    errors: [...POST, ...UNAUTHENTICATED, 'not_found', 'api_key_changed_meanwhile', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/accreditations',
    group: 'admin',
    auth: 'admin',
    operationId: 'accreditIssuer',
    summary: 'Record an accreditation: which products (HS categories), standards, markets and GTIN prefixes the issuer may certify',
    body: AccreditationRequestSchema,
    success: { status: 201, description: 'The accreditation, active from now', ...ACCREDITATION },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', 'already_withdrawn', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/admin/issuers/{id}/accreditations',
    group: 'admin',
    auth: 'admin',
    operationId: 'listAccreditations',
    summary: "An issuer's accreditations, oldest first",
    success: { status: 200, description: 'Every accreditation of the issuer, whatever its status', schema: AccreditationListSchema },
    errors: [...UNAUTHENTICATED, 'not_found', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/accreditations/{aid}/suspend',
    group: 'admin',
    auth: 'admin',
    operationId: 'suspendAccreditation',
    summary: 'Suspend an accreditation: no new labels under it; its labels verify with a warning',
    body: StatusChangeRequestSchema,
    success: { status: 200, description: 'The suspended accreditation', ...ACCREDITATION },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', 'already_withdrawn', 'concurrent_update', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/accreditations/{aid}/reinstate',
    group: 'admin',
    auth: 'admin',
    operationId: 'reinstateAccreditation',
    summary: 'Reinstate a suspended accreditation (never a withdrawn one)',
    body: StatusChangeRequestSchema,
    success: { status: 200, description: 'The accreditation, active again', ...ACCREDITATION },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', 'already_withdrawn', 'concurrent_update', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/accreditations/{aid}/withdraw',
    group: 'admin',
    auth: 'admin',
    operationId: 'withdrawAccreditation',
    summary: 'Withdraw an accreditation for good: its labels verify as accreditation_withdrawn',
    body: StatusChangeRequestSchema,
    success: { status: 200, description: 'The withdrawn accreditation (withdrawing again returns it unchanged)', ...ACCREDITATION },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', 'concurrent_update', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/issuers/{id}/withdraw',
    group: 'admin',
    auth: 'admin',
    operationId: 'withdrawIssuer',
    summary: 'Withdraw an issuer for good, with every accreditation: it never issues again and its labels verify as accreditation_withdrawn',
    body: StatusChangeRequestSchema,
    success: { status: 200, description: 'The withdrawn issuer and its accreditations, all withdrawn', schema: WithdrawnIssuerResponseSchema },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', 'concurrent_update', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/labels/{id}/revoke',
    group: 'admin',
    auth: 'admin',
    operationId: 'revokeLabelAsScheme',
    summary: 'Revoke any label as the scheme operator (recorded with `by: scheme`)',
    body: RevokeRequestSchema,
    success: { status: 200, description: 'The revoked label (revoking again returns it unchanged)', ...LABEL },
    errors: [...BODY, ...UNAUTHENTICATED, 'not_found', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/signing-keys/rotate',
    group: 'admin',
    auth: 'admin',
    operationId: 'rotateSigningKey',
    summary: 'Start signing with a new key; the old one is retired but stays published',
    success: {
      status: 200,
      description: '`{active, retired[]}`: the new active key and the keys it retired (published JWKs with status)',
      schema: KeyRotationResponseSchema,
    },
    errors: [...POST, ...UNAUTHENTICATED, 'signing_key_exists', 'concurrent_update', UNAVAILABLE],
  },
  {
    method: 'POST',
    path: '/admin/signing-keys/{kid}/compromise',
    group: 'admin',
    auth: 'admin',
    operationId: 'markKeyCompromised',
    summary: 'Mark a key compromised: every label it signed verifies as key_compromised',
    success: {
      status: 200,
      description: '`{compromised, active?}`: the key, now compromised, and the new active key when it was the active one',
      schema: KeyCompromiseResponseSchema,
    },
    errors: [...POST, ...UNAUTHENTICATED, 'not_found', 'signing_key_exists', 'concurrent_update', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/revocations',
    group: 'issuer',
    auth: 'none',
    operationId: 'getRevocationList',
    summary: 'Signed list of revoked labels, for offline verifiers',
    headers: [{ name: 'If-None-Match', description: 'The ETag of a list already held: 304 while it is still current', schema: z.string() }],
    success: {
      status: 200,
      description:
        "The signed revocation list: a compact JWS (ES256, `typ` `carbon-label-revocations+jwt`) whose payload is `RevocationListPayload`. Strong `ETag`; `Cache-Control: max-age` ends at the payload's `nxt`",
      mediaType: 'application/jwt',
      schema: CompactJwsSchema,
    },
    responses: [{ status: 304, description: 'Not modified: `If-None-Match` matched the current ETag' }],
    errors: [UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/trust-list',
    group: 'public',
    auth: 'none',
    operationId: 'getTrustList',
    summary: "The scheme's signed trust list: label keys, issuers and their accreditations, for pinned verifiers",
    headers: [{ name: 'If-None-Match', description: 'The ETag of a list already held: 304 while it is still current', schema: z.string() }],
    success: {
      status: 200,
      description:
        "The signed trust list: a compact JWS (ES256, `typ` `carbon-label-trustlist+jwt`) signed by the scheme root, whose payload is `TrustListPayload`. Strong `ETag`; `Cache-Control: max-age` never reaches past the payload's `nxt`",
      mediaType: 'application/jwt',
      schema: CompactJwsSchema,
    },
    responses: [{ status: 304, description: 'Not modified: `If-None-Match` matched the current ETag' }],
    errors: ['trust_list_not_published', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/.well-known/carbon-label-root.json',
    group: 'public',
    auth: 'none',
    operationId: 'getSchemeRoot',
    summary: "The scheme's identity and root public key; its thumbprint is the pin (compare it with one you got out of band)",
    success: { status: 200, description: '`{scheme: {id, name}, jwk, thumbprint}`', schema: SchemeRootDocumentSchema },
    errors: ['trust_list_not_published', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/labels/{id}/qr.svg',
    group: 'pages',
    auth: 'none',
    operationId: 'getQrSvg',
    summary: 'QR code (SVG); ?mode=full|compact&size=',
    query: QrQuerySchema,
    success: { status: 200, description: 'QR code', ...SVG },
    errors: ['validation_failed', 'not_found', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/labels/{id}/qr.png',
    group: 'pages',
    auth: 'none',
    operationId: 'getQrPng',
    summary: 'QR code (PNG); ?mode=full|compact&size=',
    query: QrQuerySchema,
    success: { status: 200, description: 'QR code', mediaType: 'image/png', schema: PngSchema },
    errors: ['validation_failed', 'not_found', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/labels/{id}/label.svg',
    group: 'pages',
    auth: 'none',
    operationId: 'getLabelArt',
    summary: 'Printable label art (SVG)',
    query: LabelArtQuerySchema,
    success: { status: 200, description: 'Printable label art', ...SVG },
    errors: ['validation_failed', 'not_found', UNAVAILABLE],
  },
  {
    method: 'GET',
    path: '/',
    group: 'pages',
    auth: 'none',
    operationId: 'homePage',
    summary: 'Home page: what this service is, a field to check a label, where the API is described',
    success: { status: 200, description: 'HTML home page (no JavaScript)', ...HTML },
    errors: [],
  },
  {
    method: 'GET',
    path: '/v',
    group: 'pages',
    auth: 'none',
    operationId: 'verifyPageFromForm',
    summary: "The home page's form: redirects to the verification page for what was pasted",
    query: VerifyFormQuerySchema,
    success: {
      status: 303,
      description:
        'See Other, no body: `Location` is `/l/{id}` for a compact URL or a label id, `/v/{token}` for a token, a verify URL or anything else, `/` when `code` is empty or missing',
    },
    errors: [],
  },
  {
    method: 'GET',
    path: '/v/{token}',
    group: 'pages',
    auth: 'none',
    operationId: 'verifyPageByToken',
    summary: 'Verification page for a token (what the default QR opens)',
    query: PageQuerySchema,
    success: { status: 200, description: 'HTML verification page (the verdict is in the page, whatever it is)', ...HTML },
    responses: [HTML_UNAVAILABLE],
    errors: [],
  },
  {
    method: 'GET',
    path: '/l/{id}',
    group: 'pages',
    auth: 'none',
    operationId: 'verifyPageById',
    summary: 'Verification page by label id (what the compact QR opens)',
    query: PageQuerySchema,
    success: { status: 200, description: 'HTML verification page', ...HTML },
    responses: [{ status: 404, description: 'HTML page with the "unknown label" verdict', ...HTML }, HTML_UNAVAILABLE],
    errors: [],
  },
] as const satisfies readonly RouteDefinition[];

/** `"METHOD /path"`, as API Gateway's `routeKey`. */
type KeyOf<R> = R extends { readonly method: infer M extends string; readonly path: infer P extends string } ? `${M} ${P}` : never;
export type RouteKey = KeyOf<(typeof ROUTES)[number]>;

/** The route keys of one group. */
export type RouteKeyOf<G extends RouteGroup> = KeyOf<Extract<(typeof ROUTES)[number], { readonly group: G }>>;

/** The route key of a definition. */
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>) => `${route.method} ${route.path}` as RouteKey;

/** Routes of one group. */
export const routesOf = (group: RouteGroup): RouteDefinition[] => ROUTES.filter((r) => r.group === group);

/** The methods a route answers: every GET route answers HEAD too (same status and headers, no body). */
export const methodsOf = (route: Pick<RouteDefinition, 'method'>): readonly ('GET' | 'HEAD' | 'POST')[] =>
  route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];

/** Every route key API Gateway has: each route's, plus `HEAD …` beside each `GET …`. */
export const deployedRouteKeys = (route: Pick<RouteDefinition, 'method' | 'path'>): string[] => methodsOf(route).map((m) => `${m} ${route.path}`);
