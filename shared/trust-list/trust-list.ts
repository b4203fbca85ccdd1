/**
 * The scheme's trust list: what a pinned verifier trusts. Signed by the scheme root (never by a
 * label key), it names the scheme, every label signing key with its status and period, and every
 * issuer with its accreditations. `seq` only grows, so a verifier holding list N refuses list
 * N − 1 (rollback); `nxt` says when to fetch again. A root rotation is announced by `nextRoot` in
 * a list signed by the old root, so a verifier pinned to the old root can follow the chain.
 */
// zod/mini: online verification reads the trust list on the verify function's path (README,
// Lambda bundles), whose bundle carries no classic zod.
import * as z from 'zod/mini';
import { jwkThumbprint } from '../jws/jwk-thumbprint.ts';

/** The JWS `typ` of a trust list. */
export const TRUST_LIST_TYPE = 'carbon-label-trustlist+jwt';

/** Version of the payload layout. */
export const TRUST_LIST_VERSION = 1;

const B64_COORDINATE = /^[A-Za-z0-9_-]{43}$/;
const Seconds = z.int().check(z.nonnegative(), z.maximum(253_402_300_799));
const Text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const Matching = (pattern: RegExp) => z.string().check(z.regex(pattern));

/** A P-256 public key as the list carries it. */
export const ListedJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: Matching(B64_COORDINATE),
  y: Matching(B64_COORDINATE),
});

/** A root key: its JWK and RFC 7638 thumbprint (the pin), which must agree. */
export const RootKeySchema = z
  .strictObject({ kid: Matching(B64_COORDINATE), jwk: ListedJwkSchema })
  .check(z.refine((k) => jwkThumbprint(k.jwk) === k.kid, { message: 'kid is not the root key thumbprint', path: ['kid'] }));

/** One label signing key. */
export const ListedSigningKeySchema = z
  .strictObject({
    kid: Matching(B64_COORDINATE),
    alg: z.literal('ES256'),
    jwk: ListedJwkSchema,
    status: z.enum(['active', 'retired', 'compromised']),
    /** Seconds: when it started signing, and when it stopped (retired or compromised). */
    from: Seconds,
    until: z.optional(Seconds),
  })
  .check(z.refine((k) => jwkThumbprint(k.jwk) === k.kid, { message: 'kid is not the key thumbprint', path: ['kid'] }));

/** What an issuer may certify: HS product categories, and optionally standards, markets, GTIN prefixes. */
export const ListedAccreditationSchema = z.strictObject({
  id: Text(64),
  /** HS headings or subheadings (2 to 6 digits) a label's `product.hsCode` must start with. */
  productCategories: z.array(Matching(/^\d{2,6}$/)).check(z.minLength(1), z.maxLength(500)),
  standards: z.optional(z.array(Text(64)).check(z.maxLength(50))),
  /** ISO 3166-1 alpha-2 codes, or `EU`. */
  markets: z.optional(z.array(Matching(/^[A-Z]{2}$/)).check(z.maxLength(250))),
  /** GS1 company prefixes a manufacturer's GTINs must start with. */
  gtinPrefixes: z.optional(z.array(Matching(/^\d{4,13}$/)).check(z.maxLength(500))),
  from: Seconds,
  validUntil: Seconds,
  accreditedBy: Text(200),
  reference: Text(200),
  status: z.enum(['active', 'suspended', 'withdrawn']),
  /** When the status last changed (seconds), absent while it never did. */
  statusAt: z.optional(Seconds),
});

/** One issuer and its accreditations. */
export const ListedIssuerSchema = z.strictObject({
  id: Matching(/^org_[0-9a-hjkmnp-tv-z]{12}$/),
  name: Text(200),
  /** A manufacturer labels its own goods (GTINs under its prefixes); a certification body certifies others'. */
  role: z.enum(['manufacturer', 'certification_body']),
  status: z.enum(['active', 'suspended', 'withdrawn']),
  accreditations: z.array(ListedAccreditationSchema).check(z.maxLength(100)),
});

/** The signed payload, validated strictly before anything in it is believed. */
export const TrustListPayloadSchema = z
  .strictObject({
    v: z.literal(TRUST_LIST_VERSION),
    scheme: z.strictObject({ id: Matching(/^[a-z0-9][a-z0-9.-]{0,62}$/), name: Text(200) }),
    /** Only grows: a verifier refuses a list whose seq is lower than the one it holds. */
    seq: z.int().check(z.positive(), z.maximum(Number.MAX_SAFE_INTEGER)),
    iat: Seconds,
    nxt: Seconds,
    /** The root that signs this list (its kid is also the header kid). */
    root: RootKeySchema,
    /** A root rotation: the next root, announced by the current one. */
    nextRoot: z.optional(RootKeySchema),
    keys: z.array(ListedSigningKeySchema).check(z.maxLength(1000)),
    issuers: z.array(ListedIssuerSchema).check(z.maxLength(100_000)),
  })
  .check(
    z.superRefine((p, ctx) => {
      const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path, input: p });
      if (p.nxt < p.iat) issue('nxt is before iat', ['nxt']);
      if (new Set(p.keys.map((k) => k.kid)).size !== p.keys.length) issue('duplicate key id', ['keys']);
      if (new Set(p.issuers.map((i) => i.id)).size !== p.issuers.length) issue('duplicate issuer id', ['issuers']);
      if (p.nextRoot && p.nextRoot.kid === p.root.kid) issue('the next root is the current root', ['nextRoot']);
      // A label key is never a root: the root signs only trust lists.
      if (p.keys.some((k) => k.kid === p.root.kid)) issue('a label signing key is the root', ['keys']);
    }),
  );

/** A decoded trust list. */
export type TrustList = z.infer<typeof TrustListPayloadSchema>;
export type ListedIssuer = z.infer<typeof ListedIssuerSchema>;
export type ListedAccreditation = z.infer<typeof ListedAccreditationSchema>;
export type ListedSigningKey = z.infer<typeof ListedSigningKeySchema>;
