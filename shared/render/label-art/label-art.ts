/**
 * Printable label art: a carbon label a manufacturer prints on packaging. Drawn 40 mm wide
 * (1 SVG unit = 0.1 mm) with no text smaller than 1.6 mm, black on white for any printer.
 * A label that is not current (revoked, expired, not yet valid, signed by a key reported
 * compromised, or not genuine; see `label-art-state.ts`) says so in its header, in a line under
 * the figure and in a red frame. Text that does not fit wraps (or, past its lines, ends in an
 * ellipsis); it never shrinks below 1.6 mm. The QR keeps its 4-module quiet zone clear of
 * everything else on the art. Its words come from the pages' languages (`shared/render/i18n`).
 */
import type { StoredLabel } from '../../label/record.ts';
import { QR_ERROR_CORRECTION, qrContent, type QrMode } from '../../qr/qr-content.ts';
import { qrImages } from '../../qr/qr-images.ts';
import { escapeText as e } from '../escape.ts';
import { footprintFigure } from '../footprint-figure.ts';
import { formatUtc, formatUtcDate } from '../format-time.ts';
import { DEFAULT_LANGUAGE } from '../i18n/languages.ts';
import type { Messages } from '../i18n/messages.ts';
import type { LabelArtState } from './label-art-state.ts';
import { estimateWidthEm, wrapText } from './wrap-text.ts';

/** Width of the art in millimetres. */
export const LABEL_ART_WIDTH_MM = 40;

/** The smallest text on the art, in millimetres (font size). */
export const LABEL_ART_MIN_TEXT_MM = 1.6;

/** The headline figure shrinks to fit down to this size (millimetres), then wraps. */
export const LABEL_ART_MIN_HEADLINE_MM = 2.8;

const UNITS_PER_MM = 10;
const W = LABEL_ART_WIDTH_MM * UNITS_PER_MM;
const PAD = 14;
const INNER = W - 2 * PAD;
const MIN_TEXT = LABEL_ART_MIN_TEXT_MM * UNITS_PER_MM;
const MIN_HEADLINE = LABEL_ART_MIN_HEADLINE_MM * UNITS_PER_MM;
/**
 * A line whose estimated width is over the art's inner width by at most this factor is
 * compressed to fit (`textLength`); a longer one wraps instead. The estimate errs wide, so the
 * glyphs themselves are compressed less than this (about 90 % at worst in DejaVu Sans).
 */
export const LABEL_ART_MAX_SQUEEZE = 0.8;
const MAX_SQUEEZE = 1 / LABEL_ART_MAX_SQUEEZE;
// CJK faces after the Latin ones, so Chinese text prints with a real font wherever one exists.
const FONT = "DejaVu Sans, Arial, Helvetica, 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const MONO = 'DejaVu Sans Mono, Menlo, Consolas, monospace';
const RED = '#b3261e';

/** What the art needs. */
export interface LabelArtInput {
  readonly label: StoredLabel;
  /** What the art says the label is (from `labelArtState`): anything but `valid` prints a warning. */
  readonly state: LabelArtState;
  readonly baseUrl: string;
  /** Which QR the art carries (default `full`, verifiable offline). */
  readonly mode?: QrMode;
  /** The language of its words (default English). */
  readonly messages?: Messages;
}

interface TextStyle {
  /** Font size in SVG units (0.1 mm). */
  readonly size: number;
  readonly bold?: boolean;
  readonly fill?: string;
  readonly family?: string;
}

/** One text line; compressed horizontally (never in height) when it would overflow a little. */
function textLine(x: number, y: number, text: string, style: TextStyle): string {
  if (style.size < MIN_TEXT) throw new Error(`label art text below ${LABEL_ART_MIN_TEXT_MM} mm: ${style.size / UNITS_PER_MM} mm`);
  const fit = estimateWidthEm(text, style.bold) * style.size > INNER ? ` textLength="${INNER}" lengthAdjust="spacingAndGlyphs"` : '';
  const attrs = `${style.bold ? ' font-weight="700"' : ''}${style.fill ? ` fill="${style.fill}"` : ''}`;
  return `<text x="${x}" y="${y}" font-family="${style.family ?? FONT}" font-size="${style.size}"${fit}${attrs}>${e(text)}</text>`;
}

/** `text` as lines of the art's width: one line if it fits (or nearly), else wrapped to at most `maxLines`. */
function fitLines(text: string, style: TextStyle, maxLines: number): string[] {
  if (estimateWidthEm(text, style.bold) * style.size <= INNER * MAX_SQUEEZE) return [text];
  return wrapText(text, INNER / style.size, maxLines, style.bold);
}

/** Renders the label art SVG. */
export async function renderLabelArt({ label, state, baseUrl, mode = 'full', messages = DEFAULT_LANGUAGE }: LabelArtInput): Promise<string> {
  const t = messages.labelArt;
  const { record } = label;
  const ids = { id: record.id, token: label.token };
  const fp = record.footprint;
  const warning = state === 'valid' ? undefined : t.warnings[state];
  const figure = footprintFigure(fp.pcfExcludingBiogenicUptake, fp.declaredUnitAmount, fp.declaredUnitOfMeasurement);
  const parts: string[] = [];
  let y = 0;
  /** Lays out `text`: its first baseline `first` below `y`, the next ones `lineHeight` apart. */
  const block = (text: string, style: TextStyle, maxLines: number, lineHeight: number, first = lineHeight) => {
    fitLines(text, style, maxLines).forEach((line, i) => {
      y += i === 0 ? first : lineHeight;
      parts.push(textLine(PAD, y, line, style));
    });
  };

  // Header band: one line, its words chosen to fit (the unit tests hold every language to it).
  parts.push(`<rect x="0" y="0" width="${W}" height="52" fill="${warning ? RED : '#1b1b1b'}"/>`);
  parts.push(textLine(PAD, 35, warning ? warning.heading : t.heading, { size: 24, bold: true, fill: '#ffffff' }));
  y = 52;

  // The figure, as large as fits on one line, down to the headline minimum; then it wraps.
  const headline = `${figure.value} ${figure.massUnit} CO₂e`;
  const headSize = Math.max(MIN_HEADLINE, Math.min(64, Math.floor(INNER / estimateWidthEm(headline, true))));
  block(headline, { size: headSize, bold: true }, 4, headSize, 18 + headSize * 0.8);
  block(messages.per(figure.per.amount, figure.per.unit), { size: 26 }, 3, 28, 32);
  block(`${t.excludingBiogenic} · ${messages.boundaries[fp.boundary] ?? fp.boundary}`, { size: 18 }, 2, 22, 26);
  if (warning) {
    const date =
      state === 'revoked' ? label.revocation?.revokedAt : state === 'expired' ? record.validUntil : state === 'not_yet_valid' ? record.validFrom : undefined;
    block(warning.line(date ? formatUtcDate(date) : undefined), { size: 18, bold: true, fill: RED }, 3, 22, 26);
  }
  y += 14;
  parts.push(`<rect x="${PAD}" y="${y}" width="${INNER}" height="2" fill="#1b1b1b"/>`);

  // Product, period, issuer, assurance.
  y += 8;
  block(record.product.name, { size: 22, bold: true }, 2, 26);
  const assurance = record.verification ? t.verifiedBy(record.verification.providerName, messages.assuranceLevel[record.verification.level]) : t.notVerified;
  const details = [
    t.referencePeriod(messages.period(formatUtc(fp.referencePeriodStart, true), formatUtc(fp.referencePeriodEnd, true))),
    t.issuedBy(record.issuer.name),
    assurance,
  ];
  for (const detail of details) block(detail, { size: 18 }, 2, 22);

  // The QR, its own 4-module quiet zone included, clear of the descenders above and of the
  // tallest glyphs below (a full em, which covers CJK faces).
  y += 10;
  // The symbol comes from the QR image cache: the art itself is not cached, since its state can change.
  const qr = await qrImages.svg(qrContent(baseUrl, ids, mode), QR_ERROR_CORRECTION[mode]);
  parts.push(qr.replace(/^\s*<svg /, `<svg x="${PAD}" y="${y}" width="${INNER}" height="${INNER}" `));
  y += INNER;
  block(t.scanToVerify, { size: 18, bold: true }, 2, 22, 18 + 2);
  const shortUrl = qrContent(baseUrl, ids, 'compact').replace(/^https?:\/\//, '');
  block(shortUrl, { size: 17, family: MONO }, 3, 22);
  y += PAD;

  const frame = warning
    ? `<rect x="3" y="3" width="${W - 6}" height="${y - 6}" fill="none" stroke="${RED}" stroke-width="6"/>`
    : `<rect x="1" y="1" width="${W - 2}" height="${y - 2}" fill="none" stroke="#1b1b1b" stroke-width="2"/>`;
  const title = t.title(warning ? warning.kind : t.kind, record.product.name, `${headline} ${messages.per(figure.per.amount, figure.per.unit)}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" lang="${e(messages.lang)}" width="${LABEL_ART_WIDTH_MM}mm" height="${y / 10}mm" viewBox="0 0 ${W} ${y}" role="img" aria-label="${e(title)}">
<title>${e(title)}</title>
<rect x="0" y="0" width="${W}" height="${y}" fill="#ffffff"/>
${parts.join('\n')}
${frame}
</svg>
`;
}
