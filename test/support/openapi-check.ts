/**
 * Checks responses against the OpenAPI document the service itself serves: the end-to-end
 * clients (`startTestService().request` and `.fetch`) pass every response through here. The
 * document is fetched from `/openapi.json` once per service and compiled with ajv (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1, formats checked).
 *
 * For each response: the operation must exist (else the answer must be the documented
 * `route_not_found` problem), its status must be documented (an undocumented status fails, 500
 * included), its media type must be one the status documents (or no body where none is), and its
 * body must satisfy that media type's schema: JSON parsed, text (SVG, HTML, JWS) as a string,
 * binary (PNG) by media type only.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its types put the plugin under `default`, and at run time it is there too.
const addFormats = addFormatsModule.default;

interface Operation {
  readonly responses: Readonly<Record<string, { readonly content?: Readonly<Record<string, unknown>> }>>;
}

interface OpenApi {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}

const DOCUMENT_ID = 'openapi.json';

/** A JSON pointer segment (RFC 6901). */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

const TEXT_MEDIA = /^(?:text\/|image\/svg\+xml$|application\/jwt$)/;
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/** Compiled document of one service. */
class OpenApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly templates: readonly { readonly path: string; readonly pattern: RegExp }[];

  constructor(private readonly doc: OpenApi) {
    addFormats(this.ajv);
    this.ajv.addSchema(doc as object, DOCUMENT_ID);
    this.templates = Object.keys(doc.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
  }

  private validator(ref: string): ValidateFunction {
    const validate = this.ajv.getSchema(`${DOCUMENT_ID}#${ref}`);
    if (!validate) throw new Error(`OpenAPI: no schema at ${ref}`);
    return validate;
  }

  /** Throws, naming what is wrong, unless `response` is what the document says `method path` answers. */
  async check(method: string, target: string, response: Response): Promise<void> {
    const path = new URL(target, 'http://x').pathname;
    const what = `${method} ${target} → ${response.status}`;
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const bytes = Buffer.from(await response.clone().arrayBuffer());
    const template = this.templates.find((t) => t.pattern.test(path))?.path;
    // HEAD is documented by the GET operation: the same status and headers, never a body.
    const head = method.toUpperCase() === 'HEAD';
    const operation = template ? this.doc.paths[template]?.[head ? 'get' : method.toLowerCase()] : undefined;
    if (head && bytes.length > 0) throw new Error(`${what}: a HEAD response with a ${bytes.length}-byte body`);

    if (!template || !operation) {
      if (head && response.status === 404) return;
      // Not an operation of the API: the only documented answer is the route_not_found problem.
      const problem = mediaType === 'application/problem+json' ? (JSON.parse(bytes.toString('utf8')) as { code?: string }) : undefined;
      if (response.status !== 404 || problem?.code !== 'route_not_found')
        throw new Error(`${what}: not an operation of the OpenAPI document, yet not a route_not_found problem`);
      this.validate('/components/schemas/Problem', problem, what);
      return;
    }
    const documented = operation.responses[String(response.status)];
    if (!documented) {
      throw new Error(
        `${what}: status ${response.status} is not documented for ${method} ${template} (documented: ${Object.keys(operation.responses).join(', ')}); body: ${bytes.toString('utf8').slice(0, 300)}`,
      );
    }
    const content = documented.content ?? {};
    if (head) {
      if (Object.keys(content).length > 0 && !(mediaType in content)) throw new Error(`${what}: media type "${mediaType}" is not documented for GET`);
      return;
    }
    if (Object.keys(content).length === 0) {
      if (bytes.length > 0) throw new Error(`${what}: documented without a body, yet it has ${bytes.length} bytes`);
      return;
    }
    if (!(mediaType in content)) throw new Error(`${what}: media type "${mediaType}" is not documented (documented: ${Object.keys(content).join(', ')})`);
    const schemaRef = `/paths/${pointer(template)}/${method.toLowerCase()}/responses/${response.status}/content/${pointer(mediaType)}/schema`;
    if (JSON_MEDIA.test(mediaType)) this.validate(schemaRef, JSON.parse(bytes.toString('utf8')) as unknown, what);
    else if (TEXT_MEDIA.test(mediaType)) this.validate(schemaRef, bytes.toString('utf8'), what);
    else if (bytes.length === 0) throw new Error(`${what}: an empty ${mediaType} body`);
  }

  private validate(ref: string, value: unknown, what: string): void {
    const validate = this.validator(ref);
    if (!validate(value)) {
      const errors = (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      throw new Error(`${what}: the body does not match the OpenAPI schema:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(value).slice(0, 500)}`);
    }
  }
}

/** `fetch`, restricted to one service, whose every response is checked against its `/openapi.json`. */
export type CheckedFetch = (target: string, init?: RequestInit) => Promise<Response>;

/**
 * A fetch for the service at `baseUrl` that checks every response against the document the
 * service serves (fetched on first use). `target` is a path or a URL on that service.
 */
export function openApiCheckedFetch(baseUrl: string): CheckedFetch {
  let checker: Promise<OpenApiChecker> | undefined;
  const load = async () => {
    const res = await fetch(`${baseUrl}/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /openapi.json: ${res.status}`);
    return new OpenApiChecker((await res.json()) as OpenApi);
  };
  return async (target, init = {}) => {
    const url = new URL(target, baseUrl);
    if (url.origin !== new URL(baseUrl).origin) throw new Error(`${target} is not on ${baseUrl}`);
    checker ??= load().catch((error: unknown) => {
      checker = undefined;
      throw error;
    });
    const response = await fetch(url, init);
    // A followed redirect (303 from the home page's form) is checked where it landed, as a GET.
    const landed = response.redirected ? new URL(response.url) : url;
    const method = response.redirected ? 'GET' : (init.method ?? 'GET').toUpperCase();
    await (await checker).check(method, `${landed.pathname}${landed.search}`, response);
    return response;
  };
}
