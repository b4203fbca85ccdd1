/**
 * A network namespace with nothing in it but a loopback that is down: a process started inside
 * has no route to any address, not even 127.0.0.1. Stronger than the forbid-network preload,
 * which only catches Node's own APIs. Needs root and `ip` (iproute2); CI runs as root and
 * installs it.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

/** A namespace to run commands in; `remove()` deletes it. */
export interface NetworkNamespace {
  readonly name: string;
  /** The argv prefix that runs a command inside it. */
  readonly exec: readonly string[];
  remove(): void;
}

/** Creates an empty network namespace. Fails (it never skips) when the machine cannot. */
export function createNetworkNamespace(): NetworkNamespace {
  const name = `carbon-label-${randomBytes(4).toString('hex')}`;
  execFileSync('ip', ['netns', 'add', name]);
  return {
    name,
    exec: ['ip', 'netns', 'exec', name],
    remove: () => execFileSync('ip', ['netns', 'delete', name]),
  };
}
