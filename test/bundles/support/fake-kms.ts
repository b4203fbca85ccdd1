/**
 * A stand-in for AWS KMS on a loopback port, for the issuer bundle test only (a child process
 * cannot use aws-sdk-client-mock; KMS is the one service we mock). It speaks the real wire
 * protocol the bundled SDK uses (awsJson1_1, `X-Amz-Target: TrentService.*`) and signs with a
 * REAL P-256 key, returning DER signatures as KMS does; it never inspects SigV4 signatures.
 */
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** A request the fake received. */
export interface KmsCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The SigV4 `Authorization` header (not verified; shows which credentials signed the call). */
  readonly authorization: string;
}

/** A running fake KMS with one ECC_NIST_P256 key. */
export interface FakeKms {
  readonly endpoint: string;
  readonly keyArn: string;
  readonly publicKey: KeyObject;
  readonly calls: KmsCall[];
  close(): Promise<void>;
}

/** Starts the fake with a fresh P-256 key. */
export async function startFakeKms(): Promise<FakeKms> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
  const calls: KmsCall[] = [];
  const reply = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
  const handle = (operation: string, input: Record<string, unknown>, authorization: string) => {
    calls.push({ operation, input, authorization });
    const known = input.KeyId === keyArn || input.KeyId === 'alias/carbonlabel-label-signing';
    if (!known) return reply(400, { __type: 'NotFoundException', message: `Key '${String(input.KeyId)}' does not exist` });
    if (operation === 'GetPublicKey') {
      return reply(200, {
        KeyId: keyArn,
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
        PublicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      });
    }
    if (operation === 'Sign') {
      if (input.SigningAlgorithm !== 'ECDSA_SHA_256' || input.MessageType !== 'RAW') {
        return reply(400, { __type: 'ValidationException', message: 'this fake signs RAW ECDSA_SHA_256 only' });
      }
      const signature = sign('sha256', Buffer.from(String(input.Message), 'base64'), privateKey); // DER, as KMS returns
      return reply(200, { KeyId: keyArn, SigningAlgorithm: 'ECDSA_SHA_256', Signature: signature.toString('base64') });
    }
    return reply(400, { __type: 'UnsupportedOperationException', message: operation });
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace(/^TrentService\./, '');
      const { status, body } = handle(operation, JSON.parse(raw || '{}') as Record<string, unknown>, String(req.headers.authorization ?? ''));
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'fake' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    keyArn,
    publicKey,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
