/** Builds API Gateway HTTP API (payload 2.0) events shaped exactly as API Gateway sends them. */
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from '../../functions/http/api-event.ts';

/** Options for {@link apiGatewayEvent}. */
export interface EventOptions {
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** IAM identity, as the IAM authorizer adds it on admin routes. */
  readonly iamUserArn?: string;
}

/** An event for `routeKey` (e.g. `"POST /labels/{id}/revoke"`), with the raw path filled in. */
export function apiGatewayEvent(routeKey: string, options: EventOptions = {}): ApiEvent {
  const [method, template] = routeKey.split(' ') as [string, string];
  const rawPath = template.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(options.pathParameters?.[name] ?? ''));
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers: {
      accept: '*/*',
      host: 'abc123.execute-api.eu-central-1.amazonaws.com',
      'user-agent': 'vitest',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-proto': 'https',
      ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-central-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(options.iamUserArn
        ? {
            authorizer: {
              iam: {
                accessKey: 'AKIAEXAMPLE',
                accountId: '123456789012',
                callerId: 'AIDAEXAMPLE',
                principalOrgId: null,
                userArn: options.iamUserArn,
                userId: 'AIDAEXAMPLE',
                cognitoIdentity: null,
              },
            },
          }
        : {}),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  } as ApiEvent;
}
