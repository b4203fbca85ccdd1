/**
 * The label record: everything a label asserts. Its RFC 8785 canonical JSON is hashed into the
 * token's `dig` claim, so the signature binds every field here while the token stays small.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json.ts';
import type { LabelRequest } from './request-schema.ts';

/** Version of the record layout; bumped if fields change meaning. */
export const RECORD_SCHEMA_VERSION = 1;

/** The signed content of a label, as `GET /labels/{id}` returns it under `record`. */
export interface LabelRecord {
  readonly schemaVersion: typeof RECORD_SCHEMA_VERSION;
  readonly id: string;
  readonly issuer: { readonly id: string; readonly name: string };
  readonly issuedAt: string;
  readonly validFrom: string;
  readonly validUntil: string;
  readonly product: LabelRequest['product'];
  readonly footprint: LabelRequest['footprint'];
  readonly verification?: LabelRequest['verification'];
  readonly cbam?: LabelRequest['cbam'];
  /** The accreditation the issuer issued under (absent on labels issued before accreditation). */
  readonly accreditationId?: string;
}

/** Lifecycle state of a label. */
export type LabelStatus = 'active' | 'revoked';

/** Why and when a label was revoked. */
export interface Revocation {
  readonly revokedAt: string;
  readonly reason: string;
  /** A label of the same issuer that replaces this one. */
  readonly supersededBy?: string;
  /** Who revoked: the issuer, or the scheme operator. Stored revocations without it read as `issuer`. */
  readonly by?: RevokedBy;
}

/** Who revoked a label. */
export type RevokedBy = 'issuer' | 'scheme';

/** A label as stored: the signed record plus its token and mutable status. */
export interface StoredLabel {
  readonly record: LabelRecord;
  /** base64url SHA-256 of the record's canonical JSON (the token's `dig`). */
  readonly digest: string;
  readonly token: string;
  readonly kid: string;
  readonly status: LabelStatus;
  readonly revocation?: Revocation;
}

/** SHA-256 (base64url) of the record's RFC 8785 canonical JSON. */
export function recordDigest(record: LabelRecord): string {
  return hash('sha256', canonicalJson(record), 'base64url');
}

/** Builds the record for a validated request. Seconds precision, so it matches the token's times. */
export function buildLabelRecord(input: {
  id: string;
  issuer: { id: string; name: string };
  request: LabelRequest;
  issuedAt: Date;
  defaultValidityDays: number;
  /** The accreditation the label is issued under; bound by the digest. */
  accreditationId?: string;
}): LabelRecord {
  const issued = new Date(Math.floor(input.issuedAt.getTime() / 1000) * 1000);
  const until = input.request.validUntil
    ? new Date(Math.floor(Date.parse(input.request.validUntil) / 1000) * 1000)
    : new Date(issued.getTime() + input.defaultValidityDays * 86_400_000);
  const { product, footprint, verification, cbam } = input.request;
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: input.id,
    issuer: { id: input.issuer.id, name: input.issuer.name },
    issuedAt: issued.toISOString(),
    validFrom: issued.toISOString(),
    validUntil: until.toISOString(),
    product,
    footprint,
    ...(verification ? { verification } : {}),
    ...(cbam ? { cbam } : {}),
    ...(input.accreditationId ? { accreditationId: input.accreditationId } : {}),
  };
}
