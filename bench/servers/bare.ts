/**
 * Child process: the physical limit of this design. A bare `node:http` server that reads the body,
 * parses it as JSON, and runs one raw `node:crypto` ES256 verify per token: no header checks, no
 * claims, no storage, no routing beyond the method. `POST /verify` takes `{token}` or `{tokens}`
 * like ours; `POST /labels` signs the request body's JSON once (the issuance baseline).
 * Keys come from BENCH_PUBLIC_JWK and BENCH_PRIVATE_JWK. Prints `{url}` when ready.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { profileOnSignal } from './profile-on-signal.ts';

profileOnSignal('bare');

const publicKey = createPublicKey({ key: JSON.parse(process.env.BENCH_PUBLIC_JWK ?? '{}'), format: 'jwk' });
const privateKey = createPrivateKey({ key: JSON.parse(process.env.BENCH_PRIVATE_JWK ?? '{}'), format: 'jwk' });

function rawVerify(token: string): boolean {
  const lastDot = token.lastIndexOf('.');
  return verify(
    'sha256',
    Buffer.from(token.slice(0, lastDot), 'ascii'),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(token.slice(lastDot + 1), 'base64url'),
  );
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: string;
    try {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { token?: string; tokens?: string[] };
      if (req.url === '/labels') {
        const signature = sign('sha256', Buffer.from(JSON.stringify(parsed)), { key: privateKey, dsaEncoding: 'ieee-p1363' });
        body = JSON.stringify({ signature: signature.toString('base64url') });
      } else if (parsed.tokens) {
        body = JSON.stringify({ results: parsed.tokens.map((t) => ({ valid: rawVerify(t) })) });
      } else {
        body = JSON.stringify({ valid: rawVerify(parsed.token ?? '') });
      }
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
// Same keep-alive settings as the local server, so connection handling is alike.
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
