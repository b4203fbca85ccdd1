/** Building API Gateway v2 results with consistent headers. */
import { CarbonLabelError, TooManyRequestsError, ValidationError } from '../../shared/errors/errors.ts';
import { PROBLEM_CONTENT_TYPE, problem, type Problem } from '../../shared/http/problem.ts';
import type { ApiResult } from './api-event.ts';

/** Headers on every API response: no sniffing, no framing, no referrer leaks. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** A problem+json response. */
export function problemResult(p: Problem, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode: p.status,
    headers: { ...BASE_HEADERS, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(p),
  };
}

/** Maps a known error to its problem response; `undefined` for anything unexpected. */
export function errorResult(error: unknown, instance?: string): ApiResult | undefined {
  if (!(error instanceof CarbonLabelError) || error.status >= 500 && error.status !== 503) return undefined;
  const extra = {
    ...(instance ? { instance } : {}),
    ...(error instanceof ValidationError ? { errors: error.issues } : {}),
  };
  const headers: Record<string, string> =
    error.status === 401
      ? { 'www-authenticate': 'Bearer' }
      : error.status === 503
        ? { 'retry-after': '1' }
        : error instanceof TooManyRequestsError
          ? { 'retry-after': String(error.retryAfterSeconds) }
          : {};
  return problemResult(problem(error.status, error.code, error.message, extra), headers);
}
