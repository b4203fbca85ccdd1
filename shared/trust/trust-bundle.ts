/**
 * The trust bundle a customs officer carries: the service's JWKS (keys with their status), its
 * signed revocation list, and when both were fetched. One JSON file, validated with zod on load;
 * the revocation list inside is re-verified against the bundle's JWKS every time it is loaded, so
 * an edited file is refused rather than believed, and the list must name the bundle's `source` as
 * its issuer.
 */
import * as z from 'zod';
import { keyLookupFrom, type KeyLookup } from '../keys/signing-key.ts';
import type { Revocation } from '../label/record.ts';
import { revocationIndex, type RevocationList } from '../revocation/revocation-list.ts';
import { verifyRevocationList } from '../tokens/revocation-list-token.ts';
import { JwksSchema, recordsFromJwks, type ParsedJwks } from './jwks-schema.ts';
import { CarbonLabelError } from '../errors/errors.ts';

/** `format` member of every bundle file. */
export const TRUST_BUNDLE_FORMAT = 'carbon-label-trust-bundle';

/** The file, as written by `carbon-label trust pull`. */
export const TrustBundleFileSchema = z.strictObject({
  format: z.literal(TRUST_BUNDLE_FORMAT),
  version: z.literal(1),
  /** Base URL it was pulled from. */
  source: z.string().url(),
  fetchedAt: z.iso.datetime({ offset: true }),
  jwks: JwksSchema,
  /** The compact JWS of `GET /revocations`, exactly as served. */
  revocations: z
    .string()
    .min(1)
    .max(64 * 1024 * 1024),
});

/** A bundle file's content. */
export type TrustBundleFile = z.infer<typeof TrustBundleFileSchema>;

/** A loaded, verified bundle, ready for offline verification. */
export interface TrustBundle {
  readonly source: string;
  readonly fetchedAt: string;
  readonly jwks: ParsedJwks;
  readonly keys: KeyLookup;
  readonly revocationList: RevocationList & { readonly kid: string };
  readonly revocations: ReadonlyMap<string, Revocation>;
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
  const keys = keyLookupFrom(recordsFromJwks(file.jwks));
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
  return { source: file.source, fetchedAt: file.fetchedAt, jwks: file.jwks, keys, revocationList, revocations: revocationIndex(revocationList) };
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

/** Builds a bundle file from what was just downloaded, verifying the list first (throws like {@link loadTrustBundle}). */
export function createTrustBundleFile(input: { source: string; fetchedAt: Date; jwks: unknown; revocations: string }): TrustBundleFile {
  const file = {
    format: TRUST_BUNDLE_FORMAT,
    version: 1,
    source: input.source,
    fetchedAt: input.fetchedAt.toISOString(),
    jwks: input.jwks,
    revocations: input.revocations.trim(),
  };
  loadTrustBundle(file);
  return TrustBundleFileSchema.parse(file);
}
