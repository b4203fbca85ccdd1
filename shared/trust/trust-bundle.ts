/**
 * The trust bundle a customs officer carries. One JSON file, validated with zod on load and
 * re-verified every time it is loaded, so an edited file is refused rather than believed.
 * - Version 2 (pinned): the scheme root `pin` (an RFC 7638 thumbprint) and `trustLists`, the chain
 *   of signed trust lists from the pinned root to the current list (usually one; more after a
 *   root rotation). Loading follows the chain from the pin (`followTrustListChain`); the label
 *   keys are the current list's, and the revocation list is verified against them.
 * - Version 1 (legacy): the service's unsigned JWKS; still loads, but its verdicts name no scheme.
 * Either way the revocation list must name the bundle's `source` as its issuer.
 */
import * as z from 'zod';
import { keyLookupFrom, type KeyLookup } from '../keys/signing-key.ts';
import type { Revocation } from '../label/record.ts';
import { revocationIndex, type RevocationList } from '../revocation/revocation-list.ts';
import { verifyRevocationList } from '../tokens/revocation-list-token.ts';
import { JwksSchema, recordsFromJwks, type ParsedJwks } from './jwks-schema.ts';
import { CarbonLabelError } from '../errors/errors.ts';
import type { SchemeRef } from '../scheme/scheme.ts';
import { followTrustListChain, TrustListError } from '../trust-list/pinned-trust-list.ts';
import type { TrustList } from '../trust-list/trust-list.ts';
import { MAX_TRUST_LIST_LENGTH } from '../tokens/trust-list-token.ts';
import { schemeRefOf } from '../verification/accreditation-step.ts';

/** `format` member of every bundle file. */
export const TRUST_BUNDLE_FORMAT = 'carbon-label-trust-bundle';

const Revocations = z
  .string()
  .min(1)
  .max(64 * 1024 * 1024);

/** A version 1 file (legacy: an unsigned JWKS, no scheme). */
export const TrustBundleV1FileSchema = z.strictObject({
  format: z.literal(TRUST_BUNDLE_FORMAT),
  version: z.literal(1),
  /** Base URL it was pulled from. */
  source: z.string().url(),
  fetchedAt: z.iso.datetime({ offset: true }),
  jwks: JwksSchema,
  /** The compact JWS of `GET /revocations`, exactly as served. */
  revocations: Revocations,
});

/** A version 2 file, as written by `carbon-label trust pull`: pinned to a scheme root. */
export const TrustBundleV2FileSchema = z.strictObject({
  format: z.literal(TRUST_BUNDLE_FORMAT),
  version: z.literal(2),
  /** Base URL it was pulled from. */
  source: z.string().url(),
  fetchedAt: z.iso.datetime({ offset: true }),
  /** RFC 7638 thumbprint of the scheme root the verifier trusts. */
  pin: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** Compact JWS trust lists: the first signed by the pinned root, each next by the root the one before names or announces. */
  trustLists: z.array(z.string().min(1).max(MAX_TRUST_LIST_LENGTH)).min(1).max(16),
  /** The compact JWS of `GET /revocations`, exactly as served. */
  revocations: Revocations,
});

/** The file, either version. */
export const TrustBundleFileSchema = z.discriminatedUnion('version', [TrustBundleV1FileSchema, TrustBundleV2FileSchema]);

/** A bundle file's content. */
export type TrustBundleFile = z.infer<typeof TrustBundleFileSchema>;
export type TrustBundleV1File = z.infer<typeof TrustBundleV1FileSchema>;
export type TrustBundleV2File = z.infer<typeof TrustBundleV2FileSchema>;

/** A loaded, verified bundle, ready for offline verification. */
export interface TrustBundle {
  readonly version: 1 | 2;
  readonly source: string;
  readonly fetchedAt: string;
  readonly jwks: ParsedJwks;
  readonly keys: KeyLookup;
  readonly revocationList: RevocationList & { readonly kid: string };
  readonly revocations: ReadonlyMap<string, Revocation>;
  /** Version 2: the pin, the chain as carried, the current (verified) list and its scheme. */
  readonly pin?: string;
  readonly trustLists?: readonly string[];
  readonly trustList?: TrustList;
  readonly scheme?: SchemeRef;
}

/** Why a bundle was refused. */
export class TrustBundleError extends CarbonLabelError {
  readonly code = 'invalid_trust_bundle';
}

/**
 * Validates a bundle's content and verifies its revocation list against its JWKS.
 * @throws {TrustBundleError} naming what is wrong.
 */
export function loadTrustBundle(content: unknown): TrustBundle {
  const parsed = TrustBundleFileSchema.safeParse(content);
  if (!parsed.success) {
    throw new TrustBundleError(`not a valid trust bundle: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const file = parsed.data;
  let pinned: { jwks: ParsedJwks; trustList: TrustList } | undefined;
  if (file.version === 2) {
    try {
      const trustList = followTrustListChain(file.trustLists, { pin: file.pin });
      pinned = { trustList, jwks: jwksFromTrustList(trustList) };
    } catch (cause) {
      if (cause instanceof TrustListError) throw new TrustBundleError(`the trust list is not acceptable (${cause.refusal}): ${cause.message}`, { cause });
      throw cause;
    }
  }
  const jwks = pinned ? pinned.jwks : (file as z.infer<typeof TrustBundleV1FileSchema>).jwks;
  const keys = keyLookupFrom(recordsFromJwks(jwks));
  let revocationList: TrustBundle['revocationList'];
  try {
    revocationList = verifyRevocationList(file.revocations, keys);
  } catch (cause) {
    throw new TrustBundleError(`the revocation list is not acceptable: ${(cause as Error).message}`, { cause });
  }
  // A list names the service that cut it; one from another service (or a test instance, or a
  // staging copy signed with a shared key) says nothing about the service this bundle is for.
  if (!sameServiceUrl(revocationList.issuer, file.source)) {
    throw new TrustBundleError(`the revocation list was issued by ${revocationList.issuer}, not by ${file.source}, the service the bundle was pulled from`);
  }
  const common = { source: file.source, fetchedAt: file.fetchedAt, jwks, keys, revocationList, revocations: revocationIndex(revocationList) };
  if (!pinned || file.version !== 2) return { version: 1, ...common };
  return {
    version: 2,
    ...common,
    pin: file.pin,
    trustLists: file.trustLists,
    trustList: pinned.trustList,
    scheme: schemeRefOf(pinned.trustList),
  };
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The label keys a trust list names, in JWKS form (how a v1 bundle has them). */
export function jwksFromTrustList(list: TrustList): ParsedJwks {
  return {
    keys: list.keys.map((k) => ({
      ...k.jwk,
      kid: k.kid,
      alg: k.alg,
      use: 'sig' as const,
      status: k.status,
      createdAt: isoSeconds(k.from),
      ...(k.until !== undefined && k.status === 'retired' ? { retiredAt: isoSeconds(k.until) } : {}),
      ...(k.until !== undefined && k.status === 'compromised' ? { compromisedAt: isoSeconds(k.until) } : {}),
    })),
  };
}

/** Whether two base URLs name the same service: equal once parsed (case, default port) and without trailing slashes. */
export function sameServiceUrl(a: string, b: string): boolean {
  const canonical = (u: string) => {
    try {
      const url = new URL(u);
      return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return undefined;
    }
  };
  const ca = canonical(a);
  return ca !== undefined && ca === canonical(b);
}

/**
 * Builds a pinned (v2) bundle file from what was just downloaded: `trustLists` from the pinned
 * root to the current list. Verified first (throws like {@link loadTrustBundle}).
 */
export function createPinnedTrustBundleFile(input: {
  source: string;
  fetchedAt: Date;
  pin: string;
  trustLists: readonly string[];
  revocations: string;
}): TrustBundleV2File {
  const file = {
    format: TRUST_BUNDLE_FORMAT,
    version: 2 as const,
    source: input.source,
    fetchedAt: input.fetchedAt.toISOString(),
    pin: input.pin,
    trustLists: input.trustLists.map((t) => t.trim()),
    revocations: input.revocations.trim(),
  };
  loadTrustBundle(file);
  return TrustBundleV2FileSchema.parse(file);
}

/** Builds a legacy (v1) bundle file from what was just downloaded, verifying the list first (throws like {@link loadTrustBundle}). */
export function createTrustBundleFile(input: { source: string; fetchedAt: Date; jwks: unknown; revocations: string }): TrustBundleV1File {
  const file = {
    format: TRUST_BUNDLE_FORMAT,
    version: 1,
    source: input.source,
    fetchedAt: input.fetchedAt.toISOString(),
    jwks: input.jwks,
    revocations: input.revocations.trim(),
  };
  loadTrustBundle(file);
  return TrustBundleV1FileSchema.parse(file);
}
