/**
 * The hostile-token corpus against EVERY token type we sign (`TOKEN_TYPES`), not only labels:
 * each generic attack gets its exact JWS core code, both from the core and from the type's own
 * verifier, and a genuine document of one type presented as another is always refused. A new
 * token type must add a sample and a verifier here, or this file does not compile.
 */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { JwsRejectedError, verifyCompactJws, type JwsFailureCode, type JwsType } from '../../shared/jws/compact-jws.ts';
import { keyLookupFrom, type KeyLookup } from '../../shared/keys/signing-key.ts';
import { signLabelToken } from '../../shared/tokens/label-token.ts';
import { signRevocationList, verifyRevocationList } from '../../shared/tokens/revocation-list-token.ts';
import { TOKEN_TYPES, type TokenTypeName } from '../../shared/tokens/token-types.ts';
import { signTrustList, verifyTrustListSignature } from '../../shared/tokens/trust-list-token.ts';
import { signStatusList, verifyStatusList } from '../../shared/tokens/status-list-token.ts';
import { STATUS_LIST_MIN_ENTRIES, StatusBitstring } from '../../shared/status-list/bitstring.ts';
import { buildStatusListCredential } from '../../shared/status-list/status-list-credential.ts';
import { sampleTrustList } from '../support/sample-trust-list.ts';
import { verifyOffline } from '../../shared/verification/verify-offline.ts';
import { sampleClaims } from '../support/sample-claims.ts';
import { buildJwsCorpus, keyRecordFor, verdictFor } from './attack-corpus.ts';

const signer = LocalKeySigner.generate();
const compromised = LocalKeySigner.generate();
const keys = keyLookupFrom([keyRecordFor(signer, 'active'), keyRecordFor(compromised, 'compromised')]);
const now = new Date('2026-12-01T00:00:00Z');

/** One genuine document of each type, signed with `signer`. */
const SAMPLES: Record<TokenTypeName, () => Promise<string>> = {
  label: () => signLabelToken(sampleClaims('aaaaaaaaaaaaaaaa'), signer),
  revocationList: async () =>
    (
      await signRevocationList(
        {
          issuer: 'https://labels.example',
          issuedAt: '2026-11-30T23:55:00.000Z',
          nextUpdate: '2026-12-01T00:00:00.000Z',
          entries: [{ labelId: 'bbbbbbbbbbbbbbbb', revokedAt: '2026-11-01T00:00:00.000Z', reason: 'Footprint recalculated', supersededBy: 'cccccccccccccccc' }],
        },
        signer,
      )
    ).jws,
  trustList: async () => (await signTrustList(sampleTrustList(signer, LocalKeySigner.generate()), signer)).jws,
  statusList: async () => {
    const bits = StatusBitstring.create(STATUS_LIST_MIN_ENTRIES);
    bits.set(42, true);
    const credential = buildStatusListCredential({
      listUrl: 'https://labels.example/status/revocation-0',
      issuer: 'https://labels.example',
      purpose: 'revocation',
      encodedList: bits.encode(),
      validFrom: new Date('2026-11-30T23:55:00Z'),
      validForMs: 300_000,
    });
    return (await signStatusList(credential, signer)).jws;
  },
};

/** Each type's own public verifier, reduced to `ok` or the failure code it reports. */
const OWN_VERIFIER: Record<TokenTypeName, (jws: string, keys: KeyLookup) => 'ok' | string> = {
  label: (jws, k) => {
    const v = verifyOffline(jws, { keys: k, now });
    return v.status === 'valid' ? 'ok' : v.status;
  },
  revocationList: (jws, k) => {
    try {
      verifyRevocationList(jws, k);
      return 'ok';
    } catch (error) {
      if (error instanceof JwsRejectedError) return error.code;
      throw error;
    }
  },
  // Pinning and rollback are judged above the core and have their own tests (pinned-trust-list.test.ts).
  trustList: (jws, k) => {
    const result = verifyTrustListSignature(jws, k);
    return result.ok ? 'ok' : result.code;
  },
  statusList: (jws, k) => {
    try {
      verifyStatusList(jws, k);
      return 'ok';
    } catch (error) {
      if (error instanceof JwsRejectedError) return error.code;
      throw error;
    }
  },
};

/** What the type's own verifier reports for a core code (labels speak in verdicts). */
const ownCode = (type: TokenTypeName, code: JwsFailureCode): string => (type === 'label' ? verdictFor(code) : code);

const names = Object.keys(TOKEN_TYPES) as TokenTypeName[];

describe.each(names)('token type %s', (name) => {
  const type: JwsType<unknown> = TOKEN_TYPES[name];

  it('the genuine sample verifies (the control)', async () => {
    const genuine = await SAMPLES[name]();
    expect(verifyCompactJws(genuine, type, keys).ok).toBe(true);
    expect(OWN_VERIFIER[name](genuine, keys)).toBe('ok');
  });

  it('every generic attack gets its exact code from the core and from the type verifier, never a pass', async () => {
    const genuine = await SAMPLES[name]();
    const corpus = buildJwsCorpus({ typ: type.typ, maxLength: type.maxLength, signer, genuine, compromised });
    expect(corpus.length).toBeGreaterThanOrEqual(45);
    const fromCore = corpus.map((a) => {
      const result = verifyCompactJws(a.token, type, keys);
      return { name: a.name, code: result.ok ? 'ok' : result.code };
    });
    expect(fromCore).toEqual(corpus.map((a) => ({ name: a.name, code: a.expected })));
    const fromOwn = corpus.map((a) => ({ name: a.name, code: OWN_VERIFIER[name](a.token, keys) }));
    expect(fromOwn).toEqual(corpus.map((a) => ({ name: a.name, code: ownCode(name, a.expected) })));
  });

  it.each(names.filter((other) => other !== name))('a genuine %s presented as this type is wrong_type', async (other) => {
    const foreign = await SAMPLES[other]();
    const result = verifyCompactJws(foreign, type, keys);
    // A document longer than this type's cap is refused on length before its header is read.
    const expected: JwsFailureCode = foreign.length > type.maxLength ? 'malformed' : 'wrong_type';
    expect(result.ok ? 'ok' : result.code).toBe(expected);
    expect(OWN_VERIFIER[name](foreign, keys)).toBe(ownCode(name, expected));
  });
});
