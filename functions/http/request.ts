/** Reading an API Gateway v2 event: headers, bearer credentials, JSON bodies, paging. */
import * as z from 'zod/mini';
import { MalformedRequestError, PayloadTooLargeError } from '../../shared/errors/errors.ts';
import { EFFECTIVE_STATUSES, type EffectiveStatus } from '../../shared/label/effective-status.ts';
import type { PageRequest } from '../../shared/store/store.ts';
import { parseInput } from '../../shared/validation/parse-input.ts';
import type { ApiEvent } from './api-event.ts';

/** Largest JSON body accepted (a 100-token batch is about 130 KB). Larger bodies get 413. */
export const MAX_BODY_BYTES = 256 * 1024;

/** A header value; API Gateway v2 lower-cases header names. */
export function header(event: ApiEvent, name: string): string | undefined {
  return event.headers?.[name.toLowerCase()];
}

/** The credential of `Authorization: Bearer <credential>`, if present. */
export function bearerCredential(event: ApiEvent): string | undefined {
  const value = header(event, 'authorization');
  const match = value && /^Bearer[ ]+([\x21-\x7e]{1,512})\s*$/i.exec(value);
  return match ? match[1] : undefined;
}

/**
 * Parses the JSON body. Refuses bodies over {@link MAX_BODY_BYTES} (413), media types other than
 * JSON, and text that is not JSON (400).
 */
export function jsonBody(event: ApiEvent): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  if (bytes.length > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
  }
  const contentType = header(event, 'content-type');
  if (contentType !== undefined && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i.test(contentType)) {
    throw new MalformedRequestError('the request body must be application/json');
  }
  if (bytes.length === 0) throw new MalformedRequestError('a JSON request body is required');
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new MalformedRequestError('the request body is not valid UTF-8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new MalformedRequestError('the request body is not valid JSON', { cause });
  }
}

/** `?limit=&cursor=`: the query of every paged list. */
export const PagingQuerySchema = z.strictObject({
  limit: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(100))), 25),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
});

/** `?limit=&cursor=` paging parameters; unknown parameters are refused. */
export function pageRequest(event: ApiEvent): PageRequest {
  const { limit, cursor } = parseInput(PagingQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { limit, ...(cursor ? { cursor } : {}) };
}

/**
 * `GET /labels`: paging plus `?status=`, an effective state. The filter applies to each page as
 * stored: a page reads `limit` labels and returns those in that state, so it may hold fewer (even
 * none) while `nextCursor` still leads on.
 */
export const LabelListQuerySchema = z.extend(PagingQuerySchema, {
  status: z.optional(
    z
      .enum(EFFECTIVE_STATUSES)
      .check(
        z.describe(
          'Only labels in this effective state. Filtered per page: each page reads `limit` labels and returns those that match, so a page may be short or empty while `nextCursor` is present; follow it to the end',
        ),
      ),
  ),
});

/** `?limit=&cursor=&status=` of `GET /labels`. */
export function labelListRequest(event: ApiEvent): { readonly page: PageRequest; readonly status?: EffectiveStatus } {
  const { limit, cursor, status } = parseInput(LabelListQuerySchema, event.queryStringParameters ?? {}, 'query');
  return { page: { limit, ...(cursor ? { cursor } : {}) }, ...(status ? { status } : {}) };
}

/** A path parameter (present by construction of the route). */
export function pathParameter(event: ApiEvent, name: string): string {
  return event.pathParameters?.[name] ?? '';
}
