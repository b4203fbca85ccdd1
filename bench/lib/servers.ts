/**
 * The servers of the HTTP sections, each in its own child process: the real embedded default
 * (`bench/servers/local.ts`) and the bare `node:http` limit (`bench/servers/bare.ts`). The load
 * generator runs in this process. On a machine with two or more cores the children are pinned to
 * one core and this process to another (`taskset`), so the load generator never takes the
 * server's core; both servers get exactly the same treatment. `BENCH_PIN=0` turns pinning off.
 * Started once per run and shared by the HTTP sections; `bench/run.ts` closes them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { VALID_FIXTURES } from '../../test/support/fixtures.ts';
import { accreditedIssuerBody } from '../../test/support/accreditation.ts';

/** A server running in a child process. */
export interface ChildServer {
  readonly url: string;
  readonly pid: number;
  /** What the child printed when ready. */
  readonly info: Record<string, string>;
  close(): Promise<void>;
}

/** Both servers, plus what the HTTP sections need to talk to ours. */
export interface BenchServers {
  readonly local: ChildServer;
  readonly bare: ChildServer;
  /** API key of an issuer registered on the local server. */
  readonly apiKey: string;
  /** How the processes were placed on cores, for the notes. */
  readonly placement: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const children = new Set<ChildServer>();
let servers: Promise<BenchServers> | undefined;
let originalAffinity: string | undefined;

const canPin = () => process.env.BENCH_PIN !== '0' && availableParallelism() >= 2 && spawnSync('taskset', ['-V']).status === 0;

/** Starts `script` under tsx in a child process and waits for its ready line. */
export async function startChildServer(script: string, env: Record<string, string> = {}, pinToCpu?: number): Promise<ChildServer> {
  const nodeArgs = ['--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), join(ROOT, script)];
  const [command, args] = pinToCpu === undefined ? [process.execPath, nodeArgs] : ['taskset', ['-c', String(pinToCpu), process.execPath, ...nodeArgs]];
  const child: ChildProcess = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as Record<string, string>);
      } catch {
        reject(new Error(`${script} printed ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready`));
    });
  });
  const server: ChildServer = {
    url: info.url!,
    pid: child.pid!,
    info,
    async close() {
      children.delete(server);
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(server);
  return server;
}

async function postJson(url: string, body: unknown, bearer?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function start(): Promise<BenchServers> {
  let serverCpu: number | undefined;
  let placement = 'not pinned (one core, taskset missing or BENCH_PIN=0)';
  if (canPin()) {
    originalAffinity = spawnSync('taskset', ['-a', '-p', '-c', String(process.pid)], { encoding: 'utf8' })
      .stdout.split(':')
      .pop()
      ?.trim();
    spawnSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
    serverCpu = 1;
    placement = 'server child pinned to cpu 1, load generator (this process) to cpu 0';
  }
  const local = await startChildServer('bench/servers/local.ts', {}, serverCpu);
  // The bare server verifies with the local server's published key and signs with a key of its own.
  const jwks = (await (await fetch(`${local.url}/.well-known/jwks.json`)).json()) as { keys: Record<string, unknown>[] };
  const publicJwk = jwks.keys.find((k) => k.kid === local.info.kid);
  if (!publicJwk) throw new Error('the local server does not publish its signing key');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const bare = await startChildServer(
    'bench/servers/bare.ts',
    {
      BENCH_PUBLIC_JWK: JSON.stringify({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y }),
      BENCH_PRIVATE_JWK: JSON.stringify(privateKey.export({ format: 'jwk' })),
    },
    serverCpu,
  );
  const issuer = await postJson(`${local.url}/admin/issuers`, accreditedIssuerBody('Bench Steel'), local.info.adminToken);
  if (issuer.status !== 201) throw new Error(`could not register an issuer: ${issuer.status}`);
  return { local, bare, apiKey: issuer.json.apiKey as string, placement };
}

/** The shared servers, started on first use. */
export function benchServers(): Promise<BenchServers> {
  servers ??= start();
  return servers;
}

/** The request bodies the HTTP issuance uses: the valid fixtures. */
export const ISSUE_BODIES: readonly string[] = VALID_FIXTURES.map((f) => JSON.stringify(f.body));

/** Issues `count` labels through the real `POST /labels`, a few at a time; returns their tokens. */
export async function issueThroughApi(s: BenchServers, count: number): Promise<string[]> {
  const tokens: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${s.local.url}/labels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${s.apiKey}` },
        body: ISSUE_BODIES[i % ISSUE_BODIES.length],
      });
      const json = (await res.json()) as { token?: string };
      if (res.status !== 201 || !json.token) throw new Error(`POST /labels answered ${res.status}`);
      tokens.push(json.token);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return tokens;
}

let issued: Promise<string[]> | undefined;

/** Distinct labels the verify sections rotate over (a smoke run makes do with fewer). */
export const DISTINCT_LABELS = 300;

/** Labels issued through the API once per run, shared by the verify sections. */
export function issuedTokens(s: BenchServers, quick = false): Promise<string[]> {
  issued ??= issueThroughApi(s, quick ? 30 : DISTINCT_LABELS);
  return issued;
}

/**
 * Runs `fn` inside a profiling window of `server` when BENCH_PROFILE_DIR is set (see
 * `bench/servers/profile-on-signal.ts`); otherwise just runs it.
 */
export async function profiled<T>(server: ChildServer, fn: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PROFILE_DIR) return fn();
  process.kill(server.pid, 'SIGUSR2');
  try {
    return await fn();
  } finally {
    process.kill(server.pid, 'SIGUSR2');
  }
}

/** Stops every child server and gives this process its cores back. */
export async function closeBenchServers(): Promise<void> {
  await Promise.all([...children].map((c) => c.close()));
  servers = undefined;
  issued = undefined;
  if (originalAffinity) {
    spawnSync('taskset', ['-a', '-p', '-c', originalAffinity, String(process.pid)]);
    originalAffinity = undefined;
  }
}
