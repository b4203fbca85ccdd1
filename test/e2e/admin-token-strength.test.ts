/**
 * An `ADMIN_TOKEN` that no bearer header could ever carry (the parser takes 1–512 printable ASCII
 * characters without spaces), or a weak one (under 32 characters), stops `npm start` with a
 * message naming the variable: exit 1, no stack trace. So does such a token in `DATA_DIR/admin-token`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  const dir = mkdtempSync(join(tmpdir(), 'carbon-label-token-'));
  dirs.push(dir);
  return dir;
}

async function refused(env: Record<string, string>): Promise<string> {
  const run = startNpm({ PORT: '0', DATA_DIR: dataDir(), ...env });
  runs.push(run);
  const code = await Promise.race([run.exited, new Promise((r) => setTimeout(() => r('still running'), 30_000))]);
  expect(code, run.output()).toBe(1);
  expect(run.output()).not.toMatch(/\n\s+at /);
  expect(run.output()).not.toContain('listening on');
  return run.output();
}

const strong = `adm_${'k'.repeat(40)}`;

describe('ADMIN_TOKEN strength at start', () => {
  it.each([
    ['weak: under 32 characters', 'correct-horse-battery', /ADMIN_TOKEN: .*at least 32 characters/],
    ['a space inside', `${strong.slice(0, 20)} ${strong.slice(20)}`, /ADMIN_TOKEN: .*can never match/],
    ['non-ASCII', `${strong}ü`, /ADMIN_TOKEN: .*can never match/],
    ['a control character', `${strong}\t`, /ADMIN_TOKEN: .*can never match/],
    ['longer than 512 characters', 'a'.repeat(513), /ADMIN_TOKEN: .*can never match/],
  ])('%s stops the start, naming ADMIN_TOKEN', async (_what, token, message) => {
    const output = await refused({ ADMIN_TOKEN: token });
    expect(output).toMatch(/Invalid configuration:/);
    expect(output).toMatch(message);
  });

  it('a weak token in DATA_DIR/admin-token stops the start too, naming the file', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'admin-token'), 'sixteen-chars-ok\n', { mode: 0o600 });
    const run = startNpm({ PORT: '0', DATA_DIR: dir, ADMIN_TOKEN: '' });
    runs.push(run);
    expect(await run.exited, run.output()).toBe(1);
    expect(run.output()).toContain(join(dir, 'admin-token'));
    expect(run.output()).toMatch(/at least 32 characters/);
    expect(run.output()).not.toMatch(/\n\s+at /);
  });

  it('a strong token of exactly 32 and of 512 printable characters starts', async () => {
    for (const token of ['!'.repeat(16) + '~'.repeat(16), 'Z'.repeat(512)]) {
      const run = startNpm({ PORT: '0', DATA_DIR: dataDir(), ADMIN_TOKEN: token });
      runs.push(run);
      const port = await bannerPort(run);
      const res = await fetch(`http://127.0.0.1:${port}/admin/issuers`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect(await run.stop()).toBe(0);
    }
  });
});
