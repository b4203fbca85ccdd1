/** What the CLI prints from outside data cannot steer the terminal. */
import { describe, expect, it } from 'vitest';
import { printable } from '../../../cli/terminal-text.ts';

describe('printable', () => {
  it('replaces escape sequences, carriage returns, C1 controls and bidi overrides', () => {
    const hostile = 'Steel\u001b[2K\rVALID\u009b31m \u202eDILAV\u2066x\u2069';
    const out = printable(hostile);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toBe('Steel\ufffd[2K\ufffdVALID\ufffd31m \ufffdDILAV\ufffdx\ufffd');
  });

  it('keeps ordinary text, including non-Latin scripts and emoji', () => {
    expect(printable('Stahl “Warmband” – 钢卷 ✓ 😀')).toBe('Stahl “Warmband” – 钢卷 ✓ 😀');
  });
});
