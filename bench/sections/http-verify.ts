/**
 * HTTP verify: `POST /verify` with one token per request, rotating over 300 labels issued through
 * the real API, against the real local server (`startLocalService`), beside the least work that
 * gives the same answer: the bare `node:http` server's `POST /verdict` (parse the body, one raw
 * ES256 verify, the label's verdict from an in-memory `Map`, serialised with a fresh `checkedAt`,
 * under ours' response headers). The verdicts it answers with are captured from ours first, and
 * every one is checked to be ours' answer but for `checkedAt` before anything is timed. The bare
 * server's two-member answer (`{"valid":true}`) stays beside it as context. Same load generator,
 * same settings, alternating rounds; each figure is the best of its rounds (other work on the machine
 * only ever makes a round worse).
 */
import type { BenchRow, BenchSection } from '../section.ts';
import type { BareSetup } from '../servers/bare.ts';
import { best, runLoad, type LoadResult } from '../lib/load.ts';
import { roundOrder } from '../lib/rounds.ts';
import { benchServers, issuedTokens, profiled, type BenchServers, type ChildServer } from '../lib/servers.ts';

/** HTTP verify ≥ 80 % of the same-verdict bare server's requests/s. */
export const HTTP_VERIFY_TARGET_RATIO = 0.8;
/** p99 latency at 10 connections, in milliseconds. */
export const HTTP_VERIFY_P99_TARGET_MS = 10;

/** Baseline names, as the tables print them. */
export const SAME_VERDICT_BASELINE = 'bare node:http, same verdict: raw verify + Map lookup';
export const TWO_MEMBER_BASELINE = 'bare node:http + raw verify, {"valid":true}';

/** Headers Node's HTTP server adds by itself (or that depend on the body), not ours to copy. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

const cpuText = (r: LoadResult) =>
  r.serverCpuMicrosPerRequest === undefined
    ? 'CPU n/a'
    : `${Math.round(r.serverCpuMicrosPerRequest)} µs CPU/req at ${Math.round(r.serverCpuShare! * 100)} % of a core`;

const postToken = (url: string, token: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });

/** The answer with `checkedAt` blanked: what must agree between ours and the baseline. */
const timeless = (text: string) => JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), checkedAt: '' });

/**
 * Captures ours' verdict and response headers for every token, loads them into the bare server,
 * and checks that its `/verdict` answers every token with ours' body (same members, same byte
 * length; only `checkedAt` differs) and ours' headers. Returns the answers' lengths.
 */
async function loadSameVerdicts(servers: BenchServers, tokens: readonly string[]): Promise<{ bytes: number[]; headers: string[] }> {
  const verdicts: Record<string, Record<string, unknown>> = {};
  const ours: string[] = [];
  let headers: Record<string, string> | undefined;
  for (const token of tokens) {
    const res = await postToken(`${servers.local.url}/verify`, token);
    const text = await res.text();
    const verdict = JSON.parse(text) as Record<string, unknown>;
    if (res.status !== 200 || verdict.status !== 'valid') throw new Error(`bench token does not verify: ${res.status} ${text.slice(0, 200)}`);
    verdicts[verdict.labelId as string] = verdict;
    ours.push(text);
    if (!headers) {
      const copied: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        if (!TRANSPORT_HEADERS.has(name)) copied[name] = value;
      });
      headers = copied;
    }
  }
  const setup: BareSetup = { verdicts, headers: headers! };
  const loaded = await fetch(`${servers.bare.url}/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(setup) });
  if (!loaded.ok) throw new Error(`the bare server refused the verdicts: ${loaded.status}`);
  const bytes: number[] = [];
  for (const [i, token] of tokens.entries()) {
    const res = await postToken(`${servers.bare.url}/verdict`, token);
    const text = await res.text();
    if (Buffer.byteLength(text) !== Buffer.byteLength(ours[i]!) || timeless(text) !== timeless(ours[i]!)) {
      throw new Error(`the bare verdict for token ${i} is not ours: ${text.slice(0, 200)}`);
    }
    for (const [name, value] of Object.entries(setup.headers)) {
      if (res.headers.get(name) !== value) throw new Error(`the bare verdict's ${name} header is ${res.headers.get(name)}, ours ${value}`);
    }
    bytes.push(Buffer.byteLength(text));
  }
  return { bytes, headers: Object.keys(setup.headers) };
}

/** Who a run measures: ours, the same-verdict limit, or the two-member context answer. */
type Who = 'ours' | 'verdict' | 'bare';

/** The http-verify section. */
export const httpVerifySection: BenchSection = {
  name: 'http-verify',
  async run(context) {
    const servers = await benchServers();
    const tokens = await issuedTokens(servers, context.quick);
    const answers = await loadSameVerdicts(servers, tokens);
    const requestsTo = (path: string) => tokens.map((token) => ({ method: 'POST' as const, path, body: JSON.stringify({ token }) }));
    const target: Record<Who, { server: ChildServer; requests: ReturnType<typeof requestsTo> }> = {
      ours: { server: servers.local, requests: requestsTo('/verify') },
      verdict: { server: servers.bare, requests: requestsTo('/verdict') },
      bare: { server: servers.bare, requests: requestsTo('/verify') },
    };

    const rounds = context.quick ? 1 : 2;
    const seconds = context.quick ? 1 : 10;
    const lowSeconds = context.quick ? 1 : 5;
    const load = (who: Who, connections: number, s: number) =>
      runLoad({ url: target[who].server.url, connections, seconds: s, requests: target[who].requests, serverPid: target[who].server.pid });
    const describe = (r: LoadResult) => `${Math.round(r.requestsPerSecond)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, server ${cpuText(r)}`;

    // Warm all three: JIT, keep-alive sockets, and our status cache.
    for (const who of ['bare', 'verdict', 'ours'] as const) await load(who, 50, context.quick ? 0.5 : 2);

    const at50: Record<Who, LoadResult[]> = { ours: [], verdict: [], bare: [] };
    const at10: Record<'ours' | 'verdict', LoadResult[]> = { ours: [], verdict: [] };
    for (let round = 0; round < rounds; round++) {
      // Both loads in each round, so the 50- and 10-connection runs see the same machine.
      for (const who of roundOrder<Who>(['verdict', 'bare', 'ours'], round)) {
        const r = round === 0 ? await profiled(target[who].server, () => load(who, 50, seconds)) : await load(who, 50, seconds);
        at50[who].push(r);
        context.log(`50 conn ${who}: ${describe(r)}`);
      }
      for (const who of roundOrder(['verdict', 'ours'] as const, round)) {
        const r = await load(who, 10, lowSeconds);
        at10[who].push(r);
        context.log(`10 conn ${who}: ${describe(r)}`);
      }
    }
    const ours = best(at50.ours);
    const limit = best(at50.verdict);
    const bare = best(at50.bare);
    const lowest = (rs: LoadResult[]) => Math.min(...rs.map((r) => r.p99Ms));
    const ratio = ours.requestsPerSecond / limit.requestsPerSecond;
    const size = `${Math.min(...answers.bytes)}–${Math.max(...answers.bytes)} bytes`;
    const note = `${tokens.length} distinct labels; both answer every token with the same verdict (${size}, only checkedAt differs) under the same headers (${answers.headers.join(', ')}); autocannon in-process, ${servers.placement}; best of ${rounds} alternating rounds`;
    const cpu = (r: LoadResult) => r.serverCpuMicrosPerRequest;
    const rows: BenchRow[] = [
      {
        name: `POST /verify, 50 conn, ${seconds} s`,
        value: ours.requestsPerSecond,
        unit: 'req/s',
        baseline: { name: SAME_VERDICT_BASELINE, value: limit.requestsPerSecond, unit: 'req/s' },
        ratio,
        target: { description: `≥ ${HTTP_VERIFY_TARGET_RATIO * 100} % of the same verdict's limit`, pass: ratio >= HTTP_VERIFY_TARGET_RATIO },
        note,
      },
      {
        name: `POST /verify, 50 conn, beside a two-member answer`,
        value: ours.requestsPerSecond,
        unit: 'req/s',
        baseline: { name: TWO_MEMBER_BASELINE, value: bare.requestsPerSecond, unit: 'req/s' },
        ratio: ours.requestsPerSecond / bare.requestsPerSecond,
        note: 'no target: the same runs of ours beside the bare server answering {"valid":true} with no verdict, no lookup and no security headers (the former baseline)',
      },
      ...(cpu(ours) !== undefined && cpu(limit) !== undefined && cpu(bare) !== undefined
        ? [
            {
              name: 'POST /verify server CPU per request',
              value: cpu(ours)!,
              unit: 'µs',
              baseline: { name: SAME_VERDICT_BASELINE, value: cpu(limit)!, unit: 'µs' },
              note: `capacity on a core of its own: ours ${Math.round(1e6 / cpu(ours)!)}, same verdict ${Math.round(1e6 / cpu(limit)!)}, two-member ${Math.round(1e6 / cpu(bare)!)} req/s (${Math.round(cpu(bare)!)} µs); server used ${Math.round(ours.serverCpuShare! * 100)} % / ${Math.round(limit.serverCpuShare! * 100)} % / ${Math.round(bare.serverCpuShare! * 100)} % of a core`,
            },
          ]
        : []),
      { name: 'POST /verify p50, 50 conn', value: ours.p50Ms, unit: 'ms', baseline: { name: SAME_VERDICT_BASELINE, value: limit.p50Ms, unit: 'ms' } },
      { name: 'POST /verify p99, 50 conn', value: ours.p99Ms, unit: 'ms', baseline: { name: SAME_VERDICT_BASELINE, value: limit.p99Ms, unit: 'ms' } },
      {
        name: `POST /verify p99, 10 conn, ${lowSeconds} s`,
        value: lowest(at10.ours),
        unit: 'ms',
        baseline: { name: SAME_VERDICT_BASELINE, value: lowest(at10.verdict), unit: 'ms' },
        target: { description: `≤ ${HTTP_VERIFY_P99_TARGET_MS} ms`, pass: lowest(at10.ours) <= HTTP_VERIFY_P99_TARGET_MS },
        note: `lowest p99 of ${rounds} rounds; req/s at 10 conn: ours ${Math.round(best(at10.ours).requestsPerSecond)}, same verdict ${Math.round(best(at10.verdict).requestsPerSecond)}`,
      },
    ];
    return rows;
  },
};
