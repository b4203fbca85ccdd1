/**
 * The W3C `BitstringStatusListCredential` (VC Data Model 2.0) and the `BitstringStatusListEntry`
 * a label points to it with. Only the subset we issue: one purpose per credential (`revocation` or
 * `suspension`), `statusSize` 1 (the default, so never written), no `statusMessage`.
 *
 * The schemas are strict on purpose: these are our own documents, so a field we do not write is a
 * document we did not sign in that form, and a verifier holding a bundle should refuse it rather
 * than guess. Securing (JWS on the one core) is `shared/tokens/status-list-token.ts`'s.
 *
 * A label's slot `(list, index)` is one position shared by both purposes: list `revocation-3` and
 * list `suspension-3` have the same length and index 42 in each is the same label. So a suspended
 * issuer's labels are one bit each in the suspension list, without touching the revocation list.
 */
import * as z from 'zod';
import { STATUS_LIST_MAX_ENTRIES } from './bitstring.ts';

/** The VC 2.0 base context, the only one our credentials carry. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';

/** The purposes we publish. */
export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;

/** A status purpose. */
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

/** A status purpose, nothing else (`refresh` and `message` are not ours). */
export const StatusPurposeSchema = z.enum(STATUS_PURPOSES);

/** Longest URL we write or accept in a credential or entry. */
const MAX_URL_CHARS = 2048;

/** An absolute `https:` URL without credentials or a fragment (fragments are ours to add). */
const HttpsUrlSchema = z
  .string()
  .max(MAX_URL_CHARS)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    // `http:` only for loopback, so the local server's lists verify; never for a real host.
    const loopback = url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]');
    return (url.protocol === 'https:' || loopback) && url.username === '' && url.password === '' && url.hash === '' && !value.includes('#');
  }, 'must be an absolute https URL without credentials or fragment');

/** A VC 2.0 `dateTimeStamp` as we write it: UTC, `Z`, seconds precision or finer. */
const DateTimeSchema = z.iso.datetime({ offset: false });

/** Longest `encodedList` text accepted by the schema; the decoder applies the real bound. */
const MAX_ENCODED_LIST_CHARS = Math.ceil((STATUS_LIST_MAX_ENTRIES / 8) * 1.4) + 64;

/** The credential subject: the list itself. */
export const BitstringStatusListSchema = z.strictObject({
  /** `<credential id>#list`, checked against the credential's id below. */
  id: z.string().max(MAX_URL_CHARS + 8),
  type: z.literal('BitstringStatusList'),
  statusPurpose: StatusPurposeSchema,
  encodedList: z.string().min(2).max(MAX_ENCODED_LIST_CHARS).startsWith('u'),
  /** Milliseconds before a refresh SHOULD be attempted; the publisher aligns `Cache-Control` with it. */
  ttl: z
    .number()
    .int()
    .positive()
    .max(366 * 24 * 3600 * 1000)
    .optional(),
});

/** A `BitstringStatusListCredential`, unsecured (the JWS payload). */
export const BitstringStatusListCredentialSchema = z
  .strictObject({
    '@context': z.tuple([z.literal(VC_V2_CONTEXT)]),
    id: HttpsUrlSchema,
    type: z.tuple([z.literal('VerifiableCredential'), z.literal('BitstringStatusListCredential')]),
    issuer: HttpsUrlSchema,
    validFrom: DateTimeSchema,
    validUntil: DateTimeSchema,
    credentialSubject: BitstringStatusListSchema,
  })
  .superRefine((credential, ctx) => {
    // The subject is the list "inside" the credential (the spec's example uses `<id>#list`).
    if (credential.credentialSubject.id !== `${credential.id}#list`) {
      ctx.addIssue({ code: 'custom', path: ['credentialSubject', 'id'], message: 'must be the credential id followed by #list' });
    }
    if (Date.parse(credential.validUntil) <= Date.parse(credential.validFrom)) {
      ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'must be later than validFrom' });
    }
  });

/** A parsed {@link BitstringStatusListCredentialSchema}. */
export type BitstringStatusListCredential = z.infer<typeof BitstringStatusListCredentialSchema>;

/** What {@link buildStatusListCredential} needs. */
export const StatusListCredentialInputSchema = z.strictObject({
  /** The URL the credential is served at, e.g. `https://labels.example/status/revocation-3`. */
  listUrl: HttpsUrlSchema,
  issuer: HttpsUrlSchema,
  purpose: StatusPurposeSchema,
  encodedList: BitstringStatusListSchema.shape.encodedList,
  validFrom: z.date(),
  /** How long the credential is valid for, in milliseconds; also written as `ttl` (the refresh time). */
  validForMs: z
    .number()
    .int()
    .positive()
    .max(366 * 24 * 3600 * 1000),
});

/** Input of {@link buildStatusListCredential}. */
export type StatusListCredentialInput = z.input<typeof StatusListCredentialInputSchema>;

/** Seconds precision: the bytes of a republished list do not change with the millisecond it ran. */
const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Builds a status list credential (validated on the way out, so we never sign what we would refuse).
 * `ttl` equals the validity period: a verifier refreshes when the list expires, not before.
 */
export function buildStatusListCredential(input: StatusListCredentialInput): BitstringStatusListCredential {
  const { listUrl, issuer, purpose, encodedList, validFrom, validForMs } = StatusListCredentialInputSchema.parse(input);
  const from = Math.floor(validFrom.getTime() / 1000) * 1000;
  return BitstringStatusListCredentialSchema.parse({
    '@context': [VC_V2_CONTEXT],
    id: listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    validFrom: isoSeconds(from),
    validUntil: isoSeconds(from + validForMs),
    credentialSubject: { id: `${listUrl}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList, ttl: validForMs },
  });
}

/** A decimal index without sign or leading zeros (the spec's base-10 string). */
const DECIMAL_INDEX = /^(0|[1-9][0-9]{0,9})$/;

/** The `credentialStatus` entry of one label for one purpose. */
export const BitstringStatusListEntrySchema = z
  .strictObject({
    id: z.string().max(MAX_URL_CHARS + 16),
    type: z.literal('BitstringStatusListEntry'),
    statusPurpose: StatusPurposeSchema,
    statusListIndex: z.string().regex(DECIMAL_INDEX, 'must be a base-10 index without leading zeros'),
    statusListCredential: HttpsUrlSchema,
  })
  .superRefine((entry, ctx) => {
    if (entry.id !== `${entry.statusListCredential}#${entry.statusListIndex}`) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: 'must be statusListCredential#statusListIndex' });
    }
  });

/** A parsed {@link BitstringStatusListEntrySchema}. */
export type BitstringStatusListEntry = z.infer<typeof BitstringStatusListEntrySchema>;

/** Builds a label's `BitstringStatusListEntry` for `purpose` at `index` of the list at `listUrl`. */
export function buildStatusListEntry(input: { readonly listUrl: string; readonly index: number; readonly purpose: StatusPurpose }): BitstringStatusListEntry {
  const listUrl = HttpsUrlSchema.parse(input.listUrl);
  const index = z
    .number()
    .int()
    .nonnegative()
    .max(STATUS_LIST_MAX_ENTRIES - 1)
    .parse(input.index);
  return BitstringStatusListEntrySchema.parse({
    id: `${listUrl}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.purpose,
    statusListIndex: String(index),
    statusListCredential: listUrl,
  });
}

/**
 * The path segment naming one list of one purpose (`GET /status/{listId}`): `revocation-3`. Both
 * purposes of list 3 share its slots (see the module doc).
 */
export function statusListId(purpose: StatusPurpose, list: number): string {
  return `${StatusPurposeSchema.parse(purpose)}-${z.number().int().nonnegative().parse(list)}`;
}
