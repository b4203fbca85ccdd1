/**
 * Replacing a file without ever writing through a symbolic link. `trust pull` may run in a
 * directory others can write to (a shared folder, /tmp); writing to a fixed path there would
 * follow a planted link and overwrite whatever it points at. So the content goes to a new
 * temporary file beside the target, created exclusively (`wx`: O_CREAT | O_EXCL, which fails on
 * any existing name, a link included, rather than following it), and is then renamed over the
 * target. `rename` replaces a directory entry and never follows a link at the target.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './cli-error.ts';
import { printable } from './terminal-text.ts';

/**
 * Throws a `CliError` unless `target` is absent or a regular file: a symbolic link is refused
 * (the CLI neither writes through it nor silently replaces someone's link with a file).
 */
export function assertReplaceable(target: string): void {
  let stat;
  try {
    stat = lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new CliError(`cannot check ${printable(target)}: ${printable((error as Error).message)}`);
  }
  if (stat.isSymbolicLink())
    throw new CliError(`refusing to write ${printable(target)}: it is a symbolic link; pass the real path with --out, or remove the link`);
  if (!stat.isFile()) throw new CliError(`refusing to write ${printable(target)}: it is not a regular file`);
}

/**
 * Writes `content` to `target` atomically: a fresh temporary file in the same directory (mode
 * 0644, created with `wx`), flushed, then renamed over `target`. `tmpPath` is for tests.
 * @throws {CliError} when `target` is a symbolic link or not a regular file, or the write fails.
 */
export function replaceFileNoFollow(target: string, content: string, options: { tmpPath?: string } = {}): void {
  assertReplaceable(target);
  const tmp = options.tmpPath ?? join(dirname(target), `.${basename(target)}.${randomBytes(9).toString('base64url')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx', 0o644);
  } catch (error) {
    throw new CliError(`cannot create a temporary file beside ${printable(target)}: ${printable((error as Error).message)}`);
  }
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw new CliError(`cannot write ${printable(target)}: ${printable((error as Error).message)}`);
  }
}
