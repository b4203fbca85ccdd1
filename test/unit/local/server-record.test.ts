/** `DATA_DIR/server.json`: written by the server, read by the CLI, ignored once its process is gone. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { processAlive, readServerRecord, removeServerRecord, serverRecordPath, writeServerRecord } from '../../../local/server-record.ts';
import { serviceUrl } from '../../../cli/http-client.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'server-record-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('server record', () => {
  it('round-trips the url and pid of a live process', () => {
    const dir = tempDir();
    writeServerRecord(dir, { url: 'http://localhost:3900', pid: process.pid });
    expect(readServerRecord(dir)).toEqual({ url: 'http://localhost:3900', pid: process.pid });
  });

  it('ignores a record whose process is gone, a missing file and a malformed one', () => {
    const dir = tempDir();
    expect(readServerRecord(dir)).toBeUndefined();
    const pid = deadPid();
    expect(processAlive(pid)).toBe(false);
    writeServerRecord(dir, { url: 'http://localhost:3900', pid });
    expect(readServerRecord(dir)).toBeUndefined();
    for (const text of [
      'not json',
      '{"url":"http://localhost:1"}',
      `{"url":"javascript:alert(1)","pid":${process.pid}}`,
      `{"url":"http://a b","pid":${process.pid}}`,
    ]) {
      writeFileSync(serverRecordPath(dir), text);
      expect(readServerRecord(dir)).toBeUndefined();
    }
  });

  it('is removed only by the server that wrote it', () => {
    const dir = tempDir();
    writeServerRecord(dir, { url: 'http://localhost:3901', pid: process.pid });
    removeServerRecord(dir, { url: 'http://localhost:3900', pid: process.pid });
    expect(existsSync(serverRecordPath(dir))).toBe(true);
    removeServerRecord(dir, { url: 'http://localhost:3901', pid: process.pid });
    expect(existsSync(serverRecordPath(dir))).toBe(false);
  });
});

describe('the CLI service URL', () => {
  const saved = { DATA_DIR: process.env.DATA_DIR, CARBON_LABEL_URL: process.env.CARBON_LABEL_URL };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('is --url, then $CARBON_LABEL_URL, then the live server of $DATA_DIR, then port 3000', () => {
    const dir = tempDir();
    process.env.DATA_DIR = dir;
    delete process.env.CARBON_LABEL_URL;
    expect(serviceUrl(undefined)).toBe('http://localhost:3000');
    writeServerRecord(dir, { url: 'http://localhost:3900', pid: process.pid });
    expect(serviceUrl(undefined)).toBe('http://localhost:3900');
    process.env.CARBON_LABEL_URL = 'http://env.example:8080/';
    expect(serviceUrl(undefined)).toBe('http://env.example:8080');
    expect(serviceUrl('https://flag.example')).toBe('https://flag.example');
    delete process.env.CARBON_LABEL_URL;
    writeServerRecord(dir, { url: 'http://localhost:3900', pid: deadPid() });
    expect(serviceUrl(undefined)).toBe('http://localhost:3000');
  });
});
