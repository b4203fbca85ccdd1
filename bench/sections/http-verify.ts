/**
 * HTTP verify: `POST /verify` with one token per request, rotating over 300 labels issued through
 * the real API, against the real local server (`startLocalService`) — beside the bare `node:http`
 * server that parses the same body and runs one raw ES256 verify. Same load generator, same
 * settings, alternating rounds; each figure is the best of its rounds (other work on the machine
 * only ever makes a round worse).
 */
import type { BenchRow, BenchSection } from '../section.ts';
import { best, runLoad, type LoadResult } from '../lib/load.ts';
import { benchServers, issuedTokens, profiled, type ChildServer } from '../lib/servers.ts';

/** HTTP verify ≥ 80 % of the bare server's requests/s. */
export const HTTP_VERIFY_TARGET_RATIO = 0.8;
/** p99 latency at 10 connections, in milliseconds. */
export const HTTP_VERIFY_P99_TARGET_MS = 10;

const cpuText = (r: LoadResult) =>
  r.serverCpuMicrosPerRequest === undefined ? 'CPU n/a' : `${Math.round(r.serverCpuMicrosPerRequest)} µs CPU/req at ${Math.round(r.serverCpuShare! * 100)} % of a core`;

/** The http-verify section. */
export const httpVerifySection: BenchSection = {
  name: 'http-verify',
  async run(context) {
    const servers = await benchServers();
    const tokens = await issuedTokens(servers, context.quick);
    const requests = tokens.map((token) => ({ method: 'POST' as const, path: '/verify', body: JSON.stringify({ token }) }));

    // Every token must verify as valid on our server before its speed means anything.
    const check = await fetch(`${servers.local.url}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens: tokens.slice(0, 100) }),
    });
    const summary = ((await check.json()) as { summary?: { valid?: number } }).summary;
    if (summary?.valid !== Math.min(100, tokens.length)) throw new Error(`bench tokens do not verify: ${JSON.stringify(summary)}`);

    const rounds = context.quick ? 1 : 2;
    const seconds = context.quick ? 1 : 10;
    const lowSeconds = context.quick ? 1 : 5;
    const load = (server: ChildServer, connections: number, s: number) =>
      runLoad({ url: server.url, connections, seconds: s, requests, serverPid: server.pid });
    const describe = (r: LoadResult) =>
      `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, server ${cpuText(r)}`;

    // Warm both: JIT, keep-alive sockets, and our status cache.
    await load(servers.bare, 50, context.quick ? 0.5 : 2);
    await load(servers.local, 50, context.quick ? 0.5 : 2);

    const ours50: LoadResult[] = [];
    const bare50: LoadResult[] = [];
    const ours10: LoadResult[] = [];
    const bare10: LoadResult[] = [];
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (['bare', 'ours'] as const) : (['ours', 'bare'] as const);
      for (const who of order) {
        const server = who === 'ours' ? servers.local : servers.bare;
        const r = round === 0 ? await profiled(server, () => load(server, 50, seconds)) : await load(server, 50, seconds);
        (who === 'ours' ? ours50 : bare50).push(r);
        context.log(`50 conn ${who}: ${describe(r)}`);
      }
      for (const who of order) {
        const r = await load(who === 'ours' ? servers.local : servers.bare, 10, lowSeconds);
        (who === 'ours' ? ours10 : bare10).push(r);
        context.log(`10 conn ${who}: ${describe(r)}`);
      }
    }
    const ours = best(ours50);
    const bare = best(bare50);
    const lowest = (rs: LoadResult[]) => Math.min(...rs.map((r) => r.p99Ms));
    const ratio = ours.requestsPerSecond / bare.requestsPerSecond;
    const baselineName = 'bare node:http + raw verify';
    const note = `${tokens.length} distinct labels, autocannon in-process, ${servers.placement}; best of ${rounds} alternating rounds`;
    const rows: BenchRow[] = [
      {
        name: `POST /verify, 50 conn, ${seconds} s`,
        value: ours.requestsPerSecond,
        unit: 'req/s',
        baseline: { name: baselineName, value: bare.requestsPerSecond, unit: 'req/s' },
        ratio,
        target: { description: `≥ ${HTTP_VERIFY_TARGET_RATIO * 100} % of bare server`, pass: ratio >= HTTP_VERIFY_TARGET_RATIO },
        note,
      },
      ...(ours.serverCpuMicrosPerRequest !== undefined && bare.serverCpuMicrosPerRequest !== undefined
        ? [
            {
              name: 'POST /verify server CPU per request',
              value: ours.serverCpuMicrosPerRequest,
              unit: 'µs',
              baseline: { name: baselineName, value: bare.serverCpuMicrosPerRequest, unit: 'µs' },
              note: `capacity on a core of its own: ours ${Math.round(1e6 / ours.serverCpuMicrosPerRequest)}, bare ${Math.round(1e6 / bare.serverCpuMicrosPerRequest)} req/s; server used ${Math.round(ours.serverCpuShare! * 100)} % / ${Math.round(bare.serverCpuShare! * 100)} % of a core`,
            },
          ]
        : []),
      { name: 'POST /verify p50, 50 conn', value: ours.p50Ms, unit: 'ms', baseline: { name: baselineName, value: bare.p50Ms, unit: 'ms' } },
      { name: 'POST /verify p99, 50 conn', value: ours.p99Ms, unit: 'ms', baseline: { name: baselineName, value: bare.p99Ms, unit: 'ms' } },
      {
        name: `POST /verify p99, 10 conn, ${lowSeconds} s`,
        value: lowest(ours10),
        unit: 'ms',
        baseline: { name: baselineName, value: lowest(bare10), unit: 'ms' },
        target: { description: `≤ ${HTTP_VERIFY_P99_TARGET_MS} ms`, pass: lowest(ours10) <= HTTP_VERIFY_P99_TARGET_MS },
        note: `req/s at 10 conn: ours ${Math.round(best(ours10).requestsPerSecond)}, bare ${Math.round(best(bare10).requestsPerSecond)}`,
      },
    ];
    return rows;
  },
};
