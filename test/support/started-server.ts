/**
 * `npm start` as a real child process (local/main.ts) in a temporary data directory: for tests that
 * run the CLI against a server in its own process, the way a user does.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accreditedIssuerBody } from './accreditation.ts';

const ROOT = join(import.meta.dirname, '..', '..');

export interface StartedServer {
  readonly url: string;
  readonly dataDir: string;
  readonly adminToken: string;
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed. */
  output(): string;
  /** Registers an issuer accredited for every product (`BROAD_ACCREDITATION`); returns its id and API key. */
  createIssuer(name?: string): Promise<{ id: string; apiKey: string }>;
  /** SIGTERM, wait for the exit, delete the data directory. */
  destroy(): Promise<void>;
}

/** Starts the server on a free port (`PORT=0`) and waits for its banner. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<StartedServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-proc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_TOKEN: '', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 1200 && !out.includes('API description'); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /listening on (http:\/\/localhost:\d+)/.exec(out)?.[1];
  const adminToken = /\n {4}(adm_[A-Za-z0-9_-]+)\n/.exec(out)?.[1];
  if (!url || !adminToken) {
    child.kill('SIGKILL');
    throw new Error(`server did not start:\n${out}`);
  }
  return {
    url,
    dataDir,
    adminToken,
    child,
    output: () => out,
    async createIssuer(name = 'Batch Steel') {
      const res = await fetch(`${url}/admin/issuers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(accreditedIssuerBody(name)),
      });
      if (res.status !== 201) throw new Error(`createIssuer: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; apiKey: string };
    },
    async destroy() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
