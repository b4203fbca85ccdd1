// Root `postinstall`: installs Node 24 (the Lambda runtime's major version) for the bundle tests,
// unless a working Node 24 is already here. npm also runs this postinstall when `npx carbon-label`
// links the project, so it must never reinstall (and so briefly delete) a binary that tests or a
// benchmark may be running at that moment.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const bin = join(dir, 'node_modules', 'node', 'bin', 'node');
const version = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout : '';
if (!version?.startsWith('v24.')) {
  execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', shell: process.platform === 'win32' });
}
