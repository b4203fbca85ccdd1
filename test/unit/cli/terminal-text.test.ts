/** What the CLI prints from outside data cannot steer the terminal. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable, safeJson, terminalText } from '../../../cli/terminal-text.ts';

const CLI_DIR = join(import.meta.dirname, '..', '..', '..', 'cli');
const HOSTILE =
  'Acme\u001b[2J\u001b]8;;https://evil.example/\u0007Steel\u001b]8;;\u0007\u0007 \u202eLEETS\u202c\u200bCo\u009b31m\rVALID\nforged\u2028\ufeff\u2066x\u2069\u{e0041}';

describe('printable', () => {
  it('replaces escape sequences, carriage returns, C1 controls and bidi overrides', () => {
    const hostile = 'Steel\u001b[2K\rVALID\u009b31m \u202eDILAV\u2066x\u2069';
    const out = printable(hostile);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toBe('Steel\ufffd[2K\ufffdVALID\ufffd31m \ufffdDILAV\ufffdx\ufffd');
  });

  it('replaces zero-width and other invisible formatting characters, BEL, OSC 8 and line breaks', () => {
    expect(printable('a\u200bb\u200cc\u200dd\u2060e\ufefff\u061cg\u{e0041}h')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ufffdg\ufffdh');
    expect(printable('\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007')).toBe('\ufffd]8;;https://evil.example/\ufffdclick\ufffd]8;;\ufffd');
    expect(printable('line\nforged\u2028too')).toBe('line\ufffdforged\ufffdtoo');
  });

  it('keeps ordinary text, including non-Latin scripts and emoji', () => {
    expect(printable('Stahl “Warmband” – 钢卷 ✓ 😀')).toBe('Stahl “Warmband” – 钢卷 ✓ 😀');
  });
});

describe('terminalText and safeJson', () => {
  it('terminalText keeps only the line feeds', () => {
    expect(terminalText('a\u001b[2J\nb\r\n\u202ec\u200b\n')).toBe('a\ufffd[2J\nb\ufffd\n\ufffdc\ufffd\n');
  });

  it('safeJson escapes every unsafe character and still parses to the same value', () => {
    const value = { name: HOSTILE, nested: [{ reason: `\u009b\u202e${HOSTILE}` }], n: 1 };
    const json = safeJson(value);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]|[\u{e0000}-\u{e007f}]/u);
    expect(json).toContain('\\u009b31m');
    expect(json).toContain('\\u202eLEETS');
    expect(json).toContain('\\udb40\\udc41'); // a tag character, as its surrogate pair
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('every print path in cli/ goes through terminal-text.ts', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));

  it('no console.*, process.stdout/stderr or raw JSON printing outside terminal-text.ts', () => {
    const offenders = files(CLI_DIR)
      .filter((f) => !f.endsWith('terminal-text.ts'))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${relative(CLI_DIR, f)}:${i + 1}`, line }))
          .filter(({ line }) => /\bconsole\.|process\.(stdout|stderr)|\.write\(/.test(line)),
      );
    expect(offenders).toEqual([]);
  });
});
