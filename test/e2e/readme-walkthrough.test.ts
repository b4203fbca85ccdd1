/**
 * The README's five-minute walkthrough, run as written with bash and curl against a started
 * service. Only the port in the curl lines is swapped for the test server's; the CLI finds the
 * server itself, through the `server.json` the server keeps in its data directory.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/local-service.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The bash block between the walkthrough markers. */
export function walkthroughScript(readme: string): string {
  const section = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!section) throw new Error('README has no walkthrough block between the markers');
  return section[1]!;
}

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.destroy();
  rmSync(join(ROOT, 'label.json'), { force: true });
});

describe('README walkthrough', () => {
  it('runs verbatim: issuer → issue → valid → revoke → revoked', async () => {
    const script = walkthroughScript(README).replaceAll('http://localhost:3000', svc.url);
    expect(script).toContain('npx carbon-label issuer create');
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      // The CLI finds the admin token in $DATA_DIR/admin-token and the service's URL in
      // $DATA_DIR/server.json, as it would in ./.data.
      env: { ...process.env, DATA_DIR: svc.dataDir, ADMIN_TOKEN: '', CARBON_LABEL_URL: '' },
      timeout: 60_000,
    });
    expect(existsSync(join(ROOT, 'label.json'))).toBe(true);
    const lines = stdout.trim().split('\n');
    const jsonLines = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { status: string; reason?: string });
    expect(jsonLines.map((j) => j.status)).toEqual(['valid', 'revoked', 'revoked']);
    expect(jsonLines[2]?.reason).toContain('Footprint recalculated');
    expect(lines[0]).toMatch(/^label [0-9a-z]{16}, verify page: http:\/\/localhost:\d+\/v\/eyJ/);
  });
});

/** A free TCP port other than 3000 (the default the walkthrough is written for). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, () => {
        const { port: p } = probe.address() as { port: number };
        probe.close(() => resolve(p));
      });
    });
    if (port !== 3000) return port;
  }
}

describe('README walkthrough on another port (PORT=… npm start)', () => {
  it('runs with only the port in the curl lines changed; the banner names that port; server.json goes at a clean exit', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-port-'));
    const env = { ...process.env, LOG_LEVEL: 'warn', ADMIN_TOKEN: '', CARBON_LABEL_URL: '' };
    const server = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], { cwd: ROOT, env: { ...env, PORT: String(port), DATA_DIR: dataDir } });
    let banner = '';
    server.stdout.on('data', (d: Buffer) => (banner += d.toString()));
    server.stderr.on('data', (d: Buffer) => (banner += d.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 600 && !banner.includes('API description'); i++) await new Promise((r) => setTimeout(r, 50));
      const url = `http://localhost:${port}`;
      expect(banner).toContain(`listening on ${url}`);
      expect(banner).toContain(`curl -X POST ${url}/labels`);
      expect(banner).toContain(`DATA_DIR=${dataDir} npx carbon-label issuer create`);
      expect(JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'))).toEqual({ url, pid: server.pid });

      const script = walkthroughScript(README).replaceAll('http://localhost:3000/', `http://localhost:${port}/`);
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, env: { ...env, DATA_DIR: dataDir }, timeout: 60_000 });
      const statuses = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => (JSON.parse(l) as { status: string }).status);
      expect(statuses).toEqual(['valid', 'revoked', 'revoked']);
    } finally {
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
