/** Building API Gateway v2 results with consistent headers. */
import { CarbonLabelError, ForbiddenError, TooManyRequestsError, ValidationError } from '../../shared/errors/errors.ts';
import { isAnsweredCode, PROBLEM_CONTENT_TYPE, PROBLEM_STATUS, problem, type Problem } from './problem.ts';
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

/**
 * Maps a known error to its problem response (status from `PROBLEM_STATUS`); `undefined` for
 * anything unexpected: errors that are not ours, codes the API never answers with, and 5xx codes
 * other than 503 (those become a logged `internal_error`).
 */
export function errorResult(error: unknown, instance?: string): ApiResult | undefined {
  if (!(error instanceof CarbonLabelError) || !isAnsweredCode(error.code)) return undefined;
  const { status } = PROBLEM_STATUS[error.code];
  if (status >= 500 && status !== 503) return undefined;
  const extra = {
    ...(instance ? { instance } : {}),
    ...(error instanceof ValidationError || error instanceof ForbiddenError ? { errors: error.issues } : {}),
  };
  const headers: Record<string, string> =
    status === 401
      ? { 'www-authenticate': 'Bearer' }
      : status === 503
        ? { 'retry-after': '1' }
        : error instanceof TooManyRequestsError
          ? { 'retry-after': String(error.retryAfterSeconds) }
          : {};
  return problemResult(problem(error.code, error.message, extra), headers);
}
