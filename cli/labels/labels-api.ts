/**
 * The issuer API as the `labels` commands use it: issue (with an `Idempotency-Key`), list, show,
 * revoke, and the image downloads. Transient failures (no connection, 429, 502–504) are retried
 * with backoff, which is safe for every call here: GETs read, revoking twice keeps the first
 * revocation, and an issuance retried with the same key returns the same label.
 */
import { CliError } from '../cli-error.ts';
import { printable } from '../terminal-text.ts';
import type { EffectiveStatus } from '../../shared/label/effective-status.ts';
import type { LabelResource } from '../../shared/label/label-resource.ts';

/** Exit codes of the `labels` commands (documented in their help and in docs/cli.md). */
export const EXIT = {
  /** Done; for a batch: every line has a label. */
  ok: 0,
  /** The service refused (a problem answer: 4xx); for a batch: one or more lines have a problem. */
  refused: 1,
  /** Bad usage: unknown flag or command, missing argument, unreadable or malformed input file. */
  usage: 2,
  /** The service could not be reached or kept failing (5xx); a batch stopped early (run it again to resume). */
  unavailable: 3,
  /** Interrupted (Ctrl-C); a batch stopped early (run it again to resume). */
  interrupted: 130,
} as const;

/** One field error of a problem; `column` is added for CSV input. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
  readonly column?: string;
}

/** An RFC 9457 problem as the service sends it (or as the CLI makes one for a bad input line). */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly code: string;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
}

/** The service answered with a problem. */
export class ProblemError extends CliError {
  constructor(readonly problem: Problem) {
    super(describeProblem(problem), (problem.status ?? 0) >= 500 ? EXIT.unavailable : EXIT.refused);
    this.name = 'ProblemError';
  }
}

/** A problem as printable text: `404 not_found: detail` and one line per field. */
export function describeProblem(problem: Problem): string {
  const head = `${problem.status ?? ''} ${printable(problem.code)}: ${printable(problem.detail)}`.trim();
  const fields = (problem.errors ?? []).map(
    (e) => `\n  ${printable(e.path || '(body)')}: ${printable(e.message)}${e.column && e.column !== e.path ? ` (column ${printable(e.column)})` : ''}`,
  );
  return head + fields.join('');
}

/** A page of `GET /labels`. */
export interface LabelPage {
  readonly items: LabelResource[];
  readonly nextCursor?: string;
}

/** What an issuance answered: a label, or a problem the caller reports. */
export type IssueOutcome = { readonly label: LabelResource; readonly replayed: boolean } | { readonly problem: Problem };

export interface LabelsApiOptions {
  readonly baseUrl: string;
  readonly apiKey?: string | undefined;
  readonly fetchImpl?: typeof fetch;
  /** Attempts for a transient failure (default 6: about 8 s of backoff in all). */
  readonly attempts?: number;
  /** Base backoff in ms (doubles per attempt, at most 4 s; `Retry-After` wins when longer). */
  readonly backoffMs?: number;
  /** Per-request timeout in ms (default 30 s). */
  readonly timeoutMs?: number;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
}

const TRANSIENT = new Set([429, 502, 503, 504]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The issuer API of one service. */
export class LabelsApi {
  readonly baseUrl: string;
  readonly #apiKey: string | undefined;
  readonly #fetch: typeof fetch;
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #timeoutMs: number;

  constructor(options: LabelsApiOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#apiKey = options.apiKey;
    this.#fetch = options.fetchImpl ?? fetch;
    this.#attempts = options.attempts ?? 6;
    this.#backoffMs = options.backoffMs ?? 250;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Whether an API key was given (issue, list and revoke need one). */
  get hasApiKey(): boolean {
    return this.#apiKey !== undefined;
  }

  /** `POST /labels` with `body` (JSON text). A problem answer (4xx) is returned, not thrown. */
  async issue(body: string, idempotencyKey?: string): Promise<IssueOutcome> {
    const answer = await this.#send('POST', '/labels', {
      body,
      auth: true,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    });
    if (answer.status === 201 || answer.status === 200) {
      return { label: parseJson(answer) as LabelResource, replayed: answer.headers.get('idempotent-replayed') === 'true' };
    }
    const problem = problemOf(answer);
    // A refusal of the caller (bad key, suspended issuer) or a service that stays unavailable is not
    // about this one request: it is thrown. Anything else (400, 409, 413, even a 500) belongs to it.
    if (answer.status === 401 || answer.status === 403 || TRANSIENT.has(answer.status)) throw new ProblemError(problem);
    return { problem };
  }

  /** One page of the caller's labels; with `status`, only those in that effective state (the page may be short). */
  async listPage(cursor?: string, limit = 100, status?: EffectiveStatus): Promise<LabelPage> {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}), ...(status ? { status } : {}) });
    return this.#json('GET', `/labels?${query}`, { auth: true }) as Promise<LabelPage>;
  }

  /** Every label of the caller (in effective state `status`, if given), following `nextCursor` to the last page. */
  async listAll(options: { readonly status?: EffectiveStatus | undefined; readonly onPage?: (count: number) => void } = {}): Promise<LabelResource[]> {
    const { status, onPage } = options;
    const all: LabelResource[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listPage(cursor, 100, status);
      all.push(...page.items);
      onPage?.(all.length);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  /** `GET /labels/{id}`. */
  async get(id: string): Promise<LabelResource> {
    return this.#json('GET', `/labels/${encodeURIComponent(id)}`, {}) as Promise<LabelResource>;
  }

  /** `POST /labels/{id}/revoke`. */
  async revoke(id: string, reason: string, supersededBy?: string): Promise<LabelResource> {
    const body = JSON.stringify({ reason, ...(supersededBy ? { supersededBy } : {}) });
    return this.#json('POST', `/labels/${encodeURIComponent(id)}/revoke`, { auth: true, body }) as Promise<LabelResource>;
  }

  /** An image of a label (`qr.svg`, `qr.png`, `label.svg`) with its query; its bytes and content type. */
  async download(id: string, file: 'qr.svg' | 'qr.png' | 'label.svg', query: Record<string, string>): Promise<{ bytes: Buffer; contentType: string }> {
    const q = new URLSearchParams(query).toString();
    const answer = await this.#send('GET', `/labels/${encodeURIComponent(id)}/${file}${q ? `?${q}` : ''}`, {
      accept: file.endsWith('.png') ? 'image/png' : 'image/svg+xml',
    });
    if (answer.status !== 200) throw new ProblemError(problemOf(answer));
    return { bytes: answer.bytes, contentType: answer.headers.get('content-type') ?? '' };
  }

  async #json(method: string, path: string, options: { auth?: boolean; body?: string }): Promise<unknown> {
    const answer = await this.#send(method, path, options);
    if (answer.status < 200 || answer.status > 299) throw new ProblemError(problemOf(answer));
    return parseJson(answer);
  }

  async #send(method: string, path: string, options: { auth?: boolean; body?: string; headers?: Record<string, string>; accept?: string }): Promise<Answer> {
    if (options.auth && !this.#apiKey) throw new CliError('this command needs an issuer API key: --api-key KEY or $CARBON_LABEL_API_KEY', EXIT.usage);
    const url = `${this.baseUrl}${path}`;
    let lastFailure = '';
    for (let attempt = 1; ; attempt++) {
      let wait = Math.min(this.#backoffMs * 2 ** (attempt - 1), 4_000);
      try {
        const response = await this.#fetch(url, {
          method,
          headers: {
            accept: options.accept ?? 'application/json',
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...(options.auth ? { authorization: `Bearer ${this.#apiKey}` } : {}),
            ...options.headers,
          },
          ...(options.body !== undefined ? { body: options.body } : {}),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        const bytes = Buffer.from(await response.arrayBuffer());
        if (!TRANSIENT.has(response.status)) return { status: response.status, headers: response.headers, bytes };
        lastFailure = `${response.status} ${problemOf({ status: response.status, headers: response.headers, bytes }).code}`;
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) wait = Math.max(wait, Math.min(retryAfter * 1000, 30_000));
        if (attempt >= this.#attempts) return { status: response.status, headers: response.headers, bytes };
      } catch (cause) {
        lastFailure = describeFetchFailure(cause);
        if (attempt >= this.#attempts) {
          throw new CliError(`cannot reach ${new URL(url).origin} (${lastFailure}); is the service running (npm start)?`, EXIT.unavailable);
        }
      }
      await sleep(wait);
    }
  }
}

function describeFetchFailure(cause: unknown): string {
  const error = cause as Error & { cause?: { code?: string; message?: string } };
  if (error.name === 'TimeoutError') return 'timed out';
  return printable(error.cause?.code ?? error.cause?.message ?? error.message ?? String(cause));
}

function parseJson(answer: Answer): unknown {
  try {
    return JSON.parse(answer.bytes.toString('utf8'));
  } catch {
    throw new CliError(`the service answered ${answer.status} with a body that is not JSON`, EXIT.unavailable);
  }
}

/** The problem of an error answer; a made-up one when the body is not problem+json. */
export function problemOf(answer: Answer): Problem {
  try {
    const p = JSON.parse(answer.bytes.toString('utf8')) as Partial<Problem>;
    if (p && typeof p === 'object' && typeof p.code === 'string') {
      return {
        ...p,
        status: typeof p.status === 'number' ? p.status : answer.status,
        code: p.code,
        detail: typeof p.detail === 'string' ? p.detail : '',
      } as Problem;
    }
  } catch {
    // not JSON
  }
  return { status: answer.status, code: `http_${answer.status}`, detail: answer.bytes.toString('utf8').slice(0, 300) };
}
