/**
 * Child process: the limits the HTTP sections measure ours against. A bare `node:http` server:
 * no header checks beyond what each answer needs, no claims schema, no storage, no routing beyond
 * an exact path match.
 *
 * - `POST /verify` takes `{token}` or `{tokens}` like ours and answers `{"valid":…}` per token
 *   after one raw `node:crypto` ES256 verify: the least work of any verifier, kept as context.
 * - `POST /verdict` does the least work that gives ours' answer: parse the body, one raw ES256
 *   verify of the token's signing input, decode the payload for the label id, look the label up in
 *   an in-memory `Map`, and answer its verdict with a fresh `checkedAt`, under the same response
 *   headers as ours. The map is loaded through `POST /setup` with verdicts captured from ours.
 * - `POST /labels` signs the request body's JSON once (the issuance context row).
 *
 * Keys come from BENCH_PUBLIC_JWK and BENCH_PRIVATE_JWK. Prints `{url}` when ready.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { profileOnSignal } from './profile-on-signal.ts';

profileOnSignal('bare');

const publicKey = createPublicKey({ key: JSON.parse(process.env.BENCH_PUBLIC_JWK ?? '{}'), format: 'jwk' });
const privateKey = createPrivateKey({ key: JSON.parse(process.env.BENCH_PRIVATE_JWK ?? '{}'), format: 'jwk' });

/** What `POST /setup` loads: verdicts by label id (their `checkedAt` is replaced per answer) and the headers to answer with. */
export interface BareSetup {
  readonly verdicts: Record<string, Record<string, unknown>>;
  readonly headers: Record<string, string>;
}

let verdicts = new Map<string, Record<string, unknown>>();
let verdictHeaders: OutgoingHttpHeaders = { 'content-type': 'application/json' };

function rawVerify(token: string): boolean {
  const lastDot = token.lastIndexOf('.');
  return verify(
    'sha256',
    Buffer.from(token.slice(0, lastDot), 'ascii'),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(token.slice(lastDot + 1), 'base64url'),
  );
}

/** The verdict ours gives a genuine token of a known label; anything else gets a short refusal. */
function verdictFor(token: string): string {
  if (!rawVerify(token)) return '{"status":"bad_signature","valid":false}';
  const payload = token.slice(token.indexOf('.') + 1, token.lastIndexOf('.'));
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string };
  const known = sub === undefined ? undefined : verdicts.get(sub);
  if (!known) return '{"status":"unknown_label","valid":false}';
  return JSON.stringify({ ...known, checkedAt: new Date().toISOString() });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let body: string;
    try {
      const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { token?: string; tokens?: string[] };
      if (req.url === '/verdict') {
        const verdict = verdictFor(parsed.token ?? '');
        res.writeHead(200, { ...verdictHeaders, 'content-length': Buffer.byteLength(verdict) });
        res.end(verdict);
        return;
      }
      if (req.url === '/labels') {
        const signature = sign('sha256', Buffer.from(JSON.stringify(parsed)), { key: privateKey, dsaEncoding: 'ieee-p1363' });
        body = JSON.stringify({ signature: signature.toString('base64url') });
      } else if (req.url === '/setup') {
        const setup = parsed as unknown as BareSetup;
        verdicts = new Map(Object.entries(setup.verdicts));
        verdictHeaders = setup.headers;
        body = JSON.stringify({ labels: verdicts.size });
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
