/**
 * `npm start` is a server on someone's machine: by default only that machine reaches it
 * (127.0.0.1); `HOST` opens it to others on purpose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accepts, bannerPort, externalIPv4, startNpm, type NpmStart } from '../support/local-process.ts';

const runs: NpmStart[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const run of runs) await run.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): NpmStart {
  const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-bind-'));
  dirs.push(dataDir);
  const run = startNpm({ PORT: '0', DATA_DIR: dataDir, ...env });
  runs.push(run);
  return run;
}

describe('where the local server listens', () => {
  it('binds 127.0.0.1 by default: loopback connects, the machine’s other addresses do not', async () => {
    const run = start({});
    const port = await bannerPort(run);
    expect(run.output()).toContain(`listening on http://localhost:${port}`);
    expect(await accepts('127.0.0.1', port)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    if (externalIPv4) expect(await accepts(externalIPv4, port), `reachable on ${externalIPv4}`).toBe(false);
    expect(await accepts('::1', port)).toBe(false);
    expect(await run.stop()).toBe(0);
  });

  it.skipIf(!externalIPv4)('HOST=0.0.0.0 opens it to other machines on purpose', async () => {
    const run = start({ HOST: '0.0.0.0' });
    const port = await bannerPort(run);
    expect((await fetch(`http://${externalIPv4}:${port}/health`)).status).toBe(200);
    expect(await run.stop()).toBe(0);
  });

  it.skipIf(!externalIPv4)('HOST set to one address: the banner names that address, and it serves there', async () => {
    const run = start({ HOST: externalIPv4! });
    const port = await bannerPort(run);
    expect(run.output()).toContain(`listening on http://${externalIPv4}:${port}`);
    expect((await fetch(`http://${externalIPv4}:${port}/health`)).status).toBe(200);
    expect(await accepts('127.0.0.1', port)).toBe(false);
    expect(await run.stop()).toBe(0);
  });

  it('refuses a HOST that is not a host name or address, naming the variable (exit 1)', async () => {
    const run = startNpm({ PORT: '0', DATA_DIR: join(tmpdir(), 'never-created'), HOST: 'http://0.0.0.0/' });
    runs.push(run);
    const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
    expect(code, run.output()).toBe(1);
    expect(run.output()).toMatch(/Invalid configuration:\n\s+HOST:/);
  });
});
