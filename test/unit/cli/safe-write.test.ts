/** Replacing the trust bundle file never writes through a symbolic link. */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/cli-error.ts';
import { replaceFileNoFollow } from '../../../cli/safe-write.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'safe-write-'));

describe('replaceFileNoFollow', () => {
  it('creates and replaces a regular file, mode 0644, leaving no temporary file', () => {
    const d = dir();
    const target = join(d, 'trust-bundle.json');
    replaceFileNoFollow(target, 'one\n');
    replaceFileNoFollow(target, 'two\n');
    expect(readFileSync(target, 'utf8')).toBe('two\n');
    expect(statSync(target).mode & 0o777 & ~0o022).toBe(0o644 & ~0o022);
    expect(readdirSync(d)).toEqual(['trust-bundle.json']);
  });

  it('refuses a target that is a symbolic link (to a file, or dangling); the link and its target stay', () => {
    const d = dir();
    const victim = join(d, 'victim');
    writeFileSync(victim, 'precious');
    for (const [link, to] of [
      [join(d, 'link.json'), victim],
      [join(d, 'dangling.json'), join(d, 'does-not-exist')],
    ] as const) {
      symlinkSync(to, link);
      expect(() => replaceFileNoFollow(link, 'attack')).toThrow(/is a symbolic link/);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(() => readFileSync(join(d, 'does-not-exist'))).toThrow();
  });

  it('refuses a directory target', () => {
    const d = dir();
    mkdirSync(join(d, 'sub'));
    expect(() => replaceFileNoFollow(join(d, 'sub'), 'x')).toThrow(/not a regular file/);
  });

  it('never writes through a link planted at the temporary name (exclusive create)', () => {
    const d = dir();
    const victim = join(d, 'victim');
    writeFileSync(victim, 'precious');
    const tmpPath = join(d, '.trust-bundle.json.planted.tmp');
    symlinkSync(victim, tmpPath);
    expect(() => replaceFileNoFollow(join(d, 'trust-bundle.json'), 'attack', { tmpPath })).toThrow(CliError);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(tmpPath).isSymbolicLink()).toBe(true);
  });
});
