/**
 * The `npm start` entry point as a real process: it starts, prints how to begin, refuses bad
 * configuration clearly, and shuts down on SIGTERM/SIGINT with nothing lost.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accreditedIssuerBody } from '../support/accreditation.ts';
import { validFixture } from '../support/fixtures.ts';
import { openApiCheckedFetch } from '../support/openapi-check.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function start(env: Record<string, string>): { child: ChildProcessWithoutNullStreams; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('npm start', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves, then stops cleanly on %s; the next start finds the label', async (signal) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-start-'));
    dirs.push(dataDir);
    const first = start({ PORT: '0', DATA_DIR: dataDir });
    await waitFor(() => /listening on (http:\/\/localhost:\d+)/.test(first.output()), 'the banner');
    const out = first.output();
    const url = /listening on (http:\/\/localhost:\d+)/.exec(out)![1]!;
    expect(out).toContain('admin token (generated now');
    expect(out).toContain('npx carbon-label issuer create');
    const admin = /\n {4}(adm_[A-Za-z0-9_-]+)\n/.exec(out)![1]!;

    const checked = openApiCheckedFetch(url);
    const issuer = (await (
      await checked('/admin/issuers', {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(accreditedIssuerBody('Signal Steel')),
      })
    ).json()) as { apiKey: string };
    const label = (await (
      await checked('/labels', {
        method: 'POST',
        headers: { authorization: `Bearer ${issuer.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(validFixture('steel-hot-rolled-coil')),
      })
    ).json()) as { id: string };
    first.child.kill(signal);
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('all data is on disk');

    const second = start({ PORT: '0', DATA_DIR: dataDir });
    await waitFor(() => /listening on (http:\/\/localhost:\d+)/.test(second.output()), 'the second banner');
    const url2 = /listening on (http:\/\/localhost:\d+)/.exec(second.output())![1]!;
    expect(second.output()).not.toContain('generated now');
    const fetched = await openApiCheckedFetch(url2)(`/labels/${label.id}`);
    expect(fetched.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('refuses bad configuration with a message naming the variable, exit code 1', async () => {
    const bad = start({ PORT: 'eighty', DATA_DIR: join(tmpdir(), 'never-created') });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/Invalid configuration:\n\s+PORT:/);
  });
});
