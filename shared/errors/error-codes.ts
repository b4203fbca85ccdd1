/**
 * Every error code this software raises on purpose: the closed list. A code is a stable,
 * machine-readable contract (clients switch on it, never on the message), so codes are only ever
 * added here, never renamed. The docs' table (`docs/api.md`), the OpenAPI document's `Problem.code`
 * enum and every problem response are generated from this list; `CarbonLabelError.code` is typed by it.
 *
 * No HTTP here: which status a code is answered with is the edge's business
 * (`functions/http/problem.ts`).
 */

/**
 * Where a code can surface. Only `api` codes are ever answered by the HTTP API; the others are
 * raised where no HTTP request is involved.
 */
export type ErrorScope =
  /** A problem response of the HTTP API. */
  | 'api'
  /** Offline verification of downloaded artefacts (trust bundle, signed revocation list, QR image). */
  | 'offline'
  /** The command-line client. */
  | 'cli'
  /** The process's own configuration or environment; the process fails loudly, no request is at fault. */
  | 'environment';

/** One code: where it surfaces and what it means (one sentence, for the docs and the OpenAPI document). */
export interface ErrorCodeInfo {
  readonly scope: ErrorScope;
  readonly meaning: string;
}

/** The closed list of error codes, with where each surfaces and what it means. */
export const ERROR_CODES = {
  validation_failed: { scope: 'api', meaning: 'The body, query or a header breaks the schema or a rule; `errors` names each failing field.' },
  malformed_request: {
    scope: 'api',
    meaning: 'The body is not JSON (or not UTF-8, or empty), its media type is not JSON, or the HTTP request itself is not well-formed.',
  },
  payload_too_large: { scope: 'api', meaning: 'The body is larger than 256 KiB.' },
  unauthenticated: { scope: 'api', meaning: 'No credential, or one that matches nobody (`WWW-Authenticate: Bearer`).' },
  forbidden: { scope: 'api', meaning: 'The caller is known but may not do this.' },
  issuer_suspended: { scope: 'api', meaning: 'The issuer is suspended and cannot issue labels (it may still list and revoke).' },
  issuer_withdrawn: { scope: 'api', meaning: 'The scheme operator withdrew the issuer for good; it can never issue again (it may still list and revoke).' },
  not_accredited: {
    scope: 'api',
    meaning: 'The issuer holds no accreditation in force (none, or only expired, suspended or withdrawn ones), so it may not issue.',
  },
  outside_accreditation: {
    scope: 'api',
    meaning: 'No accreditation in force covers this label (product category, standard, market or GTIN prefix); `errors` names what is missing.',
  },
  too_many_requests: {
    scope: 'api',
    meaning: 'Local server: this address failed authentication too often; retry after `Retry-After` seconds (on AWS, API Gateway throttles instead).',
  },
  not_found: { scope: 'api', meaning: 'No such resource, or one the caller may not know exists (another issuer’s label).' },
  route_not_found: { scope: 'api', meaning: 'No route has this method and path.' },
  conflict: { scope: 'api', meaning: 'The request conflicts with the resource’s current state.' },
  idempotency_key_reused: { scope: 'api', meaning: 'This `Idempotency-Key` was already used with a different request body.' },
  api_key_changed_meanwhile: { scope: 'api', meaning: 'Another request replaced the issuer’s API key meanwhile; this request changed nothing.' },
  issuer_exists: { scope: 'api', meaning: 'An issuer with this id already exists.' },
  already_withdrawn: {
    scope: 'api',
    meaning: 'The issuer or accreditation is withdrawn, which is final: it cannot be suspended, reinstated or accredited again.',
  },
  signing_key_exists: { scope: 'api', meaning: 'A signing key with this key id is already recorded.' },
  concurrent_update: { scope: 'api', meaning: 'The signing key was changed by another request meanwhile; retry.' },
  service_unavailable: { scope: 'api', meaning: 'Storage or the signer could not be reached; nothing was changed; retry later (`Retry-After`).' },
  trust_list_not_published: {
    scope: 'api',
    meaning: 'No trust list has been published yet (it is published at start and after every admin change); retry later (`Retry-After`).',
  },
  storage_unreachable: { scope: 'api', meaning: 'The health check could not reach storage.' },
  internal_error: { scope: 'api', meaning: 'An unexpected error; it has been logged and the response reveals nothing more.' },
  malformed: { scope: 'offline', meaning: 'A signed document (e.g. the revocation list) is not a well-formed compact JWS of its kind.' },
  wrong_type: { scope: 'offline', meaning: 'A signed document carries another `typ` than the one expected.' },
  unknown_key: { scope: 'offline', meaning: 'A signed document names a key that is not in the key set.' },
  key_compromised: { scope: 'offline', meaning: 'A signed document was signed with a key marked compromised.' },
  bad_signature: { scope: 'offline', meaning: 'A signed document’s signature does not match its content.' },
  invalid_trust_bundle: { scope: 'offline', meaning: 'The trust bundle file is not valid, or its revocation list does not verify against its keys.' },
  invalid_trust_list: {
    scope: 'offline',
    meaning:
      'A trust list is not signed by the pinned scheme root (or a root it announced), is older than the one held, or is for another scheme; `refusal` says which.',
  },
  unreadable_qr_image: { scope: 'offline', meaning: 'The image is not a PNG or JPEG, is too large, or holds no readable QR code.' },
  cli_usage: { scope: 'cli', meaning: 'The command line is not one the CLI understands (exit status 2).' },
  cli_failed: { scope: 'cli', meaning: 'The command could not be carried out (exit status 1).' },
  invalid_configuration: { scope: 'environment', meaning: 'The service configuration is invalid; raised at start-up, never for a request.' },
  credentials_missing: { scope: 'environment', meaning: 'A Lambda function’s environment holds no AWS credentials.' },
} as const satisfies Readonly<Record<string, ErrorCodeInfo>>;

/** An error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one scope. */
export type ErrorCodeOf<S extends ErrorScope> = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['scope'] extends S ? C : never }[ErrorCode];

/** A code the HTTP API may answer with. */
export type ApiErrorCode = ErrorCodeOf<'api'>;

/** Every code, in the order of {@link ERROR_CODES}. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** `true` for a code the HTTP API may answer with. */
export const isApiErrorCode = (code: ErrorCode): code is ApiErrorCode => ERROR_CODES[code].scope === 'api';
