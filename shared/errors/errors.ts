/**
 * The error tree of the core. Every error carries a stable `code` that callers switch on
 * (never on the message), and keeps its `cause` so logs show the whole chain.
 */

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
  abstract readonly code: string;
  /** HTTP status this error maps to when it reaches the edge. */
  abstract readonly status: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The input does not satisfy the schema or a business rule. */
export class ValidationError extends CarbonLabelError {
  readonly code = 'validation_failed';
  readonly status = 400;
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
  readonly status = 400;
}

/** The request body is larger than the documented limit. */
export class PayloadTooLargeError extends CarbonLabelError {
  readonly code = 'payload_too_large';
  readonly status = 413;
}

/** No credential, or one that matches nobody. */
export class UnauthenticatedError extends CarbonLabelError {
  readonly code = 'unauthenticated';
  readonly status = 401;
}

/** A known caller that may not do this (e.g. a suspended issuer). */
export class ForbiddenError extends CarbonLabelError {
  readonly code: string;
  readonly status = 403;
  constructor(message: string, code = 'forbidden', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The resource does not exist, or the caller may not know it exists. */
export class NotFoundError extends CarbonLabelError {
  readonly code = 'not_found';
  readonly status = 404;
}

/** The request conflicts with the resource's current state. */
export class ConflictError extends CarbonLabelError {
  readonly code: string;
  readonly status = 409;
  constructor(message: string, code = 'conflict', options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Too many failed authentication attempts from one source; retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends CarbonLabelError {
  readonly code = 'too_many_requests';
  readonly status = 429;
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
  readonly status = 503;
}

/** The service configuration is invalid; raised at start-up, never for a request. */
export class ConfigurationError extends CarbonLabelError {
  readonly code = 'invalid_configuration';
  readonly status = 500;
  constructor(
    message: string,
    readonly issues: readonly FieldIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
