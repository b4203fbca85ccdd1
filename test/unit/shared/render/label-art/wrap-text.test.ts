import { describe, expect, it } from 'vitest';
import { estimateWidthEm, wrapText } from '../../../../../shared/render/label-art/wrap-text.ts';

describe('wrapText', () => {
  it('breaks at spaces and keeps every line within the width', () => {
    const lines = wrapText('Hot-rolled steel coil S235JR 2.0 mm', 12, 5);
    expect(lines.join(' ')).toBe('Hot-rolled steel coil S235JR 2.0 mm');
    for (const line of lines) expect(estimateWidthEm(line)).toBeLessThanOrEqual(12);
  });

  it('splits a word that is too long on its own', () => {
    expect(wrapText('abcdefghij', 3, 10)).toEqual(['abcde', 'fghij']);
  });

  it('breaks a long word starting on the current line, not on a line of its own', () => {
    const lines = wrapText('per 12345678901234567890 kWh', 6, 5);
    expect(lines[0]).toMatch(/^per \d+$/);
    expect(lines.join('').replace(/\s/g, '')).toBe('per12345678901234567890kWh');
    for (const line of lines) expect(estimateWidthEm(line)).toBeLessThanOrEqual(6);
  });

  it('marks text that did not fit with an ellipsis', () => {
    const lines = wrapText('one two three four five six seven', 6, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(estimateWidthEm(lines[1]!)).toBeLessThanOrEqual(6);
  });

  it('counts CJK glyphs as wide', () => {
    expect(estimateWidthEm('钢卷')).toBe(2);
    expect(wrapText('热轧钢卷热轧钢卷', 4, 3)).toEqual(['热轧钢卷', '热轧钢卷']);
  });
});
