/**
 * The README's five-minute walkthrough, run as written with bash and curl against a started
 * service. Only the base URL is swapped for the test server's port.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
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
      // The CLI finds the admin token in $DATA_DIR/admin-token (as it would in ./.data) and the
      // service at CARBON_LABEL_URL (default http://localhost:3000).
      env: { ...process.env, DATA_DIR: svc.dataDir, ADMIN_TOKEN: '', CARBON_LABEL_URL: svc.url },
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
