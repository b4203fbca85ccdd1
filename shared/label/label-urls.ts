/**
 * The two URL shapes a label travels as, built and read in this one module so that what the
 * service prints the verifiers read: `{base}/v/{token}` carries the whole token (the default QR,
 * checkable offline) and `{base}/l/{id}` only the label id (the compact QR, checked online). The
 * issuance response, the QR codes, the pages, `POST /verify` and the CLI all come through here.
 */
import { LABEL_ID_PATTERN } from '../ids.ts';

/** A label id as a URL may carry it: our alphabet, in either case (as the CLI has always accepted). */
const ID_IN_URL = new RegExp(LABEL_ID_PATTERN.source, 'i');

/** The last two path segments: `/v/{token}` or `/l/{id}`, with one optional trailing slash. */
const LABEL_PATH = /\/([vl])\/([^/]+)\/?$/;

/**
 * `{base}/v/{token}`: the page a default QR opens. The token goes in as it is: a compact JWS is
 * base64url and dots, all characters a URL path carries unescaped.
 */
export function fullVerifyUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/v/${token}`;
}

/** `{base}/l/{id}`: the page a compact QR opens. */
export function compactUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/l/${encodeURIComponent(id)}`;
}

/** What a label URL carries. */
export type LabelUrl = { readonly kind: 'token'; readonly token: string } | { readonly kind: 'id'; readonly id: string };

/**
 * Reads a label URL: an absolute http(s) URL (scheme in any case, spaces around it ignored) whose
 * path ends in `/v/{token}` or `/l/{id}`, optionally with a trailing slash; the query and fragment
 * are ignored and the last segment is percent-decoded. `undefined` for anything else, including a
 * bare token, a malformed percent-escape and an `/l/` segment that is not a label id.
 */
export function parseLabelUrl(text: string): LabelUrl | undefined {
  const trimmed = text.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  let value: string;
  let kind: string;
  try {
    const match = LABEL_PATH.exec(new URL(trimmed).pathname);
    if (!match) return undefined;
    kind = match[1]!;
    value = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  if (kind === 'v') return { kind: 'token', token: value };
  return ID_IN_URL.test(value) ? { kind: 'id', id: value } : undefined;
}

/**
 * Where the home page's form (`GET /v?code=…`) sends what was pasted: `/l/{id}` for a compact URL
 * or a bare label id, `/v/{token}` for a verify URL or anything else (a token, or text the
 * verification page will call not genuine), `/` for nothing at all.
 */
export function pagePathFor(pasted: string): string {
  const text = pasted.trim();
  if (text === '') return '/';
  const url = parseLabelUrl(text);
  if (url?.kind === 'id') return `/l/${encodeURIComponent(url.id.toLowerCase())}`;
  if (url?.kind === 'token') return `/v/${encodeURIComponent(url.token)}`;
  if (ID_IN_URL.test(text)) return `/l/${encodeURIComponent(text.toLowerCase())}`;
  return `/v/${encodeURIComponent(text)}`;
}
