/** Runs `bin/carbon-label.mjs` as a real child process, optionally with networking forbidden. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'carbon-label.mjs');
const FORBID_NETWORK = join(import.meta.dirname, 'forbid-network.mjs');

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Network attempts recorded by the forbid-network preload (empty when allowed or none made). */
  readonly networkAttempts: string[];
}

/** Runs the CLI with `args` in `cwd`; `offline` preloads the guard that makes every network call throw. */
export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    offline?: boolean /** argv prefix, e.g. a network namespace's `ip netns exec NAME` */;
    wrap?: readonly string[];
  } = {},
): Promise<CliRun> {
  const attemptsFile = join(mkdtempSync(join(tmpdir(), 'cli-net-')), 'attempts.txt');
  const nodeArgs = [...(options.offline ? ['--import', FORBID_NETWORK] : []), BIN, ...args];
  const [command, ...commandArgs] = [...(options.wrap ?? []), process.execPath, ...nodeArgs];
  return new Promise((resolve) => {
    execFile(
      command!,
      commandArgs,
      {
        cwd: options.cwd ?? ROOT,
        env: { ...process.env, NETWORK_ATTEMPTS_FILE: attemptsFile, ...options.env },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const networkAttempts = existsSync(attemptsFile) ? readFileSync(attemptsFile, 'utf8').split('\n').filter(Boolean) : [];
        resolve({ code, stdout, stderr, networkAttempts });
      },
    );
  });
}

/**
 * `['--pin', thumbprint]` for a service that publishes a scheme root (the pin read from its root
 * document, as an operator would hand it out), else `[]` (an older service: a legacy bundle).
 */
export async function pinArgs(baseUrl: string): Promise<string[]> {
  const res = await fetch(`${baseUrl}/.well-known/carbon-label-root.json`).catch(() => undefined);
  if (!res?.ok) return [];
  const { thumbprint } = (await res.json()) as { thumbprint?: unknown };
  return typeof thumbprint === 'string' ? ['--pin', thumbprint] : [];
}
