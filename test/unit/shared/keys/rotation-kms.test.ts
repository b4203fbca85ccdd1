/**
 * The same rotation and compromise logic with the KMS provisioner (issue #5's adapter, unchanged):
 * each rotation creates a new KMS key. KMS is the one thing faked here: a stand-in client that keeps
 * REAL P-256 keys per ARN and answers CreateKey, GetPublicKey and Sign (RAW) as KMS does, with DER
 * signatures. Storage is dynalite over HTTP.
 */
import { createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { CreateKeyCommand, GetPublicKeyCommand, SignCommand } from '@aws-sdk/client-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { KmsKeyProvisioner } from '../../../../shared/adapters/kms/kms-key-provisioner.ts';
import type { KmsSignClient } from '../../../../shared/adapters/kms/kms-signer.ts';
import { ActiveSigner } from '../../../../shared/keys/active-signer.ts';
import { Keyring } from '../../../../shared/keys/keyring.ts';
import { markSigningKeyCompromised, rotateSigningKey } from '../../../../shared/keys/rotate-signing-key.ts';
import { signLabelToken } from '../../../../shared/tokens/label-token.ts';
import { sampleClaims } from '../../../support/sample-claims.ts';
import { signRevocationList, verifyRevocationList } from '../../../../shared/tokens/revocation-list-token.ts';
import { verifyOffline } from '../../../../shared/verification/verify-offline.ts';
import { startTestStore } from '../../../support/dynamodb.ts';

/** A stand-in for KMS with real keys. */
function fakeKms(): KmsSignClient & { keys: Map<string, KeyObject> } {
  const keys = new Map<string, KeyObject>();
  const client = {
    keys,
    async send(command: unknown): Promise<unknown> {
      if (command instanceof CreateKeyCommand) {
        expect(command.input).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
        const arn = `arn:aws:kms:eu-west-1:111122223333:key/${randomUUID()}`;
        keys.set(arn, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
        return { KeyMetadata: { Arn: arn, KeyId: arn } };
      }
      if (command instanceof GetPublicKeyCommand) {
        const key = keys.get(command.input.KeyId!);
        if (!key) throw new Error('NotFoundException');
        const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
        return {
          KeyId: command.input.KeyId,
          KeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: ['ECDSA_SHA_256'],
          PublicKey: new Uint8Array(spki),
        };
      }
      if (command instanceof SignCommand) {
        const key = keys.get(command.input.KeyId!);
        if (!key || command.input.MessageType !== 'RAW') throw new Error('unsupported in this stand-in');
        return { Signature: new Uint8Array(sign('sha256', command.input.Message!, key)) };
      }
      throw new Error('unexpected KMS command');
    },
  };
  return client as unknown as KmsSignClient & { keys: Map<string, KeyObject> };
}

const claims = (sub: string) => sampleClaims(sub, { iat: 1_780_000_000, nbf: 1_780_000_000, exp: 4_102_444_800 });

const stores: Awaited<ReturnType<typeof startTestStore>>[] = [];
afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
});

describe('rotation with the KMS provisioner', () => {
  it('rotates to a new KMS key, keeps old labels valid, and a compromise refuses exactly that key’s labels', async () => {
    const t = await startTestStore();
    stores.push(t);
    const kms = fakeKms();
    const provisioner = new KmsKeyProvisioner(kms);
    const signing = new ActiveSigner(t.store, provisioner, { cacheMs: 0 });
    const keyring = new Keyring(t.store);
    const deps = { store: t.store, provisioner, now: () => new Date(), keyCaches: [keyring, signing] };
    const now = new Date();
    const check = async (token: string) => {
      keyring.invalidate();
      return verifyOffline(token, { keys: await keyring.lookupFor([]), now }).status;
    };

    const first = await rotateSigningKey(deps);
    expect(first.active.provider).toMatchObject({ type: 'kms' });
    const oldLabel = await signLabelToken(claims('aaaaaaaaaaaaaaaa'), await signing.current());

    const second = await rotateSigningKey(deps);
    expect(kms.keys.size).toBe(2);
    expect(second.active.provider).toMatchObject({ type: 'kms' });
    expect(second.retired.map((k) => k.kid)).toEqual([first.active.kid]);
    const signer = await signing.current();
    expect(signer.kid).toBe(second.active.kid);
    const newLabel = await signLabelToken(claims('bbbbbbbbbbbbbbbb'), signer);
    expect(await check(oldLabel)).toBe('valid');
    expect(await check(newLabel)).toBe('valid');

    // The revocation list is signed through KMS too, and verifies against the published keys.
    const list = await signRevocationList({ issuer: 'https://x.example', issuedAt: now.toISOString(), nextUpdate: now.toISOString(), entries: [] }, signer);
    expect(verifyRevocationList(list.jws, await keyring.lookupFor([])).kid).toBe(second.active.kid);

    await markSigningKeyCompromised(deps, first.active.kid);
    expect(await check(oldLabel)).toBe('key_compromised');
    expect(await check(newLabel)).toBe('valid');

    const third = await markSigningKeyCompromised(deps, second.active.kid);
    expect(third.rotation?.active.provider).toMatchObject({ type: 'kms' });
    expect(kms.keys.size).toBe(3);
    expect(await check(newLabel)).toBe('key_compromised');
    expect((await signing.current()).kid).toBe(third.rotation!.active.kid);
  });
});
