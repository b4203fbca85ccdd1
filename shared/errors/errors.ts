/**
 * The error tree. Every error raised on purpose is a {@link CarbonLabelError} whose `code` comes
 * from the closed list in `error-codes.ts`; callers switch on the code (never on the message), and
 * the error keeps its `cause` so logs show the whole chain. Nothing here knows HTTP: the edge maps
 * codes to statuses in one table (`functions/http/problem.ts`).
 */
import type { ErrorCode } from './error-codes.ts';

export type { ErrorCode } from './error-codes.ts';

/** One failing field of a validation error: where it is and what is wrong with it. */
export interface FieldIssue {
  /** JSON path of the offending field, e.g. `footprint.geographyCountry` or `product.ids.0`. */
  readonly path: string;
  /** Human-readable explanation. */
  readonly message: string;
}

/** Base class of every error the core raises on purpose. */
export abstract class CarbonLabelError extends Error {
  /** Stable, machine-readable code; part of the public contract (problem `code`). */
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input does not satisfy the schema or a business rule. */
export class ValidationError extends CarbonLabelError {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request body is not JSON, or not the media type the route accepts. */
export class MalformedRequestError extends CarbonLabelError {
  readonly code = 'malformed_request';
}

/** The request body is larger than the documented limit. */
export class PayloadTooLargeError extends CarbonLabelError {
  readonly code = 'payload_too_large';
}

/** No credential, or one that matches nobody. */
export class UnauthenticatedError extends CarbonLabelError {
  readonly code = 'unauthenticated';
}

/** Codes of {@link ForbiddenError}. */
export type ForbiddenCode = Extract<ErrorCode, 'forbidden' | 'issuer_suspended' | 'issuer_withdrawn' | 'not_accredited' | 'outside_accreditation'>;

/** A known caller that may not do this (e.g. a suspended issuer). */
export class ForbiddenError extends CarbonLabelError {
  /** What is missing, field by field (`outside_accreditation` names each gap); often empty. */
  readonly issues: readonly FieldIssue[];
  constructor(
    message: string,
    readonly code: ForbiddenCode = 'forbidden',
    options?: { cause?: unknown; issues?: readonly FieldIssue[] },
  ) {
    super(message, options);
    this.issues = options?.issues ?? [];
  }
}

/** The resource does not exist, or the caller may not know it exists. */
export class NotFoundError extends CarbonLabelError {
  readonly code = 'not_found';
}

/** Codes of {@link ConflictError}. */
export type ConflictCode = Extract<
  ErrorCode,
  'conflict' | 'idempotency_key_reused' | 'api_key_changed_meanwhile' | 'issuer_exists' | 'already_withdrawn' | 'signing_key_exists' | 'concurrent_update'
>;

/** The request conflicts with the resource's current state. */
export class ConflictError extends CarbonLabelError {
  constructor(
    message: string,
    readonly code: ConflictCode = 'conflict',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Too many failed authentication attempts from one source; retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends CarbonLabelError {
  readonly code = 'too_many_requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A dependency (storage, signer) could not be reached; safe to retry later. */
export class ServiceUnavailableError extends CarbonLabelError {
  readonly code = 'service_unavailable';
}

/** The service configuration is invalid; raised at start-up, never for a request. */
export class ConfigurationError extends CarbonLabelError {
  readonly code = 'invalid_configuration';
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
