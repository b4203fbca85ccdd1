/**
 * One server per DATA_DIR: a second `npm start` on the same directory stops with a message that
 * names the running process, and the first keeps serving. A lock left by a process that died
 * does not block the next start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bannerPort, startNpm, type NpmStart } from '../support/local-process.ts';

const runs: NpmStart[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const run of runs) await run.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'carbon-label-lock-'));
  dirs.push(dir);
  return dir;
}

function start(env: Record<string, string>): NpmStart {
  const run = startNpm(env);
  runs.push(run);
  return run;
}

/** Exit code, or 'still running' after `ms`. */
const exitWithin = (run: NpmStart, ms: number) => Promise.race([run.exited, new Promise((r) => setTimeout(() => r('still running'), ms))]);

async function admin(url: string, token: string): Promise<number> {
  const res = await fetch(`${url}/admin/issuers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"name":"Still Serving"}',
  });
  await res.arrayBuffer();
  return res.status;
}

describe('one server per DATA_DIR', () => {
  it.each<[string, (port: number) => Record<string, string>]>([
    ['another port', () => ({ PORT: '0' })],
    ['the same port', (port) => ({ PORT: String(port) })],
  ])('a second start on %s stops with "DATA_DIR … is in use by process N"; the first keeps serving', async (_what, second) => {
    const dir = dataDir();
    const first = start({ PORT: '0', DATA_DIR: dir });
    const port = await bannerPort(first);
    const url = `http://localhost:${port}`;
    const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();

    const other = start({ ...second(port), DATA_DIR: dir });
    expect(await exitWithin(other, 30_000), other.output()).toBe(1);
    expect(other.output()).toContain(`DATA_DIR ${dir} is in use by process ${first.child.pid}`);
    expect(other.output()).not.toMatch(/\n\s+at /); // no stack trace
    expect(other.output()).not.toContain('listening on');

    // The first one was not disturbed: it still reads and writes its store.
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await admin(url, token)).toBe(201);
    expect(await first.stop()).toBe(0);
  });

  it('a lock left by a process that is gone does not block the start, and is released at shutdown', async () => {
    const dir = dataDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(dir, 'server.lock'), `${dead}\n`);
    const run = start({ PORT: '0', DATA_DIR: dir });
    const port = await bannerPort(run);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8').trim()).toBe(String(run.child.pid));
    expect((await fetch(`http://localhost:${port}/health`)).status).toBe(200);
    expect(await run.stop()).toBe(0);
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
  });

  it('a lock file holding no pid at all does not block the start either', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'server.lock'), 'garbage');
    const run = start({ PORT: '0', DATA_DIR: dir });
    await bannerPort(run);
    expect(await run.stop()).toBe(0);
  });
});
