/**
 * Line breaking for SVG text, which has none. Widths are estimated (SVG cannot measure text on
 * the server): Latin glyphs about 0.6 em, CJK and other wide glyphs 1 em, which errs on the
 * wide side so lines fit in common sans-serif fonts.
 */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud87f][\udc00-\udfff]/u;

/** Estimated width of `text` in em. */
export function estimateWidthEm(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 1 : 0.6;
  return width;
}

/**
 * Breaks `text` into at most `maxLines` lines of at most `maxEm` em each, at spaces where it can
 * and anywhere when a word alone is too long; an ellipsis marks text that did not fit.
 */
export function wrapText(text: string, maxEm: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    lines.push(line);
    line = '';
  };
  for (const word of text.trim().split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (estimateWidthEm(candidate) <= maxEm) {
      line = candidate;
      continue;
    }
    if (line !== '') push();
    line = '';
    for (const ch of word) {
      if (estimateWidthEm(line + ch) > maxEm) push();
      line += ch;
    }
  }
  if (line !== '') push();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 0 && estimateWidthEm(`${last}…`) > maxEm) last = [...last].slice(0, -1).join('');
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}
