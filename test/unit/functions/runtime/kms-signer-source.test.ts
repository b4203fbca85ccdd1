/**
 * The issuer function's signer source, against dynalite over HTTP (the real store) and a mocked
 * KMS client (aws-sdk-client-mock; KMS is the one thing we mock) backed by real P-256 keys.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { GetPublicKeyCommand, KMSClient, SignCommand, type GetPublicKeyCommandInput, type SignCommandInput } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KmsSignerSource } from '../../../../functions/runtime/kms-signer-source.ts';
import { KmsSigner } from '../../../../shared/adapters/kms/kms-signer.ts';
import { ServiceUnavailableError } from '../../../../shared/errors/errors.ts';
import { createLogger } from '../../../../shared/logging/logger.ts';
import { startTestStore } from '../../../support/dynamodb.ts';

const STACK_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/stack';
const ROTATED_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/rotated';

const kms = mockClient(KMSClient);
let keys: Map<string, { privateKey: KeyObject; publicKey: KeyObject }>;
let testStore: Awaited<ReturnType<typeof startTestStore>>;
let clock: number;

beforeEach(async () => {
  keys = new Map([STACK_KEY, ROTATED_KEY].map((arn) => [arn, generateKeyPairSync('ec', { namedCurve: 'P-256' })]));
  kms.reset();
  kms.on(GetPublicKeyCommand).callsFake((input: GetPublicKeyCommandInput) => ({
    KeyId: input.KeyId,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: new Uint8Array(keys.get(input.KeyId!)!.publicKey.export({ format: 'der', type: 'spki' })),
  }));
  // DER signatures by the real key, as KMS returns them.
  kms
    .on(SignCommand)
    .callsFake((input: SignCommandInput) => ({ Signature: new Uint8Array(sign('sha256', input.Message!, keys.get(input.KeyId!)!.privateKey)) }));
  testStore = await startTestStore();
  clock = Date.parse('2026-11-29T00:00:00Z');
});

afterEach(async () => {
  kms.reset();
  await testStore.close();
});

const source = (cacheMs = 30_000) =>
  new KmsSignerSource({
    store: testStore.store,
    kms: new KMSClient({ region: 'eu-west-1' }),
    defaultKeyArn: STACK_KEY,
    now: () => new Date(clock),
    logger: createLogger('silent'),
    cacheMs,
  });

describe('KmsSignerSource', () => {
  it('registers the stack key as active on the first call, once, and then signs with it', async () => {
    const signer = await source().current();
    expect(signer.kid).toBe((await KmsSigner.open(new KMSClient({ region: 'eu-west-1' }), STACK_KEY)).kid);
    const records = await testStore.store.listSigningKeys();
    expect(records).toEqual([expect.objectContaining({ kid: signer.kid, status: 'active', provider: { type: 'kms', keyArn: STACK_KEY } })]);
    // A second cold start (a new source) finds the record and writes nothing new.
    expect((await source().current()).kid).toBe(signer.kid);
    expect(await testStore.store.listSigningKeys()).toHaveLength(1);
  });

  it('two concurrent cold starts record the key once and both sign with it', async () => {
    const [a, b] = await Promise.all([source().current(), source().current()]);
    expect(a.kid).toBe(b.kid);
    expect(await testStore.store.listSigningKeys()).toHaveLength(1);
  });

  it('follows a rotation to another KMS key once its cache interval has passed', async () => {
    const s = source(30_000);
    const first = await s.current();
    const rotated = await KmsSigner.open(new KMSClient({ region: 'eu-west-1' }), ROTATED_KEY);
    clock += 1000;
    await testStore.store.putSigningKey({
      kid: rotated.kid,
      alg: 'ES256',
      publicJwk: rotated.publicJwk,
      status: 'active',
      createdAt: new Date(clock).toISOString(),
      provider: { type: 'kms', keyArn: ROTATED_KEY },
    });
    await testStore.store.setSigningKeyStatus(first.kid, 'retired', new Date(clock).toISOString());
    expect((await s.current()).kid).toBe(first.kid); // within the interval: cached
    clock += 30_000;
    expect((await s.current()).kid).toBe(rotated.kid);
  });

  it('refuses to sign when the only active key is a local key, and never revives a compromised stack key', async () => {
    await testStore.store.putSigningKey({
      kid: 'local-kid',
      alg: 'ES256',
      publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' },
      status: 'active',
      createdAt: new Date(clock).toISOString(),
      provider: { type: 'local' },
    });
    await expect(source().current()).rejects.toBeInstanceOf(ServiceUnavailableError);

    await testStore.store.setSigningKeyStatus('local-kid', 'retired', new Date(clock).toISOString());
    const stack = await KmsSigner.open(new KMSClient({ region: 'eu-west-1' }), STACK_KEY);
    await testStore.store.putSigningKey({
      kid: stack.kid,
      alg: 'ES256',
      publicJwk: stack.publicJwk,
      status: 'compromised',
      createdAt: new Date(clock).toISOString(),
      provider: { type: 'kms', keyArn: STACK_KEY },
    });
    // Records exist, so the bootstrap writes nothing: a compromised stack key is never revived.
    await expect(source().current()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect((await testStore.store.getSigningKey(stack.kid))?.status).toBe('compromised');
    expect(kms.commandCalls(SignCommand)).toHaveLength(0);
  });
});
