/**
 * The admin function's scheme roots over KMS during a root rotation (announce phase): the lists it
 * publishes are signed by the root key and name the next root, whose key is only ever asked for
 * its public half (GetPublicKey), never to sign. KMS is a mocked client backed by real P-256 keys.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand, type GetPublicKeyCommandInput, type SignCommandInput } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmsSchemeRoot } from '../../../../functions/runtime/kms-scheme-root.ts';
import { jwkThumbprint } from '../../../../shared/jws/jwk-thumbprint.ts';
import { acceptTrustList } from '../../../../shared/trust-list/pinned-trust-list.ts';
import { publishTrustList } from '../../../../shared/trust-list/publish-trust-list.ts';
import { startTestStore } from '../../../support/dynamodb.ts';

const ROOT = 'arn:aws:kms:eu-west-1:123456789012:key/root';
const NEXT = 'arn:aws:kms:eu-west-1:123456789012:key/next';
const kms = mockClient(KMSClient);
const keys = new Map<string, { privateKey: KeyObject; publicKey: KeyObject }>(
  [ROOT, NEXT].map((arn) => [arn, generateKeyPairSync('ec', { namedCurve: 'P-256' })]),
);
const pinOf = (arn: string) => {
  const jwk = keys.get(arn)!.publicKey.export({ format: 'jwk' });
  return jwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! });
};
let env: Awaited<ReturnType<typeof startTestStore>>;

beforeAll(async () => {
  kms.on(GetPublicKeyCommand).callsFake((input: GetPublicKeyCommandInput) => ({
    KeyId: input.KeyId,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: new Uint8Array(keys.get(input.KeyId!)!.publicKey.export({ format: 'der', type: 'spki' })),
  }));
  kms
    .on(SignCommand)
    .callsFake((input: SignCommandInput) => ({ Signature: new Uint8Array(sign('sha256', input.Message!, keys.get(input.KeyId!)!.privateKey)) }));
  env = await startTestStore();
});
afterAll(async () => {
  kms.restore();
  await env?.close();
});

describe('kmsSchemeRoot during a root rotation', () => {
  it('announce: signed with the root key, naming the next one, which KMS is never asked to sign with', async () => {
    const client = new KMSClient({ region: 'eu-west-1' });
    const stored = await publishTrustList({
      store: env.store,
      trustList: {
        scheme: { id: 'test.scheme', name: 'Test' },
        root: kmsSchemeRoot(client, ROOT),
        nextRoot: kmsSchemeRoot(client, NEXT),
        validitySeconds: 3600,
      },
      now: () => new Date('2026-12-01T00:00:00Z'),
    });
    const list = acceptTrustList(stored.jws, { pin: pinOf(ROOT) });
    expect(list.root.kid).toBe(pinOf(ROOT));
    expect(list.nextRoot?.kid).toBe(pinOf(NEXT));
    const signs = kms.commandCalls(SignCommand).map((c) => c.args[0].input.KeyId);
    expect(signs).toEqual([ROOT]);
    expect(kms.commandCalls(GetPublicKeyCommand).map((c) => c.args[0].input.KeyId)).toEqual(expect.arrayContaining([ROOT, NEXT]));
  });
});
