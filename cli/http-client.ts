/** Small HTTP helpers for the CLI: JSON requests and problem+json errors as one readable line. */
import { readServerRecord } from '../local/server-record.ts';
import { CliError } from './cli-error.ts';
import { printable } from './terminal-text.ts';

/**
 * Base URL: the flag, then `$CARBON_LABEL_URL`, then the local server recorded in
 * `$DATA_DIR/server.json` (default `./.data`) if its process is alive, then http://localhost:3000.
 */
export function serviceUrl(flag: string | undefined): string {
  const recorded = () => readServerRecord(process.env.DATA_DIR || './.data')?.url;
  return (flag || process.env.CARBON_LABEL_URL || recorded() || 'http://localhost:3000').replace(/\/+$/, '');
}

/** Whether `hostname` (as `URL` writes it) is this machine: `localhost`, 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/**
 * A warning for a plain `http://` URL to another machine, else `undefined`. The JWKS is unsigned:
 * over plain HTTP anyone on the network path can hand out their own keys, and a list they sign.
 */
export function plainHttpWarning(base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return undefined;
  return `${printable(base)} is plain HTTP to another machine: anyone on the network path could serve their own keys, and the bundle would trust them; use https://`;
}

/** Sends a JSON request; returns the parsed body or throws a `CliError` describing the problem. */
export async function requestJson(method: string, url: string, options: { body?: unknown; bearer?: string; fetchImpl?: typeof fetch } = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.bearer ? { authorization: `Bearer ${options.bearer}` } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch (cause) {
    throw new CliError(`cannot reach ${new URL(url).origin} (${(cause as Error).message}); is the service running (npm start)?`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (!response.ok) {
    // Problem text is the server's (or whoever answered): every field is made printable here.
    const p = (typeof body === 'object' && body !== null ? body : {}) as { detail?: unknown; code?: unknown; errors?: unknown };
    const fields = Array.isArray(p.errors)
      ? p.errors
          .slice(0, 20)
          .map((e: { path?: unknown; message?: unknown }) => `\n  ${printable(String(e?.path))}: ${printable(String(e?.message))}`)
          .join('')
      : '';
    throw new CliError(`${response.status} ${printable(String(p.code ?? ''))}: ${printable(String(p.detail ?? text).slice(0, 500))}${fields}`);
  }
  return body;
}

/** GETs a text resource (e.g. the revocation list JWS); throws a `CliError` on failure. */
export async function requestText(url: string, options: { accept?: string; fetchImpl?: typeof fetch } = {}): Promise<string> {
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, { headers: { accept: options.accept ?? '*/*' } });
  } catch (cause) {
    throw new CliError(`cannot reach ${new URL(url).origin} (${(cause as Error).message})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = text;
    try {
      const p = JSON.parse(text) as { code?: unknown; detail?: unknown };
      detail = `${String(p.code ?? '')}: ${String(p.detail ?? text)}`;
    } catch {
      // not problem+json; keep the text
    }
    throw new CliError(`${response.status} from ${printable(url)}: ${printable(detail.slice(0, 500))}`);
  }
  return text;
}
