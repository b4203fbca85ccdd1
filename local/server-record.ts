/**
 * `DATA_DIR/server.json`: where the local server of a data directory is listening, so the CLI run
 * from the same place finds it on whatever port it was started (`PORT=3900 npm start`).
 *
 * The server writes `{url, pid}` once it listens and removes the file when it stops cleanly. A
 * server that was killed leaves the file behind; readers ignore a record whose process is gone.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file name inside the data directory. */
export const SERVER_RECORD_FILE = 'server.json';

/** What the running server records. */
export interface ServerRecord {
  /** Base URL the server answers on, e.g. `http://localhost:3900`. */
  readonly url: string;
  /** Process id of the server. */
  readonly pid: number;
}

/** Path of the record in a data directory. */
export function serverRecordPath(dataDir: string): string {
  return join(dataDir, SERVER_RECORD_FILE);
}

/** Writes the record (atomically: a reader never sees half a file). */
export function writeServerRecord(dataDir: string, record: ServerRecord): void {
  mkdirSync(dataDir, { recursive: true });
  const path = serverRecordPath(dataDir);
  const temp = `${path}.${record.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ url: record.url, pid: record.pid })}\n`, { mode: 0o644 });
  renameSync(temp, path);
}

/** Removes the record if it is still this server's (same url and pid), so a later server's record stays. */
export function removeServerRecord(dataDir: string, record: ServerRecord): void {
  const current = readRecordFile(dataDir);
  if (current && current.url === record.url && current.pid === record.pid) rmSync(serverRecordPath(dataDir), { force: true });
}

/** Whether a process with this id exists (one we may not signal still exists). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The record of a live server in `dataDir`, or `undefined` (no file, unreadable, or its process is gone). */
export function readServerRecord(dataDir: string, isAlive: (pid: number) => boolean = processAlive): ServerRecord | undefined {
  const record = readRecordFile(dataDir);
  return record && isAlive(record.pid) ? record : undefined;
}

function readRecordFile(dataDir: string): ServerRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(serverRecordPath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  const { url, pid } = (parsed ?? {}) as { url?: unknown; pid?: unknown };
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+$/.test(url.replace(/\/+$/, ''))) return undefined;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return { url: url.replace(/\/+$/, ''), pid };
}
