/** API Gateway HTTP API (payload format 2.0) event and result: the one contract of every handler. */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The event a handler receives (with an IAM authorizer context on admin routes in AWS). */
export type ApiEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithIAMAuthorizer;

/** The structured result a handler returns. */
export type ApiResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };
