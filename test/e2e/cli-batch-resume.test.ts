/**
 * `labels issue --batch` is resumable: a 5,000-line batch killed (SIGKILL) about halfway and run
 * again ends with exactly one label per line, counted by the service (`GET /labels`), and a
 * results file with exactly one entry per line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { startServerProcess, type StartedServer } from '../support/started-server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LINES = 5_000;

let server: StartedServer;
let work: string;
beforeAll(async () => {
  server = await startServerProcess();
  work = mkdtempSync(join(tmpdir(), 'batch-resume-'));
});
afterAll(async () => {
  await server?.destroy();
  rmSync(work, { recursive: true, force: true });
});

/** Every label id of an issuer, through the paged `GET /labels`. */
async function listedIds(apiKey: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await fetch(`${server.url}/labels?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: { id: string }[]; nextCursor?: string };
    ids.push(...page.items.map((i) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

const lineCount = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0);

describe('labels issue --batch, killed halfway and run again', () => {
  it(`ends with exactly ${LINES} labels and ${LINES} result lines`, async () => {
    const { apiKey } = await server.createIssuer('Resume Steel');
    const base = validFixture('steel-hot-rolled-coil');
    const input = join(work, 'products.jsonl');
    writeFileSync(
      input,
      Array.from({ length: LINES }, (_, i) => JSON.stringify({ ...base, product: { ...(base.product as object), name: `Coil ${i + 1}` } })).join('\n') + '\n',
    );
    const results = `${input}.results.jsonl`;
    // The CLI finds the server through DATA_DIR/server.json; no --url.
    const env = { ...process.env, DATA_DIR: server.dataDir, CARBON_LABEL_URL: '', CARBON_LABEL_API_KEY: apiKey };

    const first = spawn(process.execPath, [join(ROOT, 'bin', 'carbon-label.mjs'), 'labels', 'issue', '--batch', input, '--concurrency', '8'], {
      cwd: work,
      env,
    });
    let firstErr = '';
    first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
    const firstExit = new Promise<NodeJS.Signals | null>((resolve) => first.on('exit', (_code, signal) => resolve(signal)));
    for (let i = 0; i < 6000 && lineCount(results) < LINES / 2; i++) await new Promise((r) => setTimeout(r, 50));
    first.kill('SIGKILL');
    expect(await firstExit).toBe('SIGKILL');
    const done = lineCount(results);
    expect(done, firstErr).toBeGreaterThanOrEqual(LINES / 2);
    expect(done).toBeLessThan(LINES);
    // Plain progress lines, since stderr is a pipe here.
    expect(firstErr).toMatch(/progress: \d+\/5000 lines/);

    const second = await runCli(['labels', 'issue', '--batch', input, '--json'], { cwd: work, env });
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as {
      lines: number;
      labels: number;
      alreadyDone: number;
      issued: number;
      problems: number;
      labelsPerSecond: number;
    };
    expect(summary).toMatchObject({ lines: LINES, labels: LINES, problems: 0 });
    expect(summary.alreadyDone).toBeGreaterThanOrEqual(done - 1); // a torn last line is sent again
    expect(summary.alreadyDone + summary.issued).toBe(LINES);
    console.log(`resume: ${done} result lines when killed; second run ${summary.issued} labels at ${summary.labelsPerSecond} labels/s`);

    const entries = readFileSync(results, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; id: string; token: string; verifyUrl: string });
    expect(entries).toHaveLength(LINES);
    expect(entries.map((e) => e.line)).toEqual(Array.from({ length: LINES }, (_, i) => i + 1));
    for (const e of entries) expect(Object.keys(e).sort()).toEqual(['id', 'line', 'token', 'verifyUrl']);
    const ids = await listedIds(apiKey);
    expect(ids).toHaveLength(LINES);
    expect(new Set(ids)).toEqual(new Set(entries.map((e) => e.id)));
  }, 900_000);

  it('Ctrl-C finishes the requests in flight, exits 130 with the results in line order; a wrong API key stops at once', async () => {
    const { apiKey } = await server.createIssuer('Interrupted Steel');
    const input = join(work, 'small.jsonl');
    const count = 400;
    writeFileSync(input, Array.from({ length: count }, () => JSON.stringify(validFixture('cotton-tshirt'))).join('\n') + '\n');
    const results = `${input}.results.jsonl`;
    const env = { ...process.env, DATA_DIR: server.dataDir, CARBON_LABEL_URL: '', CARBON_LABEL_API_KEY: apiKey };

    const wrong = await runCli(['labels', 'issue', '--batch', input, '--api-key', 'clk_org_000000000000_notakey'], { cwd: work, env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/stopped before the end: 401 unauthenticated/);
    expect(lineCount(results)).toBe(0);

    const run = spawn(process.execPath, [join(ROOT, 'bin', 'carbon-label.mjs'), 'labels', 'issue', '--batch', input], { cwd: work, env });
    let err = '';
    run.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exit = new Promise<number | null>((resolve) => run.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 3000 && lineCount(results) < 50; i++) await new Promise((r) => setTimeout(r, 20));
    run.kill('SIGINT');
    expect(await exit, err).toBe(130);
    expect(err).toContain('stopped before the end: interrupted; run the same command again to resume');
    const partial = readFileSync(results, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { line: number }).line);
    expect(partial.length).toBeGreaterThanOrEqual(50);
    expect(partial.length).toBeLessThan(count);
    expect(partial).toEqual([...partial].sort((a, b) => a - b));

    const rerun = await runCli(['labels', 'issue', '--batch', input, '--json'], { cwd: work, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ lines: count, labels: count, alreadyDone: partial.length });
    expect(await listedIds(apiKey)).toHaveLength(count);
  }, 300_000);
});
