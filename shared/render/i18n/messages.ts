/**
 * Everything the verification page and the label art say, in one language. A language is one file
 * exporting a {@link Messages}; `languages.ts` lists them. Strings here are trusted markup-free
 * text: the renderer escapes them like any other text.
 */
import type { BOUNDARIES } from '../../label/request-schema.ts';
import type { VerdictStatus, VerdictWarningCode } from '../../verification/verdict.ts';
import type { DeclaredUnitKey } from '../footprint-figure.ts';

/** How revocation status was read (a verdict's `statusSource.kind`). */
export type StatusSourceKind = 'live' | 'cached' | 'offline' | 'none';

/** The page's text in one language. */
export interface Messages {
  /** BCP 47 tag, as used in `lang` and `?lang=`. */
  readonly lang: string;
  /** The language's own name, for the switch (e.g. "English", "中文"). */
  readonly languageName: string;
  /** Product name of the page (title suffix, header). */
  readonly siteName: string;
  /** Label of the language switch. */
  readonly languageSwitch: string;
  /** The verdict's headline per status. */
  readonly verdictTitle: Readonly<Record<VerdictStatus, string>>;
  /** One or two sentences under the headline: what it means and what to do. */
  readonly verdictAdvice: Readonly<Record<VerdictStatus, string>>;
  readonly revocation: {
    readonly reason: string;
    /** The reason's label when the scheme operator revoked the label (`by: scheme`). */
    readonly reasonByScheme: string;
    readonly revokedAt: string;
    readonly supersededBy: string;
  };
  /** Heading of the claim details under a `valid` verdict. */
  readonly claimHeadingValid: string;
  /** Heading of the claim details under any other genuine verdict: plainly not verified. */
  readonly claimHeadingNotValid: string;
  /** Shown when no claim may be shown (the signature is not genuine). */
  readonly noClaim: string;
  readonly fields: {
    readonly product: string;
    readonly productId: string;
    readonly footprint: string;
    readonly footprintExact: string;
    readonly boundary: string;
    readonly referencePeriod: string;
    readonly standards: string;
    readonly geography: string;
    readonly assurance: string;
    readonly issuer: string;
    readonly issuerId: string;
    readonly labelId: string;
    readonly issuedAt: string;
    readonly validity: string;
    readonly keyId: string;
    readonly checkedAt: string;
    readonly statusSource: string;
    readonly recordDigest: string;
  };
  /** Words for the check section's heading. */
  readonly checkHeading: string;
  readonly notAssured: string;
  readonly assuranceLevel: Readonly<Record<'limited' | 'reasonable', string>>;
  readonly boundaries: Readonly<Record<(typeof BOUNDARIES)[number], string>>;
  readonly statusSources: Readonly<Record<StatusSourceKind, string>>;
  /** "per tonne", "per 1000 kWh": what a footprint is per. */
  per(amount: string | undefined, unit: DeclaredUnitKey): string;
  /** "from … to …" for a period of two dates already formatted. */
  period(from: string, to: string): string;
  /** Footer: how the check was made. */
  readonly footer: string;
  /** The "who vouches" block under a genuine claim. */
  readonly vouch: VouchMessages;
  /** The printable label art (`GET /labels/{id}/label.svg?lang=`). */
  readonly labelArt: LabelArtMessages;
}

/** Who vouches for a label: the scheme, the issuer's accreditation, the assurance provider. */
export interface VouchMessages {
  readonly heading: string;
  /** Row label of the scheme. */
  readonly scheme: string;
  /** "<scheme name>, at <domain>". */
  schemeAt(name: string, domain: string): string;
  /** When no signed trust list is known: the service only. */
  noScheme(domain: string): string;
  /** Row label of the accreditation. */
  readonly accreditation: string;
  /** "accredited by <body> (<reference>) for HS <scope>". */
  accreditedFor(body: string, reference: string, scope: string): string;
  /** The issuer is listed but the label names no accreditation (older labels). */
  readonly noAccreditation: string;
  /** The issuer is not in the scheme's list at all. */
  readonly issuerUnlisted: string;
  readonly accreditationStatus: Readonly<Record<'active' | 'suspended' | 'withdrawn', string>>;
  /** Row label of the assurance provider. */
  readonly assurance: string;
  /** The provider as the issuer declared it (not checked by the scheme). */
  declaredByIssuer(provider: string): string;
  /** The provider is a certification body the scheme lists under that exact name. */
  listedByScheme(provider: string): string;
  /** Asks the reader to compare the pack in hand. */
  checkPack(product: string, productId: string): string;
  readonly warnings: Readonly<Record<VerdictWarningCode, string>>;
}

/** What the printed label says. Short: it is printed 40 mm wide. */
export interface LabelArtMessages {
  /** Header band of a current label, e.g. "CARBON FOOTPRINT". */
  readonly heading: string;
  /** What the figure leaves out, before the boundary. */
  readonly excludingBiogenic: string;
  /** Third-party verification: provider and level (already in words). */
  verifiedBy(provider: string, level: string): string;
  readonly notVerified: string;
  /** "Period …" with the period already formatted by {@link Messages.period}. */
  referencePeriod(period: string): string;
  issuedBy(issuer: string): string;
  /** Above the short verify URL. */
  readonly scanToVerify: string;
  /** What a current label is called in the image's accessible name, e.g. "Carbon label". */
  readonly kind: string;
  /**
   * What art prints instead of looking current, per state (`label-art/label-art-state.ts`):
   * revoked, expired, not yet valid, signed by a compromised key, or not genuine.
   */
  readonly warnings: Readonly<Record<LabelArtWarningKey, LabelArtWarning>>;
  /** The image's accessible name, from `kind` (or a warning's) and the product and figure. */
  title(kind: string, product: string, figure: string): string;
}

/** The states label art warns about (mirrors `LabelArtWarningState` in `label-art/label-art-state.ts`). */
export type LabelArtWarningKey = 'revoked' | 'expired' | 'not_yet_valid' | 'key_compromised' | 'accreditation_withdrawn' | 'not_genuine';

/** How art says that a label is not to be relied on. */
export interface LabelArtWarning {
  /** Header band, e.g. "REVOKED: DO NOT RELY". Fits 40 mm on one line at 2.4 mm. */
  readonly heading: string;
  /** The line under the figure; `date` (the revocation, expiry or start date) already formatted, or absent. */
  line(date: string | undefined): string;
  /** What such a label is called in the accessible name, e.g. "REVOKED carbon label". */
  readonly kind: string;
}
