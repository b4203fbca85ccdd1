// Preloaded with `node --import` into CLI child processes that must work without a network:
// every way out (fetch, http/https, raw sockets) throws, and each attempt is appended to the file
// named by NETWORK_ATTEMPTS_FILE so the test can assert that none was made.
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const log = process.env.NETWORK_ATTEMPTS_FILE;
const forbid = (what) =>
  function forbidden() {
    if (log) appendFileSync(log, `${what}\n`);
    throw new Error(`network access is forbidden here (${what})`);
  };

globalThis.fetch = forbid('fetch');
// Unix domain sockets are local IPC, not network (tsx's loader opens one); TCP is refused.
const isIpc = (target) => typeof target === 'string' || (typeof target === 'object' && target !== null && typeof target.path === 'string');
for (const name of ['connect', 'createConnection']) {
  const original = net[name];
  const refuse = forbid(`net.${name}`);
  net[name] = function guarded(...args) {
    return isIpc(args[0]) ? original.apply(this, args) : refuse();
  };
}
tls.connect = forbid('tls.connect');
http.request = forbid('http.request');
http.get = forbid('http.get');
https.request = forbid('https.request');
https.get = forbid('https.get');
syncBuiltinESMExports();
