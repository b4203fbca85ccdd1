/**
 * Batch: `POST /verify` with 100 tokens per request (a container's worth of labels), tokens/s,
 * beside the bare server running 100 raw ES256 verifies per request.
 */
import type { BenchSection } from '../section.ts';
import { alternateRounds, runLoad, type LoadResult } from '../lib/load.ts';
import { benchServers, issuedTokens, type ChildServer } from '../lib/servers.ts';

const BATCH = 100;

const cpu = (r: LoadResult) => (r.serverCpuMicrosPerRequest === undefined ? 'n/a' : `${Math.round(r.serverCpuMicrosPerRequest / BATCH)} µs`);

/** The batch section. */
export const batchSection: BenchSection = {
  name: 'batch',
  async run(context) {
    const servers = await benchServers();
    const tokens = await issuedTokens(servers, context.quick);
    // Batches of 100 over the 300 labels, each starting elsewhere so every request differs.
    const requests = Array.from({ length: 30 }, (_, i) => ({
      method: 'POST' as const,
      path: '/verify',
      body: JSON.stringify({ tokens: Array.from({ length: BATCH }, (_, k) => tokens[(i * 10 + k) % tokens.length]) }),
    }));
    const connections = 4;
    // A 100-token batch can take most of a second on a busy machine: the quick run still needs
    // time for several to complete, or a round would count none.
    const seconds = context.quick ? 3 : 10;
    const rounds = context.quick ? 1 : 2;
    const load = (server: ChildServer, s = seconds) => runLoad({ url: server.url, connections, seconds: s, requests, serverPid: server.pid });
    await load(servers.bare, 2);
    await load(servers.local, 2);
    const { ours: o, bare: b } = await alternateRounds(
      rounds,
      (who) => load(who === 'ours' ? servers.local : servers.bare),
      (who, r) => context.log(`${who}: ${Math.round(r.requestsPerSecond * BATCH)} tokens/s, p99 ${r.p99Ms} ms`),
    );
    return [
      {
        name: `POST /verify ×${BATCH} tokens, ${connections} conn`,
        value: o.requestsPerSecond * BATCH,
        unit: 'tokens/s',
        baseline: { name: 'bare node:http + 100 raw verifies', value: b.requestsPerSecond * BATCH, unit: 'tokens/s' },
        ratio: o.requestsPerSecond / b.requestsPerSecond,
        note: `p99 per 100-token request: ours ${o.p99Ms} ms, bare ${b.p99Ms} ms; server CPU per token: ours ${cpu(o)}, bare ${cpu(b)}; best of ${rounds} rounds`,
      },
    ];
  },
};
