/**
 * RFC 9457 problem details, and the one table that says which HTTP status (and title) each error
 * code is answered with. Every error response is `application/problem+json` with a stable `code`
 * (also the last segment of `type`) and, for validation, the failing fields. The edge
 * (`errorResult`, `dispatch`, the local server) and the OpenAPI document all read this table.
 */
import type * as z from 'zod';
import type { ApiErrorCode, ErrorCode } from '../../shared/errors/error-codes.ts';
import type { FieldIssue } from '../../shared/errors/errors.ts';
import type { ProblemSchema } from './problem-schema.ts';

/** Media type of error responses. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** How one code is answered over HTTP. */
export interface ProblemStatus {
  readonly status: number;
  /** The problem `title`: the status's reason phrase. */
  readonly title: string;
}

const BAD_REQUEST = { status: 400, title: 'Bad Request' } as const;
const UNAUTHORIZED = { status: 401, title: 'Unauthorized' } as const;
const FORBIDDEN = { status: 403, title: 'Forbidden' } as const;
const NOT_FOUND = { status: 404, title: 'Not Found' } as const;
const CONFLICT = { status: 409, title: 'Conflict' } as const;
const UNAVAILABLE = { status: 503, title: 'Service Unavailable' } as const;

/**
 * Code → HTTP status and title, for every code the API answers with. Codes of other scopes
 * (offline, CLI, environment) never reach HTTP: an error carrying one is unexpected at the edge and
 * answered as `internal_error`.
 */
export const PROBLEM_STATUS = {
  validation_failed: BAD_REQUEST,
  malformed_request: BAD_REQUEST,
  payload_too_large: { status: 413, title: 'Content Too Large' },
  unauthenticated: UNAUTHORIZED,
  forbidden: FORBIDDEN,
  issuer_suspended: FORBIDDEN,
  issuer_withdrawn: FORBIDDEN,
  not_accredited: FORBIDDEN,
  outside_accreditation: FORBIDDEN,
  too_many_requests: { status: 429, title: 'Too Many Requests' },
  not_found: NOT_FOUND,
  route_not_found: NOT_FOUND,
  conflict: CONFLICT,
  idempotency_key_reused: CONFLICT,
  api_key_changed_meanwhile: CONFLICT,
  issuer_exists: CONFLICT,
  already_withdrawn: CONFLICT,
  signing_key_exists: CONFLICT,
  concurrent_update: CONFLICT,
  service_unavailable: UNAVAILABLE,
  trust_list_not_published: UNAVAILABLE,
  storage_unreachable: UNAVAILABLE,
  internal_error: { status: 500, title: 'Internal Server Error' },
} as const satisfies Readonly<Record<ApiErrorCode, ProblemStatus>>;

/**
 * `true` for a code the API answers with. Reads the table rather than `ERROR_CODES`, so the Lambda
 * bundles never carry the list's prose.
 */
export const isAnsweredCode = (code: ErrorCode): code is ApiErrorCode => Object.hasOwn(PROBLEM_STATUS, code);

/** The HTTP status a code is answered with. */
export const statusOf = (code: ApiErrorCode): number => PROBLEM_STATUS[code].status;

/** A problem document (its schema, in `problem-schema.ts`, is the OpenAPI `Problem`). */
export type Problem = z.infer<typeof ProblemSchema>;

/** URI of a problem type; stable per `code`. */
export const problemType = (code: string) => `urn:carbon-label:problem:${code}`;

/**
 * Builds the problem document of `code`. `status` overrides the table only where HTTP itself
 * chose the status (a request Node could not parse: 400, 408 or 431).
 */
export function problem(
  code: ApiErrorCode,
  detail: string,
  extra: { errors?: readonly FieldIssue[]; instance?: string; status?: ProblemStatus } = {},
): Problem {
  const { status, title } = extra.status ?? PROBLEM_STATUS[code];
  return {
    type: problemType(code),
    title,
    status,
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: [...extra.errors] } : {}),
  };
}
