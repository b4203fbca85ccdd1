/**
 * The error-code table in docs/api.md is the generated one: every code of the closed list, with its
 * HTTP status and meaning, and nothing else. `UPDATE_DOCS=1` rewrites the table in place.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TABLE_MARKERS, errorCodeTable } from '../../../functions/http/error-code-table.ts';
import { ERROR_CODE_LIST } from '../../../shared/errors/error-codes.ts';

const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'api.md');

describe('docs/api.md error codes', () => {
  it('holds exactly the generated table between its markers', () => {
    const text = readFileSync(DOC, 'utf8');
    const start = text.indexOf(ERROR_TABLE_MARKERS.start);
    const end = text.indexOf(ERROR_TABLE_MARKERS.end);
    expect(start, 'start marker').toBeGreaterThanOrEqual(0);
    expect(end, 'end marker after start').toBeGreaterThan(start);
    const current = text.slice(start + ERROR_TABLE_MARKERS.start.length, end).trim();
    const expected = errorCodeTable();
    if (process.env.UPDATE_DOCS && current !== expected) {
      writeFileSync(DOC, `${text.slice(0, start + ERROR_TABLE_MARKERS.start.length)}\n${expected}\n${text.slice(end)}`);
      return;
    }
    expect(current, 'docs/api.md is stale: run UPDATE_DOCS=1 npx vitest run test/unit/docs/error-codes-table.test.ts').toBe(expected);
  });

  it('lists every code once', () => {
    const table = errorCodeTable();
    for (const code of ERROR_CODE_LIST)
      expect(
        table.split('\n').filter((line) => line.startsWith(`| \`${code}\` |`)),
        code,
      ).toHaveLength(1);
    expect(new Set(ERROR_CODE_LIST).size).toBe(ERROR_CODE_LIST.length);
  });
});
