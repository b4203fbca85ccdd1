/**
 * The verification page a QR code opens: one verdict in words, colour and icon shape, then the
 * claim. Server-rendered, no script, one inline style sheet admitted by CSP hash.
 *
 * The claim shown comes only from `verdict.claim`, which the core sets only when the signature
 * is genuine: a forged or tampered token never gets its figures on this page. A genuine claim
 * under any verdict but `valid` is framed as not verified.
 */
import type { HeadlineClaim } from '../../label/claims.ts';
import { compactUrl } from '../../label/label-urls.ts';
import type { Verdict } from '../../verification/verdict.ts';
import { escapeText as e } from '../escape.ts';
import { footprintFigure, normaliseDecimal } from '../footprint-figure.ts';
import { formatUtc } from '../format-time.ts';
import { LANGUAGES } from '../i18n/languages.ts';
import type { Messages } from '../i18n/messages.ts';
import { PAGE_STYLE } from './page-style.ts';
import { ICON_SVG, VERDICT_VIEWS } from './verdict-view.ts';

/** What the page needs. */
export interface VerifyPageInput {
  readonly verdict: Verdict;
  readonly messages: Messages;
  /** Base of public links (successor labels), without a trailing slash; its host is the scheme's domain. */
  readonly baseUrl: string;
  /** Whether the claim's assurance provider is a certification body the scheme lists by that exact name. */
  readonly assuranceListed?: boolean;
}

type Row = readonly [label: string, valueHtml: string];

const rows = (items: readonly (Row | undefined)[]): string =>
  `<dl>${items
    .filter((r): r is Row => r !== undefined)
    .map(([label, value]) => `<div><dt>${e(label)}</dt><dd>${value}</dd></div>`)
    .join('')}</dl>`;

/** The headline figure in the page's language, e.g. "2.01 t CO₂e per tonne". */
export function headlineFigure(claim: HeadlineClaim, m: Messages): string {
  const fp = claim.footprint;
  const figure = footprintFigure(fp.pcfExcludingBiogenicUptake, fp.declaredUnitAmount, fp.declaredUnitOfMeasurement);
  return `${figure.value} ${figure.massUnit} CO₂e ${m.per(figure.per.amount, figure.per.unit)}`;
}

function claimSection(claim: HeadlineClaim, verdict: Verdict, m: Messages): string {
  const fp = claim.footprint;
  const verified = verdict.valid;
  const boundary = (m.boundaries as Record<string, string>)[fp.boundary] ?? fp.boundary;
  const assurance = claim.assurance
    ? `${e(claim.assurance.providerName)}${claim.assurance.level ? ` (${e((m.assuranceLevel as Record<string, string>)[claim.assurance.level] ?? claim.assurance.level)})` : ''}`
    : e(m.notAssured);
  const exact = `${e(normaliseDecimal(fp.pcfExcludingBiogenicUptake))} kg CO₂e / ${e(normaliseDecimal(fp.declaredUnitAmount))} ${e(fp.declaredUnitOfMeasurement)}`;
  return `<section class="box${verified ? '' : ' unverified'}" aria-labelledby="claim-h">
<h2 id="claim-h">${e(verified ? m.claimHeadingValid : m.claimHeadingNotValid)}</h2>
<p class="figure">${e(headlineFigure(claim, m))}</p>
${rows([
  [m.fields.product, e(claim.product.name)],
  [m.fields.productId, `<span class="mono">${e(claim.product.id)}</span>`],
  [m.fields.footprintExact, exact],
  [m.fields.boundary, e(boundary)],
  [m.fields.referencePeriod, e(m.period(formatUtc(fp.referencePeriodStart, true), formatUtc(fp.referencePeriodEnd, true)))],
  [m.fields.standards, e(fp.crossSectoralStandards.join(', '))],
  [m.fields.geography, e(fp.geographyCountry)],
  [m.fields.assurance, assurance],
  [m.fields.issuer, e(claim.issuer.name)],
  [m.fields.issuerId, `<span class="mono">${e(claim.issuer.id)}</span>`],
  [m.fields.issuedAt, e(formatUtc(claim.issuedAt))],
  [m.fields.validity, e(m.period(formatUtc(claim.validFrom), formatUtc(claim.validUntil)))],
  [m.fields.recordDigest, `<span class="mono">${e(claim.recordDigest)}</span>`],
])}
</section>`;
}

/** The host of the public base URL: the domain the reader should recognise. */
function domainOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return baseUrl;
  }
}

/** Who vouches: the scheme and its domain, the issuer's accreditation, the assurance provider, the pack check. */
function vouchSection(claim: HeadlineClaim, verdict: Verdict, m: Messages, baseUrl: string, assuranceListed: boolean): string {
  const v = m.vouch;
  const domain = domainOf(baseUrl);
  const a = verdict.issuer?.accreditation;
  const scope = a
    ? [`HS ${a.scope.productCategory ?? a.scope.productCategories.join(', ')}`, ...(a.scope.markets?.length ? [a.scope.markets.join(', ')] : [])].join(' · ')
    : '';
  const accreditation = a
    ? `${e(v.accreditedFor(a.accreditedBy, a.reference, scope))} (${e(v.accreditationStatus[a.status])})`
    : verdict.issuer
      ? e(v.noAccreditation)
      : verdict.scheme
        ? e(v.issuerUnlisted)
        : undefined;
  const provider = claim.assurance?.providerName;
  const warnings = verdict.warnings?.length
    ? `<ul class="note">${verdict.warnings.map((w) => `<li>${e(v.warnings[w.code] ?? w.message)}</li>`).join('')}</ul>`
    : '';
  return `<section class="box" aria-labelledby="vouch-h"><h2 id="vouch-h">${e(v.heading)}</h2>${rows([
    [v.scheme, e(verdict.scheme ? v.schemeAt(verdict.scheme.name, domain) : v.noScheme(domain))],
    accreditation !== undefined ? [v.accreditation, accreditation] : undefined,
    provider !== undefined ? [v.assurance, e(assuranceListed ? v.listedByScheme(provider) : v.declaredByIssuer(provider))] : undefined,
  ])}${warnings}<p class="note">${e(v.checkPack(claim.product.name, claim.product.id))}</p></section>`;
}

function revocationSection(verdict: Verdict, m: Messages, baseUrl: string): string {
  const r = verdict.revocation;
  if (!r) return '';
  const successor = r.supersededBy
    ? ([m.revocation.supersededBy, `<a href="${e(compactUrl(baseUrl, r.supersededBy))}" class="mono">${e(r.supersededBy)}</a>`] as const)
    : undefined;
  // `by` arrives with scheme revocations (absent on older records: the issuer's).
  const byScheme = (r as { readonly by?: string }).by === 'scheme';
  return `<section class="box" aria-label="${e(m.verdictTitle.revoked)}">${rows([
    [byScheme ? m.revocation.reasonByScheme : m.revocation.reason, e(r.reason)],
    [m.revocation.revokedAt, e(formatUtc(r.revokedAt))],
    successor,
  ])}</section>`;
}

function checkSection(verdict: Verdict, m: Messages): string {
  const source = verdict.statusSource?.kind;
  return `<section class="box" aria-labelledby="check-h"><h2 id="check-h">${e(m.checkHeading)}</h2>${rows([
    [m.fields.checkedAt, e(formatUtc(verdict.checkedAt))],
    verdict.labelId ? [m.fields.labelId, `<span class="mono">${e(verdict.labelId)}</span>`] : undefined,
    verdict.kid ? [m.fields.keyId, `<span class="mono">${e(verdict.kid)}</span>`] : undefined,
    source ? [m.fields.statusSource, e(m.statusSources[source])] : undefined,
  ])}</section>`;
}

function languageSwitch(current: Messages): string {
  const links = LANGUAGES.map(
    (l) =>
      `<li><a href="?lang=${e(encodeURIComponent(l.lang))}" hreflang="${e(l.lang)}" lang="${e(l.lang)}"${l === current ? ' aria-current="page"' : ''}>${e(l.languageName)}</a></li>`,
  ).join('');
  return `<nav aria-label="${e(current.languageSwitch)}"><ul>${links}</ul></nav>`;
}

/** Renders the whole page (HTML with its inline style sheet). */
export function renderVerifyPage({ verdict, messages: m, baseUrl, assuranceListed = false }: VerifyPageInput): string {
  const view = VERDICT_VIEWS[verdict.status];
  const title = m.verdictTitle[verdict.status];
  const claim = verdict.claim;
  return `<!doctype html>
<html lang="${e(m.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${e(`${title} · ${m.siteName}`)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><span class="site">${e(m.siteName)}</span>${languageSwitch(m)}</header>
<main>
<section class="verdict ${view.tone}" data-status="${e(verdict.status)}" aria-labelledby="verdict-h">
<svg viewBox="0 0 48 48" aria-hidden="true" focusable="false">${ICON_SVG[view.icon]}</svg>
<div><h1 id="verdict-h">${e(title)}</h1><p>${e(m.verdictAdvice[verdict.status])}</p><p class="code mono">${e(verdict.status)}</p></div>
</section>
${revocationSection(verdict, m, baseUrl)}
${claim ? claimSection(claim, verdict, m) : `<section class="box"><p class="note">${e(m.noClaim)}</p></section>`}
${claim ? vouchSection(claim, verdict, m, baseUrl, assuranceListed) : ''}
${checkSection(verdict, m)}
</main>
<footer><p>${e(m.footer)}</p></footer>
</body>
</html>
`;
}
