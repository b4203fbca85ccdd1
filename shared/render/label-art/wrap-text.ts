/**
 * Line breaking for SVG text, which has none. Widths are estimated (SVG cannot measure text on
 * the server): spaces and stops 0.35 em, digits 0.65, Latin capitals 0.7, other Latin glyphs
 * 0.6, CJK and other wide glyphs 1 em, and bold 15 % wider. That errs on the wide side of
 * DejaVu Sans (Book and Bold) and Arial, so lines fit in common sans-serif fonts.
 */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud87f][\udc00-\udfff]/u;
const NARROW = /[ .,:;'!|]/;
const DIGIT = /[0-9]/;
const CAPITAL = /[A-Z]/;
const BOLD = 1.15;

function glyphEm(ch: string): number {
  if (WIDE.test(ch)) return 1;
  if (NARROW.test(ch)) return 0.35;
  if (DIGIT.test(ch)) return 0.65;
  return CAPITAL.test(ch) ? 0.7 : 0.6;
}

/** Estimated width of `text` in em (of a bold face when `bold`). */
export function estimateWidthEm(text: string, bold = false): number {
  let width = 0;
  for (const ch of text) width += glyphEm(ch);
  return bold ? width * BOLD : width;
}

/**
 * Breaks `text` into at most `maxLines` lines of at most `maxEm` em each, at spaces where it can.
 * A word too long for a line of its own (a long figure, a URL) is broken anywhere, starting on
 * the current line. An ellipsis marks text that did not fit.
 */
export function wrapText(text: string, maxEm: number, maxLines: number, bold = false): string[] {
  const width = (s: string) => estimateWidthEm(s, bold);
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line.trimEnd());
    line = '';
  };
  for (const word of text.trim().split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (width(candidate) <= maxEm) {
      line = candidate;
      continue;
    }
    if (width(word) <= maxEm) {
      push();
      line = word;
      continue;
    }
    if (line !== '') line += ' ';
    for (const ch of word) {
      if (line.trim() !== '' && width(line + ch) > maxEm) push();
      line += ch;
    }
  }
  if (line !== '') push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 0 && width(`${last}…`) > maxEm) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}
