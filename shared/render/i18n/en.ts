/** English. */
import type { DeclaredUnitKey } from '../footprint-figure.ts';
import type { Messages } from './messages.ts';

const UNITS: Readonly<Record<DeclaredUnitKey, readonly [one: string, many: string]>> = {
  tonne: ['tonne', 'tonnes'],
  kilogram: ['kg', 'kg'],
  liter: ['litre', 'litres'],
  'cubic meter': ['m³', 'm³'],
  'kilowatt hour': ['kWh', 'kWh'],
  megajoule: ['MJ', 'MJ'],
  'ton kilometer': ['tonne-kilometre', 'tonne-kilometres'],
  'square meter': ['m²', 'm²'],
  piece: ['piece', 'pieces'],
  hour: ['hour', 'hours'],
  'megabit second': ['megabit-second', 'megabit-seconds'],
};

const NOT_GENUINE = 'Not genuine';
const DO_NOT_TRUST = 'Do not trust any figure associated with this code. It may have been altered or forged.';

/** English messages. */
export const en: Messages = {
  lang: 'en',
  languageName: 'English',
  siteName: 'Carbon label check',
  languageSwitch: 'Language',
  verdictTitle: {
    valid: 'Verified',
    revoked: 'Revoked',
    expired: 'Expired',
    not_yet_valid: 'Not yet valid',
    bad_signature: NOT_GENUINE,
    unknown_key: NOT_GENUINE,
    malformed: NOT_GENUINE,
    key_compromised: NOT_GENUINE,
    record_mismatch: NOT_GENUINE,
    unknown_label: 'Unknown label',
    status_unavailable: 'Could not be checked',
    untrusted_scheme: 'Not from a trusted scheme',
    accreditation_withdrawn: 'Issuer no longer accredited',
  },
  verdictAdvice: {
    valid: 'This label is genuine, current and not revoked. The claim below was signed by the issuer named.',
    revoked: 'The issuer has withdrawn this label. Do not rely on its claim.',
    expired: 'This label was genuine but its validity has ended. Ask the issuer for a current label.',
    not_yet_valid: 'This label is genuine but its validity has not begun yet.',
    bad_signature: `The signature does not match the content. ${DO_NOT_TRUST}`,
    unknown_key: `It was not signed with any key this service has published. ${DO_NOT_TRUST}`,
    malformed: `This is not a well-formed carbon label. ${DO_NOT_TRUST}`,
    key_compromised: `It was signed with a key that has been reported compromised. ${DO_NOT_TRUST}`,
    record_mismatch: `The signed label no longer matches the record on file. ${DO_NOT_TRUST}`,
    unknown_label: 'No such label is on record at this service. Do not rely on it.',
    status_unavailable:
      'The check could not be completed right now: we could not read whether this label was revoked. This is not a pass. Try again in a moment.',
    untrusted_scheme: `It was signed with a key that no trusted labelling scheme lists. It may come from a look-alike service. ${DO_NOT_TRUST}`,
    accreditation_withdrawn: 'The labelling scheme has withdrawn the issuer, or the accreditation this label was issued under. Do not rely on its claim.',
  },
  revocation: { reason: 'Reason given by the issuer', revokedAt: 'Revoked on', supersededBy: 'Replaced by label' },
  claimHeadingValid: 'What the label says',
  claimHeadingNotValid: 'What this label claimed (not verified, see above)',
  noClaim: 'Nothing this code says can be trusted, so none of it is shown.',
  fields: {
    product: 'Product',
    productId: 'Product id',
    footprint: 'Carbon footprint',
    footprintExact: 'As declared',
    boundary: 'Boundary',
    referencePeriod: 'Reference period',
    standards: 'Standards',
    geography: 'Country',
    assurance: 'Third-party verification',
    issuer: 'Issuer',
    issuerId: 'Issuer id',
    labelId: 'Label id',
    issuedAt: 'Issued',
    validity: 'Valid',
    keyId: 'Signing key',
    checkedAt: 'Checked',
    statusSource: 'Revocation status',
    recordDigest: 'Record digest (SHA-256)',
  },
  checkHeading: 'About this check',
  notAssured: 'None declared',
  assuranceLevel: { limited: 'limited assurance', reasonable: 'reasonable assurance' },
  boundaries: { 'cradle-to-gate': 'Cradle to gate', 'cradle-to-grave': 'Cradle to grave', 'gate-to-gate': 'Gate to gate' },
  statusSources: {
    live: 'read live from the register',
    cached: 'from a recent copy of the register',
    offline: 'from an offline copy of the register',
    none: 'not checked',
  },
  per(amount, unit) {
    const [one, many] = UNITS[unit] ?? [unit, unit];
    return amount === undefined ? `per ${one}` : `per ${amount} ${many}`;
  },
  period: (from, to) => `${from} to ${to}`,
  footer: 'Checked by this service against its published signing keys and its register of revocations.',
  labelArt: {
    heading: 'CARBON FOOTPRINT',
    excludingBiogenic: 'excl. biogenic uptake',
    verifiedBy: (provider, level) => `Verified by ${provider} (${level})`,
    notVerified: 'Not third-party verified',
    referencePeriod: (period) => `Period ${period}`,
    issuedBy: (issuer) => `Issued by ${issuer}`,
    scanToVerify: 'Scan or visit to verify:',
    kind: 'Carbon label',
    warnings: {
      revoked: { heading: 'REVOKED: DO NOT RELY', line: (date) => `Revoked${date ? ` ${date}` : ''}. Scan for details.`, kind: 'REVOKED carbon label' },
      expired: { heading: 'EXPIRED: DO NOT RELY', line: (date) => `Expired${date ? ` ${date}` : ''}. Scan for details.`, kind: 'EXPIRED carbon label' },
      not_yet_valid: {
        heading: 'NOT YET VALID',
        line: (date) => `${date ? `Valid from ${date}` : 'Not yet valid'}. Scan for details.`,
        kind: 'NOT YET VALID carbon label',
      },
      key_compromised: {
        heading: 'NOT GENUINE: DO NOT RELY',
        line: () => 'Its signing key was reported compromised. Scan for details.',
        kind: 'NOT GENUINE carbon label',
      },
      not_genuine: { heading: 'NOT GENUINE: DO NOT RELY', line: () => 'It fails verification. Scan for details.', kind: 'NOT GENUINE carbon label' },
    },
    title: (kind, product, figure) => `${kind}: ${product}, ${figure}`,
  },
};
