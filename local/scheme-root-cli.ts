/**
 * `npm run scheme-root -- announce | switch | status`: the operator's root rotation for the
 * embedded default (docs/trust-framework.md#root-rotation). Runs with the server stopped: it takes
 * the data directory's lock (`server.lock`) for the time it works, so it refuses while a server
 * holds it, and a start cannot race it.
 *
 * - `announce` makes the next root (`scheme-root-key.next.json`, 0600); from the next start every
 *   published list, still signed by the current root, names it as `nextRoot`.
 * - `switch` keeps the current root aside (`scheme-root-key.retired-<kid>.json`) and makes the
 *   next root current; from the next start lists are signed by it.
 * - `status` prints the pin and, while announced, the next pin.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { resolve } from 'node:path';
import { ConfigurationError } from '../shared/errors/errors.ts';
import { loadLocalConfig } from './config/local-config.ts';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.ts';
import { announceNextSchemeRoot, schemeRootStatus, switchToNextSchemeRoot } from './keys/scheme-root-key.ts';

const USAGE = 'usage: npm run scheme-root -- announce | switch | status   (with the server stopped; DATA_DIR as for npm start)';

/** Runs one command against `DATA_DIR`; returns the exit code (0 done, 1 refused, 2 usage). */
function runSchemeRootCommand(
  args: readonly string[],
  env: Record<string, string | undefined>,
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const [command, ...rest] = args;
  if (!command || rest.length > 0 || !['announce', 'switch', 'status'].includes(command)) {
    err(USAGE);
    return 2;
  }
  let lock;
  try {
    const config = loadLocalConfig(env);
    const dataDir = resolve(config.DATA_DIR);
    lock = lockDataDir(dataDir);
    if (command === 'announce') {
      const { pin, nextPin, file } = announceNextSchemeRoot(dataDir);
      out(`Scheme root pin: ${pin}  (still signs every list)`);
      out(`Next root pin:   ${nextPin}  (generated now, kept in ${file}; back it up)`);
      out('Start the server: every list it publishes names the next root. Give verifiers the next pin out of band too,');
      out('and switch (npm run scheme-root -- switch) only after the longest time any verifier goes between pulls.');
    } else if (command === 'switch') {
      const { pin, retiredPin, retiredFile } = switchToNextSchemeRoot(dataDir);
      out(`Scheme root pin: ${pin}  (signs every list from the next start)`);
      out(`Retired root:    ${retiredPin}  (kept aside in ${retiredFile}; never used again)`);
    } else {
      const { pin, nextPin } = schemeRootStatus(dataDir);
      out(`Scheme root pin: ${pin ?? '(none yet: made at the first npm start)'}`);
      out(nextPin ? `Next root pin:   ${nextPin}  (announced: every list names it)` : 'Next root:       none announced');
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof DataDirInUseError) {
      err(error.message);
      return 1;
    }
    throw error;
  } finally {
    lock?.release();
  }
}

process.exitCode = runSchemeRootCommand(
  process.argv.slice(2),
  process.env,
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
);
