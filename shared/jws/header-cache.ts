/**
 * The one protected-header cache, for signing and verifying alike. Every document of one key and
 * type carries the very same header text, so encoding it per signature, or decoding and
 * re-checking it per verification, is wasted work. Only headers that passed every key-free check
 * (or that we wrote ourselves) are remembered, and the checks are a pure function of the text, so
 * remembering their outcome changes no result. Bounded: cleared when full, so headers crafted by
 * a caller cannot grow it.
 */
import { base64url } from './base64url.ts';

/** A protected header that passed the key-free checks. `alg` and `typ` are judged per use. */
export interface AcceptedHeader {
  readonly alg: unknown;
  readonly kid: string;
  readonly typ: unknown;
}

const MAX_ENTRIES = 64;
/** Accepted headers by their base64url text. */
const byText = new Map<string, AcceptedHeader>();
/** Encoded headers by `alg kid typ`. */
const byFields = new Map<string, string>();

function bounded<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
}

/** The header text accepted by an earlier check (or written by us), if any. */
export function headerOf(headerB64: string): AcceptedHeader | undefined {
  return byText.get(headerB64);
}

/** Remembers a header text that passed the key-free checks. */
export function rememberHeader(headerB64: string, header: AcceptedHeader): void {
  bounded(byText, headerB64, header);
}

/** The encoded protected header `{alg, kid, typ}` (member order is part of the format). */
export function encodedHeader(alg: string, kid: string, typ: string): string {
  const fields = `${alg} ${kid} ${typ}`;
  let encoded = byFields.get(fields);
  if (encoded === undefined) {
    encoded = base64url(JSON.stringify({ alg, kid, typ }));
    bounded(byFields, fields, encoded);
    // What we write passes our own checks, so a verifier in this process need not re-check it.
    if (kid.length > 0 && kid.length <= 128) rememberHeader(encoded, { alg, kid, typ });
  }
  return encoded;
}
