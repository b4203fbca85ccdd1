/**
 * The load generator: autocannon, in this process, against a server in a child process over
 * loopback. Every run checks that all answers were 2xx: a fast error is not a result.
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { roundOrder } from './rounds.ts';

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
  /** The server's process id, to measure the CPU time it spent (Linux `/proc`). */
  readonly serverPid?: number;
}

/** What a load run measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /**
   * Server CPU time per request (µs) and the share of one core the server used. Unlike req/s,
   * CPU per request hardly depends on what else the machine is doing, and it shows whether the
   * server or the load generator was the bottleneck.
   */
  readonly serverCpuMicrosPerRequest?: number;
  readonly serverCpuShare?: number;
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** CPU seconds (user + system, all threads) a process has used, or `undefined` off Linux. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Runs autocannon; throws when any request failed or was answered with a non-2xx status. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const cpu0 = options.serverPid !== undefined ? processCpuSeconds(options.serverPid) : undefined;
  const t0 = performance.now();
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
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = options.serverPid !== undefined ? processCpuSeconds(options.serverPid) : undefined;
  const cpu = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  return {
    requestsPerSecond: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: total,
    ...(cpu !== undefined ? { serverCpuMicrosPerRequest: (cpu / total) * 1e6, serverCpuShare: cpu / wall } : {}),
  };
}

/** The better of several runs by throughput (interference from other work only ever lowers it). */
export function best(results: readonly LoadResult[]): LoadResult {
  return results.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
}

/** The two servers a two-way load comparison measures. */
export type Contender = 'ours' | 'bare';

/**
 * Measures every contender `rounds` times in {@link roundOrder}, so none always gets the warmer
 * machine or always follows the same neighbour, and returns every run of each.
 */
export async function runRounds<C extends string>(
  contenders: readonly C[],
  rounds: number,
  measure: (who: C) => Promise<LoadResult>,
  log: (who: C, result: LoadResult) => void,
): Promise<Record<C, LoadResult[]>> {
  const runs = Object.fromEntries(contenders.map((c) => [c, [] as LoadResult[]])) as Record<C, LoadResult[]>;
  for (let round = 0; round < rounds; round++) {
    for (const who of roundOrder(contenders, round)) {
      const result = await measure(who);
      runs[who].push(result);
      log(who, result);
    }
  }
  return runs;
}

/** {@link runRounds} of ours and the bare server; the best run of each. */
export async function alternateRounds(
  rounds: number,
  measure: (who: Contender) => Promise<LoadResult>,
  log: (who: Contender, result: LoadResult) => void,
): Promise<{ ours: LoadResult; bare: LoadResult }> {
  const runs = await runRounds<Contender>(['bare', 'ours'], rounds, measure, log);
  return { ours: best(runs.ours), bare: best(runs.bare) };
}
