/**
 * RFC 9457 problem details. Every error response is `application/problem+json` with a stable
 * `code` (also the last segment of `type`) and, for validation, the failing fields.
 */
import type { FieldIssue } from '../errors/errors.ts';

/** Media type of error responses. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance?: string;
  readonly errors?: readonly FieldIssue[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** URI of a problem type; stable per `code`. */
export const problemType = (code: string) => `urn:carbon-label:problem:${code}`;

/** Builds a problem document. */
export function problem(status: number, code: string, detail: string, extra: { errors?: readonly FieldIssue[]; instance?: string } = {}): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.errors && extra.errors.length > 0 ? { errors: extra.errors } : {}),
  };
}
