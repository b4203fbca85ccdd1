/** The public JSON shape of a label (`GET /labels/{id}`, issuance and listing responses). */
import { compactUrl, fullVerifyUrl } from './label-urls.ts';
import type { LabelRecord, LabelStatus, Revocation, StoredLabel } from './record.ts';

/** A label as the API returns it. */
export interface LabelResource {
  readonly id: string;
  readonly status: LabelStatus;
  readonly issuer: LabelRecord['issuer'];
  readonly issuedAt: string;
  readonly validUntil: string;
  /** The compact JWS. */
  readonly token: string;
  readonly kid: string;
  /** base64url SHA-256 of `record`'s RFC 8785 canonical JSON; equals the token's `dig`. */
  readonly digest: string;
  readonly record: LabelRecord;
  readonly revocation?: Revocation;
  /** What the default QR encodes: the verification page carrying the whole token. */
  readonly verifyUrl: string;
  /** What the compact QR encodes: the page by label id (online check only). */
  readonly compactUrl: string;
  readonly links: {
    readonly self: string;
    readonly qrSvg: string;
    readonly qrPng: string;
    readonly labelSvg: string;
  };
}

/** Public URLs of a label, from the service's base URL. */
export function labelUrls(baseUrl: string, id: string, token: string) {
  return {
    verifyUrl: fullVerifyUrl(baseUrl, token),
    compactUrl: compactUrl(baseUrl, id),
    links: {
      self: `${baseUrl}/labels/${id}`,
      qrSvg: `${baseUrl}/labels/${id}/qr.svg`,
      qrPng: `${baseUrl}/labels/${id}/qr.png`,
      labelSvg: `${baseUrl}/labels/${id}/label.svg`,
    },
  };
}

/** Shapes a stored label for the API. */
export function toLabelResource(label: StoredLabel, baseUrl: string): LabelResource {
  const { record } = label;
  return {
    id: record.id,
    status: label.status,
    issuer: record.issuer,
    issuedAt: record.issuedAt,
    validUntil: record.validUntil,
    token: label.token,
    kid: label.kid,
    digest: label.digest,
    record,
    ...(label.revocation ? { revocation: label.revocation } : {}),
    ...labelUrls(baseUrl, record.id, label.token),
  };
}
