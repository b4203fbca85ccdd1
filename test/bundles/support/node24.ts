/**
 * Runs a built bundle's `handler` on Node 24 (the Lambda runtime's version, the npm package
 * `node@24` installed into tools/node24 by the root postinstall) in a fresh process.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiEvent, ApiResult } from '../../../functions/http/api-event.ts';
import { REPO_ROOT } from '../../../infra/bundling.ts';

/** The Node 24 binary. */
export const NODE24 = join(REPO_ROOT, 'tools', 'node24', 'node_modules', 'node', 'bin', 'node');

/** Fails loudly when the Node 24 binary is missing (never skips). */
export function requireNode24(): string {
  if (!existsSync(NODE24)) {
    throw new Error(`Node 24 is missing at ${NODE24}: run \`npm install\` (the root postinstall installs tools/node24), then re-run the bundle tests`);
  }
  return NODE24;
}

/**
 * The script the child runs: import the bundle (timed), invoke the handler with each event in
 * order (the first is the cold invocation), print results as one JSON line on stdout.
 */
const RUNNER = `
const t0 = performance.now();
const { handler } = await import('./index.mjs');
const loadedMs = performance.now() - t0;
const events = JSON.parse(process.env.CARBON_LABEL_TEST_EVENTS);
const results = [];
let firstInvocationMs;
for (const event of events) {
  const t = performance.now();
  try { results.push({ ok: true, result: await handler(event) }); }
  catch (error) { results.push({ ok: false, error: String(error && error.stack || error) }); }
  firstInvocationMs ??= performance.now() - t;
}
process.stdout.write(JSON.stringify({ node: process.version, loadedMs, firstInvocationMs, results }) + '\\n');
`;

/** What a run returned. */
export interface BundleRun {
  readonly node: string;
  /** Time to import the bundle (module load and top-level code). */
  readonly loadedMs: number;
  /** Time of the first (cold) invocation. */
  readonly firstInvocationMs: number;
  readonly results: ({ ok: true; result: ApiResult } | { ok: false; error: string })[];
  /** The function's log lines (stderr). */
  readonly stderr: string;
}

/**
 * Invokes the bundle in `dir` with `events`, in one fresh Node 24 process whose environment is
 * only `env` (no inherited AWS settings, no NODE_PATH).
 */
export async function invokeBundle(dir: string, events: ApiEvent[], env: Record<string, string>): Promise<BundleRun> {
  const node = requireNode24();
  writeFileSync(join(dir, 'run-handler.mjs'), RUNNER);
  const child = spawn(node, ['run-handler.mjs'], {
    cwd: dir,
    env: { ...env, CARBON_LABEL_TEST_EVENTS: JSON.stringify(events) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`bundle in ${dir} exited with ${code}:\n${stderr}`);
  return { ...(JSON.parse(stdout) as Omit<BundleRun, 'stderr'>), stderr };
}

/** The results of a run, throwing with the error and logs when an invocation threw. */
export function resultsOf(run: BundleRun): ApiResult[] {
  return run.results.map((r, i) => {
    if (!r.ok) throw new Error(`invocation ${i} threw: ${r.error}\n--- logs ---\n${run.stderr}`);
    return r.result;
  });
}
