import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirInUseError, LOCK_FILE, lockDataDir } from '../../../local/data-dir-lock.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'carbon-label-lock-unit-'));
  dirs.push(d);
  return d;
};

describe('DATA_DIR lock', () => {
  it('creates the directory 0700 and the lock 0600 with our pid; a second lock in this process is refused until release', () => {
    const d = join(dir(), 'fresh');
    const lock = lockDataDir(d);
    expect(statSync(d).mode & 0o777).toBe(0o700);
    expect(statSync(join(d, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    expect(() => lockDataDir(d)).toThrow(DataDirInUseError);
    lock.release();
    lock.release();
    expect(existsSync(join(d, LOCK_FILE))).toBe(false);
    lockDataDir(d).release();
  });

  it('names a live holder (here: the test runner’s parent) and leaves its lock alone', () => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), `${process.ppid}\n`);
    expect(() => lockDataDir(d)).toThrow(`DATA_DIR ${d} is in use by process ${process.ppid}`);
    expect(readFileSync(join(d, LOCK_FILE), 'utf8').trim()).toBe(String(process.ppid));
  });

  it.each([
    ['a dead process', () => `${spawnSync(process.execPath, ['-e', '']).pid}\n`],
    ['our own pid from an earlier life (pid 1 in a restarted container)', () => `${process.pid}\n`],
    ['no pid', () => 'not a pid'],
  ])('takes over a stale lock left by %s', (_what, content) => {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), content());
    const lock = lockDataDir(d);
    expect(readFileSync(join(d, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});
