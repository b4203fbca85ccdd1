/**
 * KmsSigner and KmsKeyProvisioner against a mocked KMS client (aws-sdk-client-mock: KMS itself is
 * the one thing we mock). The mock is backed by a REAL P-256 key: `Sign` answers with the DER
 * signature node:crypto makes, so the DER → JOSE path and the tokens are exercised for real.
 */
import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient, SignCommand, type SignCommandInput } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { calculateJwkThumbprint, importJWK, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KmsKeyProvisioner } from '../../../../../shared/adapters/kms/kms-key-provisioner.ts';
import { KMS_RAW_MESSAGE_LIMIT, KmsSigner } from '../../../../../shared/adapters/kms/kms-signer.ts';
import { ServiceUnavailableError } from '../../../../../shared/errors/errors.ts';
import { signLabelToken } from '../../../../../shared/tokens/label-token.ts';
import { LABEL_TOKEN_TYPE, type LabelClaims } from '../../../../../shared/label/claims.ts';
import type { SigningKeyRecord } from '../../../../../shared/keys/signing-key.ts';

const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const CLAIMS: LabelClaims = {
  iss: 'org_acmesteel0001',
  sub: 'lbl_0123456789abcdefghij',
  iat: 1_780_000_000,
  nbf: 1_780_000_000,
  exp: 4_102_444_800,
  dig: createHash('sha256').update('record').digest('base64url'),
  isn: 'Acme Steel',
  pid: 'urn:gtin:04012345000016',
  pnm: 'Hot-rolled coil',
  pcf: '1850.5',
  dua: '1000',
  duu: 'kilogram',
  bnd: 'cradle-to-gate',
  rps: '2025-01-01T00:00:00Z',
  rpe: '2025-12-31T23:59:59Z',
  std: ['ISO 14067'],
  geo: 'DE',
};

/** DER INTEGER lengths of r and s in a DER ECDSA-Sig-Value (short-form lengths, as P-256 has). */
function derIntegerLengths(der: Uint8Array): { r: number; s: number } {
  const r = der[3]!;
  return { r, s: der[4 + r + 1]! };
}

const kms = mockClient(KMSClient);
let privateKey: KeyObject;
let publicKey: KeyObject;
/** The DER signatures the mock returned, in order. */
let returned: Uint8Array[];
/** When set, `Sign` re-signs until the DER signature satisfies it (ECDSA is randomised). */
let wanted: ((der: Uint8Array) => boolean) | undefined;

function kmsSign(input: SignCommandInput, originalMessage?: Uint8Array): Uint8Array {
  // For DIGEST the caller hashed the message; signing the original with SHA-256 is the same ECDSA operation.
  const message = input.MessageType === 'DIGEST' ? originalMessage! : input.Message!;
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const der = new Uint8Array(sign('sha256', message, privateKey)); // node's default encoding is DER
    if (!wanted || wanted(der)) {
      returned.push(der);
      return der;
    }
  }
  throw new Error('no signature with the wanted shape');
}

let longMessage: Uint8Array | undefined;

beforeEach(() => {
  ({ privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' }));
  returned = [];
  wanted = undefined;
  longMessage = undefined;
  kms.reset();
  kms.on(GetPublicKeyCommand).resolves({
    KeyId: KEY_ARN,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
  });
  kms.on(SignCommand).callsFake((input: SignCommandInput) => ({ KeyId: KEY_ARN, SigningAlgorithm: 'ECDSA_SHA_256', Signature: kmsSign(input, longMessage) }));
});

afterEach(() => kms.reset());

const client = () => new KMSClient({ region: 'eu-west-1' });

async function verifyWithJose(token: string) {
  const jwk = publicKey.export({ format: 'jwk' });
  return jwtVerify(token, await importJWK({ ...jwk, alg: 'ES256' }, 'ES256'), { typ: LABEL_TOKEN_TYPE, algorithms: ['ES256'] });
}

describe('KmsSigner.open', () => {
  it('reads the public key once with GetPublicKey, as a JWK whose RFC 7638 thumbprint is the kid', async () => {
    const signer = await KmsSigner.open(client(), 'alias/carbon-label-signing');
    const jwk = publicKey.export({ format: 'jwk' });
    expect(signer.publicJwk).toEqual({ kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y });
    expect(signer.kid).toBe(await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! }, 'sha256'));
    expect(signer.alg).toBe('ES256');
    // Asked by alias, recorded by ARN.
    expect(signer.keyArn).toBe(KEY_ARN);
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(GetPublicKeyCommand)[0]!.args[0].input).toEqual({ KeyId: 'alias/carbon-label-signing' });
  });

  it('refuses a key that is not ECC_NIST_P256 / SIGN_VERIFY', async () => {
    kms.on(GetPublicKeyCommand).resolves({
      KeyId: KEY_ARN,
      KeySpec: 'RSA_2048',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['RSASSA_PSS_SHA_256'],
      PublicKey: new Uint8Array(generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'der', type: 'spki' })),
    });
    await expect(KmsSigner.open(client(), KEY_ARN)).rejects.toThrow(TypeError);
  });

  it('turns an unreachable KMS into ServiceUnavailableError', async () => {
    kms.on(GetPublicKeyCommand).rejects(new Error('connect ECONNREFUSED'));
    await expect(KmsSigner.open(client(), KEY_ARN)).rejects.toBeInstanceOf(ServiceUnavailableError);
  });
});

describe('KmsSigner signing', () => {
  it('signs a label token that jose verifies (ES256, typ carbon-label+jwt), with RAW ECDSA_SHA_256 by ARN', async () => {
    const signer = await KmsSigner.open(client(), KEY_ARN);
    const token = await signLabelToken(CLAIMS, signer);
    const { payload, protectedHeader } = await verifyWithJose(token);
    expect(payload).toEqual(CLAIMS);
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: signer.kid, typ: LABEL_TOKEN_TYPE });
    const [call] = kms.commandCalls(SignCommand);
    const input = call!.args[0].input;
    expect(input.KeyId).toBe(KEY_ARN);
    expect(input.MessageType).toBe('RAW');
    expect(input.SigningAlgorithm).toBe('ECDSA_SHA_256');
    expect(Buffer.from(input.Message!).toString('ascii')).toBe(token.split('.').slice(0, 2).join('.'));
  });

  it('returns r||s exactly as the DER signature holds them, for many signatures', async () => {
    const signer = await KmsSigner.open(client(), KEY_ARN);
    const message = Buffer.from('header.payload');
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const raw = await signer.sign(message);
      expect(raw).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      const { r } = derIntegerLengths(returned[i]!);
      seen.add(r);
    }
    // About half of all r values have the high bit set and carry DER's 0x00 sign byte (33 bytes).
    expect(seen.has(33)).toBe(true);
  });

  for (const part of ['r', 's'] as const) {
    it(`handles a DER ${part} of 31 bytes or fewer (a leading zero byte in the 32-byte form)`, async () => {
      wanted = (der) => derIntegerLengths(der)[part] <= 31;
      const signer = await KmsSigner.open(client(), KEY_ARN);
      const message = Buffer.from(`short-${part}`);
      const raw = await signer.sign(message);
      expect(derIntegerLengths(returned[0]!)[part]).toBeLessThanOrEqual(31);
      expect(raw).toHaveLength(64);
      // Left-padded with zeros into its 32-byte slot.
      expect(raw[part === 'r' ? 0 : 32]).toBe(0);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);

      const token = await signLabelToken(CLAIMS, signer);
      expect(derIntegerLengths(returned[1]!)[part]).toBeLessThanOrEqual(31);
      await expect(verifyWithJose(token)).resolves.toMatchObject({ payload: CLAIMS });
    });
  }

  it('sends a signing input over 4096 bytes as its SHA-256 DIGEST, and the signature still verifies', async () => {
    const signer = await KmsSigner.open(client(), KEY_ARN);
    const message = Buffer.alloc(KMS_RAW_MESSAGE_LIMIT + 1, 0x61);
    longMessage = message;
    const raw = await signer.sign(message);
    const input = kms.commandCalls(SignCommand)[0]!.args[0].input;
    expect(input.MessageType).toBe('DIGEST');
    expect(Buffer.from(input.Message!)).toEqual(createHash('sha256').update(message).digest());
    expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
  });

  it('turns a KMS failure into ServiceUnavailableError, and a malformed signature into an error', async () => {
    const signer = await KmsSigner.open(client(), KEY_ARN);
    kms.on(SignCommand).rejects(new Error('ThrottlingException'));
    await expect(signer.sign(Buffer.from('x'))).rejects.toBeInstanceOf(ServiceUnavailableError);
    kms.on(SignCommand).resolves({ Signature: Uint8Array.from([0x30, 0x02, 0x02, 0x00]) });
    await expect(signer.sign(Buffer.from('x'))).rejects.toThrow(RangeError);
  });
});

describe('KmsKeyProvisioner', () => {
  it('creates an ECC_NIST_P256 SIGN_VERIFY key with the configured tags and opens its signer', async () => {
    kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: 'k', Arn: KEY_ARN } });
    const provisioner = new KmsKeyProvisioner(client(), { tags: { 'carbon-label:purpose': 'label-signing' } });
    const { signer, provider } = await provisioner.create();
    expect(provider).toEqual({ type: 'kms', keyArn: KEY_ARN });
    const input = kms.commandCalls(CreateKeyCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Tags: [{ TagKey: 'carbon-label:purpose', TagValue: 'label-signing' }] });
    await expect(verifyWithJose(await signLabelToken(CLAIMS, signer))).resolves.toMatchObject({ payload: CLAIMS });
  });

  it('opens the signer of a recorded KMS key, and refuses local keys and a thumbprint mismatch', async () => {
    const provisioner = new KmsKeyProvisioner(client());
    const opened = await KmsSigner.open(client(), KEY_ARN);
    const record: SigningKeyRecord = {
      kid: opened.kid,
      alg: 'ES256',
      publicJwk: opened.publicJwk,
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
      provider: { type: 'kms', keyArn: KEY_ARN },
    };
    const signer = await provisioner.signerFor(record);
    expect(signer.kid).toBe(record.kid);
    await expect(provisioner.signerFor({ ...record, provider: { type: 'local' } })).rejects.toThrow(/not a KMS key/);
    await expect(provisioner.signerFor({ ...record, kid: 'someone-else' })).rejects.toThrow(/thumbprint/);
  });
});

const endpoint = process.env.AWS_ENDPOINT_URL_KMS;
// Registered only when AWS_ENDPOINT_URL_KMS names a KMS-compatible endpoint (e.g. local-kms);
// without one there is nothing real to talk to, so no test is registered rather than a fake pass.
if (endpoint) {
  describe(`KMS integration against AWS_ENDPOINT_URL_KMS=${endpoint}`, () => {
    it('creates a key, signs a token with it, and jose verifies the token with the key from GetPublicKey', async () => {
      kms.restore();
      const real = new KMSClient({ region: process.env.AWS_REGION ?? 'us-east-1', endpoint });
      try {
        const { signer } = await new KmsKeyProvisioner(real, { description: 'carbon-label integration test' }).create();
        const token = await signLabelToken(CLAIMS, signer);
        const key = await importJWK({ ...signer.publicJwk, alg: 'ES256' }, 'ES256');
        const { payload } = await jwtVerify(token, key, { typ: LABEL_TOKEN_TYPE, algorithms: ['ES256'] });
        expect(payload).toEqual(CLAIMS);
      } finally {
        real.destroy();
      }
    });
  });
}
