/** The public JSON shape of a label (`GET /labels/{id}`, issuance and listing responses). */
import type { Keyring } from '../keys/keyring.ts';
import type { KeyStatus } from '../keys/signing-key.ts';
import { effectiveStatusOf, needsReissue, REISSUE_COMMAND } from './effective-status.ts';
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

/** What the effective state of a label is judged against. */
export interface LabelView {
  /** The status of each signing key by kid (a kid missing: judged on the label alone). */
  readonly keyStatus: (kid: string) => KeyStatus | undefined;
  readonly now: Date;
}

/** The key statuses of `records`, for {@link LabelView.keyStatus}. */
export function keyStatusLookup(records: readonly { readonly kid: string; readonly status: KeyStatus }[]): (kid: string) => KeyStatus | undefined {
  const byKid = new Map(records.map((r) => [r.kid, r.status]));
  return (kid) => byKid.get(kid);
}

/** The view as of now: the keyring's key statuses (as fresh as its refresh interval) and the clock. */
export async function currentLabelView(services: { readonly keyring: Pick<Keyring, 'records'>; readonly now: () => Date }): Promise<LabelView> {
  return { keyStatus: keyStatusLookup(await services.keyring.records()), now: services.now() };
}

/** Shapes a stored label for the API, with its effective state as of `view.now`. */
export function toLabelResource(label: StoredLabel, baseUrl: string, view: LabelView): LabelResource {
  const { record } = label;
  const effectiveStatus = effectiveStatusOf(label, view.keyStatus(label.kid), view.now);
  return {
    id: record.id,
    status: label.status,
    effectiveStatus,
    ...(needsReissue(label, effectiveStatus)
      ? {
          reissue: {
            reason:
              'Its signing key was marked compromised, so every verifier refuses this label; issue it again under the current key and revoke this one as superseded.',
            command: REISSUE_COMMAND,
          },
        }
      : {}),
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
