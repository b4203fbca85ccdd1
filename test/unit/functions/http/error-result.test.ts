/**
 * The edge answers each error of the tree with the status clients rely on (unchanged since the
 * statuses left the error classes for `PROBLEM_STATUS`), and errors that are not the API's own
 * (another scope's code, or not ours at all) are left to the logged 500.
 */
import { describe, expect, it } from 'vitest';
import { errorResult } from '../../../../functions/http/responses.ts';
import { CliError } from '../../../../cli/cli-error.ts';
import {
  ConfigurationError,
  ConflictError,
  ForbiddenError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  UnauthenticatedError,
  ValidationError,
} from '../../../../shared/errors/errors.ts';
import { TrustBundleError } from '../../../../shared/trust/trust-bundle.ts';

describe('errorResult', () => {
  it.each([
    [new ValidationError('bad', [{ path: 'name', message: 'required' }]), 400, 'validation_failed'],
    [new MalformedRequestError('not JSON'), 400, 'malformed_request'],
    [new PayloadTooLargeError('big'), 413, 'payload_too_large'],
    [new UnauthenticatedError('who?'), 401, 'unauthenticated'],
    [new ForbiddenError('no'), 403, 'forbidden'],
    [new ForbiddenError('suspended', 'issuer_suspended'), 403, 'issuer_suspended'],
    [new NotFoundError('gone'), 404, 'not_found'],
    [new ConflictError('clash'), 409, 'conflict'],
    [new ConflictError('reused', 'idempotency_key_reused'), 409, 'idempotency_key_reused'],
    [new ConflictError('raced', 'api_key_changed_meanwhile'), 409, 'api_key_changed_meanwhile'],
    [new ConflictError('exists', 'issuer_exists'), 409, 'issuer_exists'],
    [new ConflictError('exists', 'signing_key_exists'), 409, 'signing_key_exists'],
    [new ConflictError('raced', 'concurrent_update'), 409, 'concurrent_update'],
    [new ServiceUnavailableError('down'), 503, 'service_unavailable'],
  ] as const)('%s → %i %s', (error, status, code) => {
    const result = errorResult(error, '/x')!;
    expect(result.statusCode).toBe(status);
    expect(result.headers['content-type']).toBe('application/problem+json');
    const body = JSON.parse(result.body!) as Record<string, unknown>;
    expect(body).toMatchObject({ status, code, type: `urn:carbon-label:problem:${code}`, detail: error.message, instance: '/x' });
    if (status === 401) expect(result.headers['www-authenticate']).toBe('Bearer');
    if (status === 503) expect(result.headers['retry-after']).toBe('1');
    if (code === 'validation_failed') expect(body.errors).toEqual([{ path: 'name', message: 'required' }]);
  });

  it('leaves start-up, CLI, offline and foreign errors to the logged 500', () => {
    for (const error of [new ConfigurationError('bad env'), new CliError('usage', 2), new TrustBundleError('edited'), new Error('bug'), 'thrown string']) {
      expect(errorResult(error), String(error)).toBeUndefined();
    }
  });
});
