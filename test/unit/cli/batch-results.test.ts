/** The results file: appended as outcomes come, read back after a kill, rewritten one entry per line. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultResultsPath, readResults, ResultsWriter } from '../../../cli/batch/results.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'results-'));
  dirs.push(d);
  return d;
};

const issued = (line: number) => ({ line, id: `id${line}`, token: `t${line}`, verifyUrl: `http://x/v/t${line}` });
const problem = (line: number) => ({ line, problem: { code: 'validation_failed', detail: 'bad' } });

describe('results file', () => {
  it('sits beside the input by default', () => {
    expect(defaultResultsPath('/in/products.csv')).toBe('/in/products.csv.results.jsonl');
  });

  it('reads back what a killed run appended, ignoring a torn last line; a label once recorded wins over a later problem', () => {
    const path = join(temp(), 'r.jsonl');
    writeFileSync(path, [issued(2), problem(1), issued(1), problem(2), problem(3)].map((r) => JSON.stringify(r)).join('\n') + '\n{"line":4,"id":"x","tok');
    const results = readResults(path);
    expect([...results.keys()].sort()).toEqual([1, 2, 3]);
    expect(results.get(1)).toEqual(issued(1));
    expect(results.get(2)).toEqual(issued(2));
    expect(results.get(3)).toEqual(problem(3));
  });

  it('keeps earlier labels, appends at once, and finishes with one entry per line in line order', () => {
    const path = join(temp(), 'r.jsonl');
    const writer = new ResultsWriter(path, [issued(3)]);
    writer.append(issued(5));
    writer.append(problem(1));
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    writer.finish([issued(5), problem(1), issued(3)]);
    expect(readFileSync(path, 'utf8')).toBe([problem(1), issued(3), issued(5)].map((r) => `${JSON.stringify(r)}\n`).join(''));
  });
});
