/**
 * docs/performance.md quotes the committed bench/results.json exactly: its tables are what
 * `npm run bench:markdown` writes from that file, so a new run committed without its tables (or
 * tables edited by hand) fails here. Pure and quick: reads two files, runs nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERFORMANCE_DOC, rewritePerformanceDoc } from '../../bench/markdown.ts';
import type { BenchResults } from '../../bench/run.ts';

const results = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'bench', 'results.json'), 'utf8')) as BenchResults;
const doc = readFileSync(PERFORMANCE_DOC, 'utf8');

describe('docs/performance.md', () => {
  it('quotes a full run, not a smoke run', () => {
    expect(results.quick).toBe(false);
    expect(results.sections.every((s) => !s.error)).toBe(true);
  });

  it('carries the tables of bench/results.json (run npm run bench:markdown after a bench run)', () => {
    expect(rewritePerformanceDoc(doc, results)).toBe(doc);
  });

  it('quotes every targeted figure with its verdict', () => {
    for (const row of results.sections.flatMap((s) => s.rows).filter((r) => r.target)) {
      expect(doc).toMatch(new RegExp(`\\| ${row.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\|.*\\*\\*${row.target!.pass ? 'PASS' : 'FAIL'}\\*\\*`));
    }
  });

  it('refuses a document without the markers', () => {
    expect(() => rewritePerformanceDoc('# no markers\n', results)).toThrow(/bench:targets:start/);
  });
});
