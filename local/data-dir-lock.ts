/**
 * One server per `DATA_DIR`. Two would open the same LevelDB (the second dies inside dynalite
 * with a stack trace) and share key files and the admin token. `DATA_DIR/server.lock` holds the
 * pid of the process using the directory: created exclusively at start, removed at shutdown.
 * A lock whose process is gone (a crash, a kill -9) is stale and taken over, so it never blocks a
 * start; a live one stops the start with a message naming the process.
 *
 * Limits: if the dead holder's pid has since been reused by an unrelated process, the lock looks
 * held (the message says which pid, and which file to delete); and two starts racing over one
 * stale lock could both pass it, in which case LevelDB's own lock still refuses the second.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the lock file inside `DATA_DIR`. */
export const LOCK_FILE = 'server.lock';

/** Another live process holds the data directory. */
export class DataDirInUseError extends Error {
  readonly code = 'data_dir_in_use';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${pid}. Stop that server first, or set DATA_DIR to another directory.` +
        ` (If process ${pid} is not a carbon-label server, delete ${join(dataDir, LOCK_FILE)}.)`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** A held lock. */
export interface DataDirLock {
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

/** Lock files held by this process: a lock naming our own pid is live only if it is in here. */
const heldHere = new Set<string>();

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `dataDir` for this process, creating it (mode 0700) if needed.
 * @throws {DataDirInUseError} when a live process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = holderOf(file);
    const live = holder !== undefined && (holder === process.pid ? heldHere.has(file) : isAlive(holder));
    if (live) throw new DataDirInUseError(dataDir, holder);
    // Stale (its process is gone, or it names none): remove it and try again. A start that keeps
    // losing this race to others gives up naming whoever holds it now.
    if (attempt >= 3) throw new DataDirInUseError(dataDir, holder ?? 0);
    rmSync(file, { force: true });
  }
  heldHere.add(file);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      if (holderOf(file) === process.pid) rmSync(file, { force: true });
    },
  };
}
