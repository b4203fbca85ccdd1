/**
 * `npm run load`: a sustained load test of `POST /verify`, the public hot path. Starts a fresh
 * local service (`local/main.ts`) in a child process with its own data directory, issues and
 * revokes a few labels, then drives it with autocannon: 100 connections for 60 s by default,
 * cycling through a mix of valid, revoked, tampered, forged, malformed and batch requests.
 * Every answer must be a 200 carrying the expected verdict; the server's RSS is sampled each
 * second and must level off. Prints a report and exits non-zero on any error or unstable memory.
 *
 *   npm run load -- --duration 60 --connections 100 [--json]
 *
 * This is a measurement script, not a timed test: `test/security/load-smoke.test.ts` runs it for
 * 3 s and asserts only that nothing failed.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { VALID_FIXTURES } from '../test/support/fixtures.ts';
import { accreditedIssuerBody } from '../test/support/accreditation.ts';

const ROOT = join(import.meta.dirname, '..');

/** Settings of a load run. */
export interface LoadTestOptions {
  readonly durationSeconds: number;
  readonly connections: number;
  /** Progress lines (stderr by default). */
  readonly log?: (line: string) => void;
}

/** What a load run measured. */
export interface LoadTestReport {
  readonly durationSeconds: number;
  readonly connections: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p97_5: number; readonly p99: number; readonly max: number };
  /** Socket errors and timeouts seen by the load generator. */
  readonly errors: number;
  readonly timeouts: number;
  /** Responses that were not 2xx. */
  readonly non2xx: number;
  /** 2xx responses whose verdicts were not the expected ones. */
  readonly wrongVerdicts: number;
  /** Verdicts returned, by status (single requests and batch members). */
  readonly verdicts: Readonly<Record<string, number>>;
  readonly rssMb: {
    readonly samples: readonly number[];
    readonly start: number;
    readonly peak: number;
    readonly end: number;
    /** Mean of the last third of the run minus the mean of its middle third. */
    readonly lateGrowth: number;
    readonly stable: boolean;
  };
  readonly ok: boolean;
}

/** A request the load cycles through, with the verdicts its answer must carry. */
interface Mix {
  readonly name: string;
  readonly body: string;
  readonly expect: readonly string[];
}

function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return process.platform === 'linux' ? undefined : Number.NaN;
  }
}

/** The environment minus an external store: the load test always runs the embedded default. */
function withoutEndpoint(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_ENDPOINT_URL_DYNAMODB: _ignored, ...rest } = env;
  return rest;
}

/**
 * Starts `local/main.ts` in a child process with a fresh data directory. `PORT=0` lets the child
 * bind a free port itself (picking one here and handing it over could lose it to another socket
 * in between); its "listening on" line says which.
 */
async function startService(dataDir: string, adminToken: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'local', 'main.ts')], {
    cwd: ROOT,
    env: { ...withoutEndpoint(process.env), PORT: '0', DATA_DIR: dataDir, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the service exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url };
}

async function call(url: string, method: string, path: string, body?: unknown, bearer?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Builds the request mix: genuine and hostile tokens, singles and batches. */
async function buildMix(url: string, adminToken: string): Promise<Mix[]> {
  const issuer = (await call(url, 'POST', '/admin/issuers', accreditedIssuerBody('Load Test Co'), adminToken)) as { apiKey: string };
  const tokens: string[] = [];
  for (let i = 0; i < 12; i++) {
    const label = (await call(url, 'POST', '/labels', VALID_FIXTURES[i % VALID_FIXTURES.length]!.body, issuer.apiKey)) as { token: string; id: string };
    tokens.push(label.token);
  }
  const revokedLabel = (await call(url, 'POST', '/labels', VALID_FIXTURES[0]!.body, issuer.apiKey)) as { token: string; id: string };
  await call(url, 'POST', `/labels/${revokedLabel.id}/revoke`, { reason: 'load test' }, issuer.apiKey);
  const [h, p, s] = tokens[0]!.split('.') as [string, string, string];
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), pcf: '0.01' })).toString('base64url')}.${s}`;
  const unknownKid = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'Z'.repeat(43), typ: 'carbon-label+jwt' })).toString('base64url')}.${p}.${s}`;
  const { kid } = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string };
  const algNone = `${Buffer.from(JSON.stringify({ alg: 'none', kid, typ: 'carbon-label+jwt' })).toString('base64url')}.${p}.`;
  const single = (name: string, token: string, expect: string): Mix => ({ name, body: JSON.stringify({ token }), expect: [expect] });
  const mix: Mix[] = tokens.map((t, i) => single(`valid #${i}`, t, 'valid'));
  mix.push(
    single('revoked', revokedLabel.token, 'revoked'),
    single('tampered payload', tampered, 'bad_signature'),
    single('unknown key id', unknownKid, 'unknown_key'),
    single('alg none', algNone, 'malformed'),
    single('garbage', randomBytes(48).toString('base64url'), 'malformed'),
    single('verify URL', `${url}/v/${tokens[1]!}`, 'valid'),
  );
  const batch = [tokens[2]!, tampered, revokedLabel.token, algNone, ...tokens.slice(3, 9)];
  mix.push({
    name: 'batch of 10',
    body: JSON.stringify({ tokens: batch }),
    expect: ['valid', 'bad_signature', 'revoked', 'malformed', ...Array(6).fill('valid')],
  });
  return mix;
}

/** Runs the load test against a fresh service and returns the report (the service is stopped). */
export async function runLoadTest(options: LoadTestOptions): Promise<LoadTestReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-load-'));
  const adminToken = `adm_${randomBytes(24).toString('base64url')}`;
  const { child, url } = await startService(dataDir, adminToken);
  try {
    log(`service ${url} (pid ${child.pid}); building the request mix…`);
    const mix = await buildMix(url, adminToken);
    const verdicts: Record<string, number> = {};
    let wrongVerdicts = 0;
    const samples: number[] = [];
    const first = rssMb(child.pid!);
    if (first !== undefined) samples.push(first);
    const sampler = setInterval(() => {
      const v = rssMb(child.pid!);
      if (v !== undefined) samples.push(v);
    }, 1000);
    log(`load: ${options.connections} connections for ${options.durationSeconds} s on POST /verify (${mix.length} request kinds)…`);
    const result = await autocannon({
      url,
      connections: options.connections,
      duration: options.durationSeconds,
      timeout: 10,
      requests: mix.map((m) => ({
        method: 'POST' as const,
        path: '/verify',
        headers: { 'content-type': 'application/json' },
        body: m.body,
        onResponse: (status: number, body: string) => {
          if (status !== 200) return;
          try {
            const json = JSON.parse(body) as { status?: string; results?: { status: string }[] };
            const got = json.results ? json.results.map((r) => r.status) : [String(json.status)];
            for (const g of got) verdicts[g] = (verdicts[g] ?? 0) + 1;
            if (got.length !== m.expect.length || got.some((g, i) => g !== m.expect[i])) wrongVerdicts++;
          } catch {
            wrongVerdicts++;
          }
        },
      })),
    });
    clearInterval(sampler);
    const last = rssMb(child.pid!);
    if (last !== undefined) samples.push(last);

    const third = Math.max(1, Math.floor(samples.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const middle = mean(samples.slice(third, 2 * third));
    const late = mean(samples.slice(samples.length - third));
    const lateGrowth = late - middle;
    // Stable: after warm-up, the last third grows less than 10 % (and 25 MB) over the middle.
    const stable = samples.length < 3 || lateGrowth <= Math.max(25, middle * 0.1);
    const non2xx = result.non2xx;
    const report: LoadTestReport = {
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      latencyMs: { p50: result.latency.p50, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx,
      wrongVerdicts,
      verdicts,
      rssMb: {
        samples: samples.map((s) => Math.round(s * 10) / 10),
        start: Math.round(samples[0] ?? 0),
        peak: Math.round(Math.max(...samples, 0)),
        end: Math.round(samples.at(-1) ?? 0),
        lateGrowth: Math.round(lateGrowth * 10) / 10,
        stable,
      },
      ok: result.errors === 0 && result.timeouts === 0 && non2xx === 0 && wrongVerdicts === 0 && stable && result.requests.total > 0,
    };
    return report;
  } finally {
    child.kill('SIGTERM');
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
    });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The report as text. */
export function formatReport(r: LoadTestReport): string {
  const lines = [
    `POST /verify load test: ${r.connections} connections, ${r.durationSeconds} s`,
    `  requests      ${r.requests} (${r.requestsPerSecond} req/s average)`,
    `  latency (ms)  p50 ${r.latencyMs.p50} · p97.5 ${r.latencyMs.p97_5} · p99 ${r.latencyMs.p99} · max ${r.latencyMs.max}`,
    `  errors        ${r.errors} socket errors · ${r.timeouts} timeouts · ${r.non2xx} non-2xx · ${r.wrongVerdicts} wrong verdicts`,
    `  verdicts      ${Object.entries(r.verdicts)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ')}`,
    `  server RSS    start ${r.rssMb.start} MB · peak ${r.rssMb.peak} MB · end ${r.rssMb.end} MB · last-third growth ${r.rssMb.lateGrowth} MB → ${r.rssMb.stable ? 'stable' : 'GROWING'}`,
    `  result        ${r.ok ? 'PASS' : 'FAIL'}`,
  ];
  return lines.join('\n');
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const inline = args.find((a) => a.startsWith(`--${name}=`));
  const raw = inline ? inline.split('=')[1] : i >= 0 ? args[i + 1] : undefined;
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const report = await runLoadTest({ durationSeconds: flag(args, 'duration', 60), connections: flag(args, 'connections', 100) });
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  process.exitCode = report.ok ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`load test failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
