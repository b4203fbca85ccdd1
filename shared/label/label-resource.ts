/** The public JSON shape of a label (`GET /labels/{id}`, issuance and listing responses). */
import type { LabelResource } from './label-resource-schema.ts';
import { compactUrl, fullVerifyUrl } from './label-urls.ts';
import type { StoredLabel } from './record.ts';

/** A label as the API returns it; its schema is `LabelResourceSchema`. */
export type { LabelResource } from './label-resource-schema.ts';

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
