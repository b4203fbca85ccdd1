/**
 * A stand-in for AWS KMS on a loopback port, for the issuer bundle test only (a child process
 * cannot use aws-sdk-client-mock; KMS is the one service we mock). It speaks the real wire
 * protocol the bundled SDK uses (awsJson1_1, `X-Amz-Target: TrentService.*`) and signs with a
 * REAL P-256 key, returning DER signatures as KMS does; it never inspects SigV4 signatures.
 */
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
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
  /** The stack key (created at start). */
  readonly keyArn: string;
  /** The scheme root key (created at start; the admin function signs trust lists with it). */
  readonly rootKeyArn: string;
  readonly publicKey: KeyObject;
  /** Every key, including those made by CreateKey, with the tags they were created with. */
  readonly keys: ReadonlyMap<string, { readonly publicKey: KeyObject; readonly tags: unknown }>;
  readonly calls: KmsCall[];
  close(): Promise<void>;
}

/** Starts the fake with two fresh P-256 keys (the stack key and the scheme root); CreateKey adds more. */
export async function startFakeKms(): Promise<FakeKms> {
  const keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject; tags: unknown }>();
  const newKey = (tags: unknown = []) => {
    const arn = `arn:aws:kms:eu-west-1:123456789012:key/${randomUUID()}`;
    keys.set(arn, { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }), tags });
    return arn;
  };
  const keyArn = newKey();
  const rootKeyArn = newKey();
  const calls: KmsCall[] = [];
  const reply = (status: number, body: unknown) => ({ status, body: JSON.stringify(body) });
  const handle = (operation: string, input: Record<string, unknown>, authorization: string) => {
    calls.push({ operation, input, authorization });
    if (operation === 'CreateKey') {
      if (input.KeySpec !== 'ECC_NIST_P256' || input.KeyUsage !== 'SIGN_VERIFY')
        return reply(400, { __type: 'ValidationException', message: 'only P-256 signing keys here' });
      const arn = newKey(input.Tags);
      return reply(200, { KeyMetadata: { KeyId: arn.split('/')[1], Arn: arn, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Enabled: true } });
    }
    const key = keys.get(String(input.KeyId));
    if (!key) return reply(400, { __type: 'NotFoundException', message: `Key '${String(input.KeyId)}' does not exist` });
    const { privateKey, publicKey } = key;
    if (operation === 'GetPublicKey') {
      return reply(200, {
        KeyId: String(input.KeyId),
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
      return reply(200, { KeyId: String(input.KeyId), SigningAlgorithm: 'ECDSA_SHA_256', Signature: signature.toString('base64') });
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
    rootKeyArn,
    publicKey: keys.get(keyArn)!.publicKey,
    keys,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
