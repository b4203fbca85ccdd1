/**
 * Printable label art: a carbon label a manufacturer prints on packaging. Drawn 40 mm wide
 * (1 SVG unit = 0.1 mm) with text no smaller than 1.6 mm, black on white for any printer.
 * A revoked label's art says so in its header, in a line under the figure and in a red frame.
 * Its words come from the pages' languages (`shared/render/i18n`), English by default.
 */
import type { StoredLabel } from '../../label/record.ts';
import { QR_ERROR_CORRECTION, qrContent, type QrMode } from '../../qr/qr-content.ts';
import { renderQrSvg } from '../../qr/render-qr.ts';
import { escapeText as e } from '../escape.ts';
import { footprintFigure } from '../footprint-figure.ts';
import { formatUtc, formatUtcDate } from '../format-time.ts';
import { DEFAULT_LANGUAGE } from '../i18n/languages.ts';
import type { Messages } from '../i18n/messages.ts';
import { estimateWidthEm, wrapText } from './wrap-text.ts';

/** Width of the art in millimetres. */
export const LABEL_ART_WIDTH_MM = 40;

const W = LABEL_ART_WIDTH_MM * 10;
const PAD = 14;
const INNER = W - 2 * PAD;
// CJK faces after the Latin ones, so Chinese text prints with a real font wherever one exists.
const FONT = "DejaVu Sans, Arial, Helvetica, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const MONO = 'DejaVu Sans Mono, Menlo, Consolas, monospace';
const RED = '#b3261e';

/** What the art needs. */
export interface LabelArtInput {
  readonly label: StoredLabel;
  readonly baseUrl: string;
  /** Which QR the art carries (default `full`, verifiable offline). */
  readonly mode?: QrMode;
  /** The language of its words (default English). */
  readonly messages?: Messages;
}

/** One text line; shrinks horizontally (never below the font size's height) if it would overflow. */
function textLine(x: number, y: number, size: number, text: string, attrs = '', family = FONT): string {
  const fit = estimateWidthEm(text) * size > INNER ? ` textLength="${INNER}" lengthAdjust="spacingAndGlyphs"` : '';
  return `<text x="${x}" y="${y}" font-family="${family}" font-size="${size}"${fit}${attrs}>${e(text)}</text>`;
}

/** Renders the label art SVG. */
export async function renderLabelArt({ label, baseUrl, mode = 'full', messages = DEFAULT_LANGUAGE }: LabelArtInput): Promise<string> {
  const t = messages.labelArt;
  const { record } = label;
  const ids = { id: record.id, token: label.token };
  const fp = record.footprint;
  const revoked = label.status === 'revoked' || label.revocation !== undefined;
  const figure = footprintFigure(fp.pcfExcludingBiogenicUptake, fp.declaredUnitAmount, fp.declaredUnitOfMeasurement);
  const parts: string[] = [];
  let y = 0;

  // Header band.
  parts.push(`<rect x="0" y="0" width="${W}" height="52" fill="${revoked ? RED : '#1b1b1b'}"/>`);
  parts.push(textLine(PAD, 35, 24, revoked ? t.revokedHeading : t.heading, ' font-weight="700" fill="#ffffff"'));
  y = 52;

  // The figure, as large as fits.
  const headline = `${figure.value} ${figure.massUnit} CO₂e`;
  const headSize = Math.min(64, Math.floor(INNER / estimateWidthEm(headline)));
  y += 18 + headSize * 0.8;
  parts.push(textLine(PAD, y, headSize, headline, ' font-weight="700"'));
  y += 32;
  parts.push(textLine(PAD, y, 26, messages.per(figure.per.amount, figure.per.unit)));
  y += 26;
  parts.push(textLine(PAD, y, 18, `${t.excludingBiogenic} · ${messages.boundaries[fp.boundary] ?? fp.boundary}`));
  if (revoked) {
    y += 26;
    const when = label.revocation ? formatUtcDate(label.revocation.revokedAt) : undefined;
    parts.push(textLine(PAD, y, 18, t.revoked(when), ` font-weight="700" fill="${RED}"`));
  }
  y += 14;
  parts.push(`<rect x="${PAD}" y="${y}" width="${INNER}" height="2" fill="#1b1b1b"/>`);

  // Product, period, issuer, assurance.
  y += 8;
  for (const line of wrapText(record.product.name, INNER / 22, 2)) {
    y += 26;
    parts.push(textLine(PAD, y, 22, line, ' font-weight="700"'));
  }
  const assurance = record.verification
    ? t.verifiedBy(record.verification.providerName, messages.assuranceLevel[record.verification.level])
    : t.notVerified;
  const details = [
    t.referencePeriod(messages.period(formatUtc(fp.referencePeriodStart, true), formatUtc(fp.referencePeriodEnd, true))),
    t.issuedBy(record.issuer.name),
    assurance,
  ];
  for (const detail of details) {
    for (const line of wrapText(detail, INNER / 18, 2)) {
      y += 22;
      parts.push(textLine(PAD, y, 18, line));
    }
  }

  // The QR (its own quiet zone included) and the short verify URL under it.
  y += 10;
  const qr = await renderQrSvg(qrContent(baseUrl, ids, mode), QR_ERROR_CORRECTION[mode]);
  parts.push(qr.replace(/^\s*<svg /, `<svg x="${PAD}" y="${y}" width="${INNER}" height="${INNER}" `));
  y += INNER + 6;
  parts.push(textLine(PAD, y, 18, t.scanToVerify, ' font-weight="700"'));
  y += 22;
  const shortUrl = qrContent(baseUrl, ids, 'compact').replace(/^https?:\/\//, '');
  parts.push(textLine(PAD, y, 17, shortUrl, '', MONO));
  y += PAD;

  const frame = revoked
    ? `<rect x="3" y="3" width="${W - 6}" height="${y - 6}" fill="none" stroke="${RED}" stroke-width="6"/>`
    : `<rect x="1" y="1" width="${W - 2}" height="${y - 2}" fill="none" stroke="#1b1b1b" stroke-width="2"/>`;
  const title = t.title(revoked, record.product.name, `${headline} ${messages.per(figure.per.amount, figure.per.unit)}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" lang="${e(messages.lang)}" width="${LABEL_ART_WIDTH_MM}mm" height="${y / 10}mm" viewBox="0 0 ${W} ${y}" role="img" aria-label="${e(title)}">
<title>${e(title)}</title>
<rect x="0" y="0" width="${W}" height="${y}" fill="#ffffff"/>
${parts.join('\n')}
${frame}
</svg>
`;
}
