/**
 * The route table: the one list of routes. The local server dispatches from it, the CDK stack
 * wires API Gateway routes to functions from it, and the OpenAPI document is generated from it.
 * It is plain data so infrastructure code can read it without loading handler code.
 */

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

/** One route. `path` uses API Gateway's `{param}` syntax. */
export interface RouteDefinition {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly group: RouteGroup;
  readonly auth: RouteAuth;
  readonly operationId: string;
  readonly summary: string;
}

export const ROUTES = [
  { method: 'POST', path: '/labels', group: 'issuer', auth: 'issuer', operationId: 'issueLabel', summary: 'Issue a signed carbon label' },
  { method: 'GET', path: '/labels', group: 'issuer', auth: 'issuer', operationId: 'listLabels', summary: "List the caller's labels, newest first" },
  { method: 'POST', path: '/labels/{id}/revoke', group: 'issuer', auth: 'issuer', operationId: 'revokeLabel', summary: 'Revoke a label (its issuer only)' },
  { method: 'GET', path: '/labels/{id}', group: 'public', auth: 'none', operationId: 'getLabel', summary: 'A label: full record, current status and token' },
  { method: 'POST', path: '/verify', group: 'verify', auth: 'none', operationId: 'verify', summary: 'Verify one token or up to 100' },
  { method: 'GET', path: '/.well-known/jwks.json', group: 'public', auth: 'none', operationId: 'getJwks', summary: 'Current and retired public signing keys' },
  { method: 'GET', path: '/health', group: 'public', auth: 'none', operationId: 'health', summary: 'Liveness and storage reachability' },
  { method: 'GET', path: '/openapi.json', group: 'public', auth: 'none', operationId: 'getOpenApi', summary: 'This API as OpenAPI 3.1' },
  { method: 'POST', path: '/admin/issuers', group: 'admin', auth: 'admin', operationId: 'createIssuer', summary: 'Register an issuer; returns its API key once' },
  { method: 'GET', path: '/admin/issuers', group: 'admin', auth: 'admin', operationId: 'listIssuers', summary: 'List issuers' },
  { method: 'POST', path: '/admin/issuers/{id}/suspend', group: 'admin', auth: 'admin', operationId: 'suspendIssuer', summary: 'Suspend an issuer (no further issuing)' },
  { method: 'POST', path: '/admin/issuers/{id}/reinstate', group: 'admin', auth: 'admin', operationId: 'reinstateIssuer', summary: 'Let a suspended issuer issue again' },
  { method: 'POST', path: '/admin/issuers/{id}/rotate-key', group: 'admin', auth: 'admin', operationId: 'rotateIssuerApiKey', summary: "Replace an issuer's API key; the old key stops working at once" },
  { method: 'POST', path: '/admin/signing-keys/rotate', group: 'admin', auth: 'admin', operationId: 'rotateSigningKey', summary: 'Start signing with a new key; the old one is retired but stays published' },
  { method: 'POST', path: '/admin/signing-keys/{kid}/compromise', group: 'admin', auth: 'admin', operationId: 'markKeyCompromised', summary: 'Mark a key compromised: every label it signed verifies as key_compromised' },
  { method: 'GET', path: '/revocations', group: 'issuer', auth: 'none', operationId: 'getRevocationList', summary: 'Signed list of revoked labels, for offline verifiers' },
  { method: 'GET', path: '/labels/{id}/qr.svg', group: 'pages', auth: 'none', operationId: 'getQrSvg', summary: 'QR code (SVG); ?mode=full|compact&size=' },
  { method: 'GET', path: '/labels/{id}/qr.png', group: 'pages', auth: 'none', operationId: 'getQrPng', summary: 'QR code (PNG); ?mode=full|compact&size=' },
  { method: 'GET', path: '/labels/{id}/label.svg', group: 'pages', auth: 'none', operationId: 'getLabelArt', summary: 'Printable label art (SVG)' },
  { method: 'GET', path: '/v/{token}', group: 'pages', auth: 'none', operationId: 'verifyPageByToken', summary: 'Verification page for a token (what the default QR opens)' },
  { method: 'GET', path: '/l/{id}', group: 'pages', auth: 'none', operationId: 'verifyPageById', summary: 'Verification page by label id (what the compact QR opens)' },
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
