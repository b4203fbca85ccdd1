/**
 * The revocation list format: which labels are revoked, when, why and by what they are replaced,
 * as one signed document an offline verifier can carry.
 *
 * The payload is columnar so it stays compact for large numbers (see README, "Customs and
 * offline verification", for the measured size of 100,000 entries):
 *
 * ```json
 * {"v":1,"iss":"https://…","iat":1790000000,"nxt":1790000300,"n":2,
 *  "ids":"0123456789abcdefghjkmnpqrstvwxyz",   // n label ids of 16 characters, concatenated
 *  "t":[1789990000,42],                         // revokedAt in seconds: first absolute, then deltas
 *  "r":["Footprint recalculated"],              // distinct reasons (each at most 160 characters)
 *  "ri":[0,0],                                  // reason index of each entry
 *  "sup":[[1,"zyxwvtsrqpnmkjhg"]]}              // [entry index, successor label id], only where set
 * ```
 *
 * Entries are ordered by revocation time, then id, so the same revocations always encode to the
 * same bytes (the ETag depends on that).
 */
import * as z from 'zod';
import { LABEL_ID_PATTERN } from '../ids.ts';
import type { Revocation } from '../label/record.ts';

/** The JWS `typ` of a revocation list; label verification refuses it, and list verification refuses label tokens. */
export const REVOCATION_LIST_TYPE = 'carbon-label-revocations+jwt';

/** Version of the payload layout. */
export const REVOCATION_LIST_VERSION = 1;

/** Longest reason carried in the list; the full text stays available online (`GET /labels/{id}`). */
export const MAX_LIST_REASON_CHARS = 160;

const LABEL_ID_LENGTH = 16;

/** One revoked label, as the list carries it (times at seconds precision). */
export interface RevocationEntry {
  readonly labelId: string;
  readonly revokedAt: string;
  readonly reason: string;
  readonly supersededBy?: string;
}

/** A decoded revocation list. */
export interface RevocationList {
  /** Base URL of the service that signed it. */
  readonly issuer: string;
  /** Every revocation made before this time is in the list. */
  readonly issuedAt: string;
  /** When the next list will be published; verifiers should fetch again by then. */
  readonly nextUpdate: string;
  readonly entries: readonly RevocationEntry[];
}

const Seconds = z.number().int().nonnegative().max(253_402_300_799);

/** The signed payload, validated strictly before anything in it is believed. */
export const RevocationListPayloadSchema = z
  .strictObject({
    v: z.literal(REVOCATION_LIST_VERSION),
    iss: z.string().min(1).max(2048),
    iat: Seconds,
    nxt: Seconds,
    n: z.number().int().nonnegative().max(10_000_000),
    ids: z.string().regex(/^[0-9a-hjkmnp-tv-z]*$/, 'label ids are Crockford base32'),
    t: z.array(Seconds),
    r: z.array(z.string().min(1).max(MAX_LIST_REASON_CHARS)),
    ri: z.array(z.number().int().nonnegative()),
    sup: z.array(z.tuple([z.number().int().nonnegative(), z.string().regex(LABEL_ID_PATTERN)])),
  })
  .superRefine((p, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (p.nxt < p.iat) issue('nxt is before iat');
    if (p.ids.length !== p.n * LABEL_ID_LENGTH) issue('ids does not hold n label ids');
    if (p.t.length !== p.n || p.ri.length !== p.n) issue('t and ri must have n entries');
    if (p.ri.some((i) => i >= p.r.length)) issue('a reason index is out of range');
    if (p.sup.some(([i]) => i >= p.n)) issue('a successor index is out of range');
    const absolute = p.t.reduce((sum, d) => sum + d, 0);
    if (absolute > 253_402_300_799) issue('a revocation time is out of range');
  });

/** The payload as signed. */
export type RevocationListPayload = z.infer<typeof RevocationListPayloadSchema>;

const toSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const toIso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Shortens a reason to what the list carries, on a character (code point) boundary. */
export function listReason(reason: string): string {
  const chars = [...reason.trim()];
  return chars.length <= MAX_LIST_REASON_CHARS ? chars.join('') : `${chars.slice(0, MAX_LIST_REASON_CHARS - 1).join('')}…`;
}

/** A list entry from a stored revocation. */
export function toRevocationEntry(labelId: string, revocation: Revocation): RevocationEntry {
  return {
    labelId,
    revokedAt: toIso(toSeconds(revocation.revokedAt)),
    reason: listReason(revocation.reason),
    ...(revocation.supersededBy ? { supersededBy: revocation.supersededBy } : {}),
  };
}

/**
 * Encodes a list as its payload. Deterministic: entries are sorted (revocation time, then id),
 * reasons are numbered in order of first use.
 */
export function encodeRevocationList(list: RevocationList): RevocationListPayload {
  const entries = [...list.entries]
    .map((e) => ({ ...e, seconds: toSeconds(e.revokedAt), reason: listReason(e.reason) }))
    .sort((a, b) => a.seconds - b.seconds || (a.labelId < b.labelId ? -1 : a.labelId > b.labelId ? 1 : 0));
  const reasons = new Map<string, number>();
  const t: number[] = [];
  const ri: number[] = [];
  const sup: [number, string][] = [];
  let previous = 0;
  entries.forEach((e, i) => {
    if (!LABEL_ID_PATTERN.test(e.labelId)) throw new TypeError(`not a label id: ${e.labelId}`);
    t.push(i === 0 ? e.seconds : e.seconds - previous);
    previous = e.seconds;
    let index = reasons.get(e.reason);
    if (index === undefined) reasons.set(e.reason, (index = reasons.size));
    ri.push(index);
    if (e.supersededBy) sup.push([i, e.supersededBy]);
  });
  return {
    v: REVOCATION_LIST_VERSION,
    iss: list.issuer,
    iat: toSeconds(list.issuedAt),
    nxt: toSeconds(list.nextUpdate),
    n: entries.length,
    ids: entries.map((e) => e.labelId).join(''),
    t,
    r: [...reasons.keys()],
    ri,
    sup,
  };
}

/** Decodes a validated payload into entries. */
export function decodeRevocationList(payload: RevocationListPayload): RevocationList {
  const successors = new Map(payload.sup);
  const entries: RevocationEntry[] = [];
  let seconds = 0;
  for (let i = 0; i < payload.n; i++) {
    seconds = i === 0 ? payload.t[0]! : seconds + payload.t[i]!;
    const successor = successors.get(i);
    entries.push({
      labelId: payload.ids.slice(i * LABEL_ID_LENGTH, (i + 1) * LABEL_ID_LENGTH),
      revokedAt: toIso(seconds),
      reason: payload.r[payload.ri[i]!]!,
      ...(successor ? { supersededBy: successor } : {}),
    });
  }
  return { issuer: payload.iss, issuedAt: toIso(payload.iat), nextUpdate: toIso(payload.nxt), entries };
}

/** The list as a lookup by label id, in the verdict's `revocation` shape. */
export function revocationIndex(list: RevocationList): ReadonlyMap<string, Revocation> {
  return new Map(
    list.entries.map((e) => [e.labelId, { revokedAt: e.revokedAt, reason: e.reason, ...(e.supersededBy ? { supersededBy: e.supersededBy } : {}) }]),
  );
}
