/**
 * HTTP issue: `POST /labels` on the embedded default (API key check, validation, digest, signature,
 * idempotency-free create in dynalite), beside the bare `node:http` server that parses the same body
 * and runs one raw ES256 sign. No target: issuance is bounded by storage writes, not by signing.
 */
import type { BenchSection } from '../section.ts';
import { alternateRounds, runLoad, type LoadResult } from '../lib/load.ts';
import { ISSUE_BODIES, benchServers, type ChildServer } from '../lib/servers.ts';

const cpu = (r: LoadResult) => (r.serverCpuMicrosPerRequest === undefined ? 'n/a' : `${Math.round(r.serverCpuMicrosPerRequest)} µs`);

/** The http-issue section. */
export const httpIssueSection: BenchSection = {
  name: 'http-issue',
  async run(context) {
    const servers = await benchServers();
    const requests = ISSUE_BODIES.map((body) => ({
      method: 'POST' as const,
      path: '/labels',
      headers: { authorization: `Bearer ${servers.apiKey}` },
      body,
    }));
    const connections = 10;
    const seconds = context.quick ? 1 : 10;
    const rounds = context.quick ? 1 : 2;
    const load = (server: ChildServer) => runLoad({ url: server.url, connections, seconds, requests, serverPid: server.pid });
    await load(servers.bare);
    const { ours: o, bare: b } = await alternateRounds(
      rounds,
      (who) => load(who === 'ours' ? servers.local : servers.bare),
      (who, r) => context.log(`${who}: ${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`),
    );
    const baselineName = 'bare node:http + raw sign';
    return [
      {
        name: `POST /labels, ${connections} conn, ${seconds} s`,
        value: o.requestsPerSecond,
        unit: 'req/s',
        baseline: { name: baselineName, value: b.requestsPerSecond, unit: 'req/s' },
        ratio: o.requestsPerSecond / b.requestsPerSecond,
        note: `every request stores a new label in dynalite (${o.requests} labels in the best round); best of ${rounds} rounds; server CPU per request: ours ${cpu(o)}, bare ${cpu(b)}`,
      },
      { name: 'POST /labels p99', value: o.p99Ms, unit: 'ms', baseline: { name: baselineName, value: b.p99Ms, unit: 'ms' } },
    ];
  },
};
