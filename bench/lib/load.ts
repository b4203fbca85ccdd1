/**
 * The load generator: autocannon, in this process, against a server in a child process over
 * loopback. Every run checks that all answers were 2xx: a fast error is not a result.
 */
import autocannon from 'autocannon';

/** One HTTP request autocannon cycles through (each connection walks the list in order). */
export interface LoadRequest {
  readonly method: 'POST' | 'GET';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/** Settings of one load run. */
export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  readonly requests: readonly LoadRequest[];
}

/** What a load run measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
}

/** Runs autocannon; throws when any request failed or was answered with a non-2xx status. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    requests: options.requests.map((r) => ({
      method: r.method,
      path: r.path,
      headers: { 'content-type': 'application/json', ...r.headers },
      ...(r.body !== undefined ? { body: r.body } : {}),
    })),
  });
  const total = result.requests.total;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || total === 0) {
    throw new Error(`load run against ${options.url} had ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx of ${total}`);
  }
  return { requestsPerSecond: total / result.duration, p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: total };
}

/** The better of several runs by throughput (interference from other work only ever lowers it). */
export function best(results: readonly LoadResult[]): LoadResult {
  return results.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
}
