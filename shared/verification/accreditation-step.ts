/**
 * The accreditation step: what the scheme's trust list says of a genuine label's issuer and of the
 * accreditation the label was issued under (`acc`). It runs after the record checks and before
 * revocation, online and offline alike.
 * - The issuer, or the accreditation the label names, withdrawn (at any time, before or after
 *   issuance) → `accreditation_withdrawn`: the scheme no longer vouches for anything it certified.
 * - Suspended → a warning only: new issuance is refused, labels already issued stand.
 * - An accreditation that has since expired changes nothing: expiry is judged at issuance only.
 * - A label without `acc` (issued before accreditation scopes) gets the issuer as listed and no
 *   accreditation; a label whose issuer or accreditation the list does not name (a list older
 *   than the accreditation) gets a warning, never a failure.
 */
import type { LabelClaims } from '../label/claims.ts';
import type { SchemeRef } from '../scheme/scheme.ts';
import type { ListedAccreditation, ListedIssuer, TrustList } from '../trust-list/trust-list.ts';
import { VERDICT_WARNING_MEANINGS, type VerdictAccreditation, type VerdictIssuer, type VerdictWarning, type VerdictWarningCode } from './verdict.ts';

/** What the step adds to a genuine verdict. */
export interface SchemeFields {
  readonly scheme: SchemeRef;
  readonly issuer?: VerdictIssuer;
  readonly warnings?: readonly VerdictWarning[];
}

/** The step's answer: the fields, and a reason when the label must be `accreditation_withdrawn`. */
export interface AccreditationJudgement {
  readonly fields: SchemeFields;
  readonly withdrawn?: string;
}

/** How verdicts name the scheme a list belongs to. */
export function schemeRefOf(list: TrustList): SchemeRef {
  return { id: list.scheme.id, name: list.scheme.name, rootThumbprint: list.root.kid };
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

const warning = (code: VerdictWarningCode, detail?: string): VerdictWarning => ({
  code,
  message: detail ? `${VERDICT_WARNING_MEANINGS[code]} ${detail}` : VERDICT_WARNING_MEANINGS[code],
});

/** The longest accredited category the HS code falls under, if any. */
function matchedCategory(categories: readonly string[], hsCode: string | undefined): string | undefined {
  if (hsCode === undefined) return undefined;
  return categories.filter((c) => hsCode.startsWith(c)).sort((a, b) => b.length - a.length)[0];
}

function describeAccreditation(a: ListedAccreditation, hsCode: string | undefined): VerdictAccreditation {
  const productCategory = matchedCategory(a.productCategories, hsCode);
  return {
    id: a.id,
    scope: {
      ...(productCategory !== undefined ? { productCategory } : {}),
      ...(hsCode !== undefined ? { hsCode } : {}),
      productCategories: a.productCategories,
      ...(a.standards ? { standards: a.standards } : {}),
      ...(a.markets ? { markets: a.markets } : {}),
      ...(a.gtinPrefixes ? { gtinPrefixes: a.gtinPrefixes } : {}),
    },
    accreditedBy: a.accreditedBy,
    reference: a.reference,
    validUntil: iso(a.validUntil),
    status: a.status,
  };
}

function describeIssuer(issuer: ListedIssuer, accreditation: VerdictAccreditation | undefined): VerdictIssuer {
  return { id: issuer.id, name: issuer.name, role: issuer.role, status: issuer.status, ...(accreditation ? { accreditation } : {}) };
}

/** Issuers by id, built once per list (a list may name 100,000 issuers; verdicts are many). */
const issuerIndexes = new WeakMap<TrustList, ReadonlyMap<string, ListedIssuer>>();

function listedIssuer(list: TrustList, id: string): ListedIssuer | undefined {
  let index = issuerIndexes.get(list);
  if (!index) {
    index = new Map(list.issuers.map((i) => [i.id, i]));
    issuerIndexes.set(list, index);
  }
  return index.get(id);
}

/** Judges genuine `claims` against `list`. Pure; never throws. */
export function judgeAccreditation(claims: LabelClaims, list: TrustList): AccreditationJudgement {
  const scheme = schemeRefOf(list);
  const issuer = listedIssuer(list, claims.iss);
  if (!issuer) {
    return claims.acc === undefined
      ? { fields: { scheme } }
      : { fields: { scheme, warnings: [warning('accreditation_unlisted', `Issuer ${claims.iss} is not listed.`)] } };
  }
  const listed = claims.acc === undefined ? undefined : issuer.accreditations.find((a) => a.id === claims.acc);
  const accreditation = listed ? describeAccreditation(listed, claims.hsc) : undefined;
  const fields = (warnings: VerdictWarning[]): SchemeFields => ({
    scheme,
    issuer: describeIssuer(issuer, accreditation),
    ...(warnings.length > 0 ? { warnings } : {}),
  });
  if (issuer.status === 'withdrawn') {
    return { fields: fields([]), withdrawn: `The scheme ${scheme.name} has withdrawn the issuer ${issuer.name}: none of its labels can be relied on.` };
  }
  if (listed?.status === 'withdrawn') {
    return {
      fields: fields([]),
      withdrawn: `The scheme ${scheme.name} has withdrawn accreditation ${listed.id} (${listed.accreditedBy}, ${listed.reference}) that this label was issued under.`,
    };
  }
  const warnings: VerdictWarning[] = [];
  if (issuer.status === 'suspended') warnings.push(warning('issuer_suspended'));
  if (listed?.status === 'suspended') warnings.push(warning('accreditation_suspended'));
  if (claims.acc !== undefined && !listed) warnings.push(warning('accreditation_unlisted', `Accreditation ${claims.acc} is not listed for ${issuer.name}.`));
  return { fields: fields(warnings) };
}
