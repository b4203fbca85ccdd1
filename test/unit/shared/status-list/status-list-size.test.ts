/**
 * The measured size of a production status list (131,072 entries) with 0 %, 1 % and 10 % of its
 * bits set at random: the figures in `docs/status-lists.md`. Sizes only, never timings; the bounds
 * are loose (random lists vary by about 1 %) but would catch a broken or uncompressed encoding.
 */
import { describe, expect, it } from 'vitest';
import { LocalKeySigner } from '../../../../local/keys/local-key-signer.ts';
import { STATUS_LIST_MIN_ENTRIES, StatusBitstring } from '../../../../shared/status-list/bitstring.ts';
import { buildStatusListCredential } from '../../../../shared/status-list/status-list-credential.ts';
import { signStatusList } from '../../../../shared/tokens/status-list-token.ts';

const signer = LocalKeySigner.generate();

/** A list with exactly `round(N · fraction)` distinct random entries set. */
function randomList(fraction: number): StatusBitstring {
  const bits = StatusBitstring.create(STATUS_LIST_MIN_ENTRIES);
  const target = Math.round(STATUS_LIST_MIN_ENTRIES * fraction);
  let set = 0;
  while (set < target) {
    const i = Math.floor(Math.random() * STATUS_LIST_MIN_ENTRIES);
    if (!bits.get(i)) {
      bits.set(i, true);
      set++;
    }
  }
  return bits;
}

async function measure(fraction: number): Promise<{ encodedList: number; jws: number }> {
  const bits = randomList(fraction);
  const encodedList = bits.encode();
  const credential = buildStatusListCredential({
    listUrl: 'https://labels.example/status/revocation-0',
    issuer: 'https://labels.example',
    purpose: 'revocation',
    encodedList,
    validFrom: new Date('2026-12-01T00:00:00Z'),
    validForMs: 300_000,
  });
  const { jws } = await signStatusList(credential, signer);
  return { encodedList: encodedList.length, jws: jws.length };
}

describe('status list size for 131,072 entries', () => {
  it.each([
    [0, 69, 69],
    [0.01, 2_500, 3_300],
    [0.1, 11_000, 13_500],
  ])('%s set: encodedList within [%i, %i] characters', async (fraction, low, high) => {
    const size = await measure(fraction);
    console.info(`status list, ${fraction * 100} % of 131,072 set: encodedList ${size.encodedList} chars, signed JWS ${size.jws} chars`);
    expect(size.encodedList).toBeGreaterThanOrEqual(low);
    expect(size.encodedList).toBeLessThanOrEqual(high);
    // The JWS is the credential's JSON in base64url again, plus header and signature.
    expect(size.jws).toBeLessThan(size.encodedList * 1.34 + 1000);
  });
});
