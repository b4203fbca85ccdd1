/**
 * A tiny TCP proxy between the service and dynalite that injects storage faults: pass traffic,
 * black-hole it (accept, never answer: a hung store), refuse it, or fail one kind of DynamoDB
 * call (by `X-Amz-Target` and a marker in its body) either before it reaches storage or after
 * storage applied it (the response is lost).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the proxy does with traffic. */
export type FaultMode =
  | { readonly kind: 'pass' }
  | { readonly kind: 'blackhole' }
  | { readonly kind: 'refuse' }
  /** Requests of `target` (e.g. `PutItem`) whose body contains `marker` are cut off: `before` storage sees them, or `after` it answered. */
  | { readonly kind: 'cut'; readonly target: string; readonly marker: string; readonly when: 'before' | 'after'; times: number };

/** A running proxy. */
export interface FaultProxy {
  readonly endpoint: string;
  mode: FaultMode;
  /** How many requests the current `cut` mode has cut so far (setting a `cut` mode resets it). */
  readonly cuts: number;
  close(): Promise<void>;
}

/** Starts a proxy in front of `upstream` (`http://host:port`). */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();
  let cuts = 0;
  let mode: FaultMode = { kind: 'pass' };
  const proxy: FaultProxy = {
    endpoint: '',
    get mode() {
      return mode;
    },
    set mode(next: FaultMode) {
      mode = next;
      if (next.kind === 'cut') cuts = 0;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (mode.kind === 'refuse') return void client.destroy();
    if (mode.kind === 'blackhole') return void client.resume(); // read and never answer
    const up = connect(Number(target.port), target.hostname);
    sockets.add(up);
    up.on('close', () => {
      sockets.delete(up);
      client.destroy();
    });
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    let seen = '';
    let pendingCut = false;
    client.on('data', (chunk: Buffer) => {
      const m = mode;
      if (m.kind === 'blackhole') return;
      if (m.kind === 'refuse') return void client.destroy();
      if (m.kind === 'cut' && cuts < m.times) {
        seen = (seen + chunk.toString('latin1')).slice(-64 * 1024);
        const targets = [...seen.matchAll(/x-amz-target:\s*DynamoDB_20120810\.(\w+)/gi)];
        const last = targets.at(-1)?.[1];
        if (last === m.target && seen.slice(targets.at(-1)!.index).includes(m.marker)) {
          cuts++;
          seen = '';
          if (m.when === 'before') return void client.destroy();
          pendingCut = true; // forward it, but drop the answer
        }
      }
      up.write(chunk);
    });
    up.on('data', (chunk: Buffer) => {
      if (pendingCut) {
        pendingCut = false;
        client.destroy();
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  (proxy as { endpoint: string }).endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
