import { describe, expect, it } from 'vitest';
import { escapeText } from '../../../../shared/render/escape.ts';

describe('escapeText', () => {
  it('escapes the five markup characters', () => {
    expect(escapeText(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('drops characters XML cannot carry, keeps the rest', () => {
    expect(escapeText('a\u0000b\u0008c\td\ne\uffff')).toBe('abc\td\ne');
    expect(escapeText('x\ud800y')).toBe('xy');
    expect(escapeText('钢 😀 CO₂e')).toBe('钢 😀 CO₂e');
  });
});
