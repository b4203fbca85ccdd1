/**
 * API Gateway HTTP API payload-format-2.0 events, shaped as API Gateway sends them (see the AWS
 * "Working with AWS Lambda proxy integrations for HTTP APIs" example), with the route key and
 * path parameters matched from the route table.
 */
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from '../../../functions/http/api-event.ts';
import { matchRoute } from '../../../local/http-server.ts';

/** What a test sends. */
export interface EventSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** The caller's IAM identity, as the IAM authorizer puts it in the request context. */
  readonly iamUserArn?: string;
}

/** Builds the event API Gateway would deliver. */
export function apiGatewayEvent(spec: EventSpec): ApiEvent {
  const route = matchRoute(spec.method, spec.path);
  const routeKey = route?.routeKey ?? '$default';
  const now = new Date();
  const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : JSON.stringify(spec.body);
  const headers: Record<string, string> = {
    'content-length': String(body ? Buffer.byteLength(body) : 0),
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'bundle-test',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...spec.headers,
  };
  return {
    version: '2.0',
    routeKey,
    rawPath: spec.path,
    rawQueryString: '',
    headers,
    ...(route && Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      ...(spec.iamUserArn
        ? {
            authorizer: {
              iam: {
                accessKey: 'AKIAIOSFODNN7EXAMPLE',
                accountId: '123456789012',
                callerId: 'AIDACKCEVSQ6C2EXAMPLE',
                cognitoIdentity: null,
                principalOrgId: null,
                userArn: spec.iamUserArn,
                userId: 'AIDACKCEVSQ6C2EXAMPLE',
              },
            },
          }
        : {}),
      domainName: headers.host!,
      domainPrefix: 'abc123',
      http: { method: spec.method, path: spec.path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bundle-test' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  } as ApiEvent;
}
