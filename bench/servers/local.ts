/**
 * Child process for the HTTP sections: the real embedded default (`startLocalService`: dynalite,
 * local key, local HTTP server) on a loopback port with a temporary DATA_DIR. Prints one JSON line
 * `{url, adminToken, kid}` when ready; SIGTERM closes it cleanly (so `--cpu-prof` gets written).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalService } from '../../local/local-service.ts';
import { profileOnSignal } from './profile-on-signal.ts';

profileOnSignal('local');

const dataDir = mkdtempSync(join(tmpdir(), 'carbon-label-bench-'));
const service = await startLocalService({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
process.stdout.write(
  `${JSON.stringify({ url: service.url.replace('localhost', '127.0.0.1'), adminToken: service.adminToken.token, kid: service.signingKey.kid })}\n`,
);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void service.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
