/** Small HTTP helpers for the CLI: JSON requests and problem+json errors as one readable line. */
import { readServerRecord } from '../local/server-record.ts';
import { CliError } from './cli-error.ts';

/**
 * Base URL: the flag, then `$CARBON_LABEL_URL`, then the local server recorded in
 * `$DATA_DIR/server.json` (default `./.data`) if its process is alive, then http://localhost:3000.
 */
export function serviceUrl(flag: string | undefined): string {
  const recorded = () => readServerRecord(process.env.DATA_DIR || './.data')?.url;
  return (flag || process.env.CARBON_LABEL_URL || recorded() || 'http://localhost:3000').replace(/\/+$/, '');
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
    const p = body as { detail?: string; code?: string; errors?: { path: string; message: string }[] } | undefined;
    const fields = p?.errors?.map((e) => `\n  ${e.path}: ${e.message}`).join('') ?? '';
    throw new CliError(`${response.status} ${p?.code ?? ''}: ${p?.detail ?? text}${fields}`);
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
      const p = JSON.parse(text) as { code?: string; detail?: string };
      detail = `${p.code ?? ''}: ${p.detail ?? text}`;
    } catch {
      // not problem+json; keep the text
    }
    throw new CliError(`${response.status} from ${url}: ${detail.slice(0, 500)}`);
  }
  return text;
}
