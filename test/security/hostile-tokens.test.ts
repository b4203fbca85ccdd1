/**
 * Hostile tokens: every forged, tampered or malleated token gets its exact failing verdict, from
 * the pure offline verifier and from `POST /verify` on a real server (single and batch). None is
 * ever `valid`, none shows the claim as if genuine, none costs a 5xx.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { labelKey } from '../../shared/adapters/dynamodb/table-layout.ts';
import { newLabelId } from '../../shared/ids.ts';
import { keyLookupFrom } from '../../shared/keys/signing-key.ts';
import { claimsFor } from '../../shared/label/claims.ts';
import { recordDigest, type LabelRecord } from '../../shared/label/record.ts';
import type { Verdict } from '../../shared/verification/verdict.ts';
import { MAX_TOKEN_LENGTH } from '../../shared/tokens/label-token.ts';
import { verifyOffline } from '../../shared/verification/verify-offline.ts';
import { validFixture } from '../support/fixtures.ts';
import { buildAttackCorpus, claimsOf, keyRecordFor, signClaims, type Attack } from './attack-corpus.ts';
import { expectProblem, issue, startSecurityHarness, type SecurityHarness } from './harness.ts';

const compromised = LocalKeySigner.generate();
let h: SecurityHarness;
let signer: LocalKeySigner;
let issuerA: { id: string; apiKey: string };
let issuerB: { id: string; apiKey: string };
let labelA: { id: string; token: string; record: Record<string, unknown> };
let labelB: { id: string; token: string; record: Record<string, unknown> };
let corpus: Attack[];
/** Attacks that need storage to be judged: offline they cannot be told from genuine labels. */
let onlineOnly: Attack[];

async function verifyOne(token: string): Promise<Verdict> {
  const res = await h.svc.request('POST', '/verify', { body: { token } });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return JSON.parse(text) as Verdict;
}

/** A label written straight into the table, signed with the service's real key. */
async function storeGenuineLabel(record: LabelRecord): Promise<string> {
  const digest = recordDigest(record);
  const token = signClaims(claimsFor(record, digest), signer);
  expect(await h.store.createLabel({ record, digest, token, kid: signer.kid, status: 'active' })).toBe('created');
  return token;
}

beforeAll(async () => {
  // The compromised key is on record before the service's keyring first loads.
  h = await startSecurityHarness({ before: async (store) => void (await store.putSigningKey(keyRecordFor(compromised, 'compromised'))) });
  signer = h.signer();
  issuerA = await h.svc.createIssuer('Issuer A');
  issuerB = await h.svc.createIssuer('Issuer B');
  labelA = await issue(h.svc, issuerA.apiKey, validFixture('steel-hot-rolled-coil'));
  labelB = await issue(h.svc, issuerB.apiKey, validFixture('cement-clinker'));
  const tampered = await issue(h.svc, issuerA.apiKey, validFixture('roasted-coffee'));
  corpus = buildAttackCorpus({ signer, genuine: labelA.token, compromised });

  // Alter a stored record at rest: its genuine token must no longer verify.
  const altered = { ...tampered.record, footprint: { ...(tampered.record.footprint as object), pcfExcludingBiogenicUptake: '0.01' } };
  await h.store.client.send(
    new UpdateItemCommand({
      TableName: h.tableName,
      Key: { pk: { S: labelKey(tampered.id).pk }, sk: { S: 'LABEL' } },
      UpdateExpression: 'SET #r = :r',
      ExpressionAttributeNames: { '#r': 'record' },
      ExpressionAttributeValues: { ':r': { S: JSON.stringify(altered) } },
    }),
  );
  const base = labelA.record as unknown as LabelRecord;
  const day = 86_400_000;
  const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const expiredToken = await storeGenuineLabel({
    ...base,
    id: newLabelId(),
    issuedAt: at(Date.now() - 30 * day),
    validFrom: at(Date.now() - 30 * day),
    validUntil: at(Date.now() - day),
  });
  const futureToken = await storeGenuineLabel({
    ...base,
    id: newLabelId(),
    issuedAt: at(Date.now()),
    validFrom: at(Date.now() + day),
    validUntil: at(Date.now() + 2 * day),
  });
  const claimsA = claimsOf(labelA.token);
  const claimsB = claimsOf(labelB.token);

  onlineOnly = [
    { name: 'genuine token whose stored record was altered at rest', token: tampered.token, expected: 'record_mismatch' },
    {
      name: 'real key signs claims with a different digest for an existing label',
      token: signClaims({ ...claimsA, dig: 'A'.repeat(43) }, signer),
      expected: 'record_mismatch',
    },
    {
      name: 'real key re-signs an existing label with a lower footprint and its true digest',
      token: signClaims({ ...claimsA, pcf: '1.0' }, signer),
      expected: 'record_mismatch',
    },
    {
      name: 'real key re-signs an existing label with a later expiry and its true digest',
      token: signClaims({ ...claimsA, exp: claimsA.exp + 86_400 * 3650 }, signer),
      expected: 'record_mismatch',
    },
    {
      name: "issuer A's iss presented for issuer B's label id (real key)",
      token: signClaims({ ...claimsB, iss: issuerA.id, isn: 'Issuer A' }, signer),
      expected: 'record_mismatch',
    },
    { name: "issuer B's label claimed with issuer A's digest", token: signClaims({ ...claimsB, dig: claimsA.dig }, signer), expected: 'record_mismatch' },
    { name: 'genuinely signed claims for a label never issued', token: signClaims({ ...claimsA, sub: newLabelId() }, signer), expected: 'unknown_label' },
    { name: 'genuine label whose validity ended a day ago', token: expiredToken, expected: 'expired' },
    { name: 'genuine label valid only from tomorrow', token: futureToken, expected: 'not_yet_valid' },
    { name: 'forged token wrapped in a verify URL', token: `${h.svc.url}/v/${corpus[0]!.token}`, expected: 'malformed' },
    {
      name: 'tampered token wrapped in a verify URL',
      token: `${h.svc.url}/v/${encodeURIComponent(corpus.find((a) => a.name.startsWith('footprint value altered'))!.token)}`,
      expected: 'bad_signature',
    },
  ];
});

afterAll(async () => {
  await h?.close();
});

describe('the attack corpus', () => {
  it('has at least 30 attacks, all failing verdicts, with distinct tokens', () => {
    expect(corpus.length + onlineOnly.length).toBeGreaterThanOrEqual(30);
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    for (const a of [...corpus, ...onlineOnly]) expect(a.expected, a.name).not.toBe('valid');
    expect(new Set(corpus.map((a) => a.token)).size).toBe(corpus.length);
  });

  it('the genuine token it is built from does verify (the control)', async () => {
    const keys = keyLookupFrom([keyRecordFor(signer, 'active')]);
    expect(verifyOffline(labelA.token, { keys, now: new Date() }).status).toBe('valid');
    expect((await verifyOne(labelA.token)).status).toBe('valid');
  });
});

describe('offline: verifyOffline (pure)', () => {
  it('gives every attack its exact verdict, never valid, never the claim', () => {
    const keys = keyLookupFrom([keyRecordFor(signer, 'active'), keyRecordFor(compromised, 'compromised')]);
    const now = new Date();
    const got = corpus.map((a) => ({ name: a.name, status: verifyOffline(a.token, { keys, now }).status }));
    expect(got).toEqual(corpus.map((a) => ({ name: a.name, status: a.expected })));
    for (const a of corpus) {
      const v = verifyOffline(a.token, { keys, now });
      expect(v.valid, a.name).toBe(false);
      expect(v.claim, a.name).toBeUndefined();
    }
  });

  it('refuses non-string and oversized input without throwing', () => {
    const keys = keyLookupFrom([keyRecordFor(signer, 'active')]);
    for (const input of [undefined, null, 42, {}, [], '', 'x'.repeat(MAX_TOKEN_LENGTH + 1), 'x'.repeat(1_000_000)]) {
      expect(verifyOffline(input, { keys, now: new Date() }).status).toBe('malformed');
    }
  });
});

describe('validity window at the 60 s clock-skew boundary (pure, injected clock)', () => {
  const keys = () => keyLookupFrom([keyRecordFor(signer, 'active')]);
  const window = () => {
    const claims = claimsOf(labelA.token);
    const nbf = 1_900_000_000;
    const exp = nbf + 86_400;
    return { token: signClaims({ ...claims, iat: nbf, nbf, exp }, signer), nbf, exp };
  };
  const at = (seconds: number) => new Date(seconds * 1000);

  it('expired from exactly exp + 60 s; still valid one millisecond before', () => {
    const { token, exp } = window();
    expect(verifyOffline(token, { keys: keys(), now: at(exp + 60) }).status).toBe('expired');
    expect(verifyOffline(token, { keys: keys(), now: at(exp + 61) }).status).toBe('expired');
    expect(verifyOffline(token, { keys: keys(), now: new Date((exp + 60) * 1000 - 1) }).status).toBe('valid');
    expect(verifyOffline(token, { keys: keys(), now: at(exp) }).status).toBe('valid');
  });

  it('not yet valid before nbf − 60 s; valid from exactly nbf − 60 s', () => {
    const { token, nbf } = window();
    expect(verifyOffline(token, { keys: keys(), now: new Date((nbf - 60) * 1000 - 1) }).status).toBe('not_yet_valid');
    expect(verifyOffline(token, { keys: keys(), now: at(nbf - 61) }).status).toBe('not_yet_valid');
    expect(verifyOffline(token, { keys: keys(), now: at(nbf - 60) }).status).toBe('valid');
  });

  it('a custom skew of 0 tightens both edges', () => {
    const { token, nbf, exp } = window();
    expect(verifyOffline(token, { keys: keys(), now: at(exp), clockSkewSeconds: 0 }).status).toBe('expired');
    expect(verifyOffline(token, { keys: keys(), now: at(nbf - 1), clockSkewSeconds: 0 }).status).toBe('not_yet_valid');
  });
});

describe('online: POST /verify on a real server', () => {
  it('single: every attack gets its exact verdict with 200, never valid, never the claim', async () => {
    for (const a of [...corpus, ...onlineOnly]) {
      const v = await verifyOne(a.token);
      expect({ name: a.name, status: v.status }).toEqual({ name: a.name, status: a.expected });
      expect(v.valid, a.name).toBe(false);
      // The claim is shown only when the signature is genuine.
      if (['malformed', 'bad_signature', 'unknown_key', 'key_compromised'].includes(a.expected)) expect(v.claim, a.name).toBeUndefined();
    }
  });

  it('batch: the whole corpus, mixed with genuine tokens, in batches of up to 100', async () => {
    const all = [...corpus, ...onlineOnly];
    const items = all.flatMap((a, i) => (i % 7 === 0 ? [{ token: labelB.token, expected: 'valid' }, a] : [a]));
    for (let i = 0; i < items.length; i += 100) {
      const chunk = items.slice(i, i + 100);
      const res = await h.svc.request('POST', '/verify', { body: { tokens: chunk.map((c) => c.token) } });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { summary: Record<string, number>; results: Verdict[] };
      expect(body.results.map((r) => r.status)).toEqual(chunk.map((c) => c.expected));
      expect(body.summary.total).toBe(chunk.length);
      expect(body.summary.valid ?? 0).toBe(chunk.filter((c) => c.expected === 'valid').length);
    }
  });

  it('tokens beyond the request schema are a 400 problem, a batch over 256 KiB a 413, never a 5xx', async () => {
    await expectProblem(await h.svc.request('POST', '/verify', { body: { token: 'A'.repeat(8193) } }), 400, 'validation_failed');
    await expectProblem(await h.svc.request('POST', '/verify', { body: { tokens: [] } }), 400, 'validation_failed');
    await expectProblem(await h.svc.request('POST', '/verify', { body: { tokens: Array(101).fill(labelA.token) } }), 400, 'validation_failed');
    await expectProblem(await h.svc.request('POST', '/verify', { body: { tokens: Array(40).fill('A'.repeat(8000)) } }), 413, 'payload_too_large');
    await expectProblem(await h.svc.request('POST', '/verify', { body: { token: labelA.token, tokens: [labelA.token] } }), 400, 'validation_failed');
  });

  it('raw non-UTF-8 bytes in the request body are a 400 problem', async () => {
    const body = Buffer.concat([Buffer.from('{"token":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const res = await fetch(`${h.svc.url}/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await expectProblem(res, 400, 'malformed_request');
  });
});
