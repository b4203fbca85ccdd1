/** Reading a batch: every request keeps its line number; a line that cannot be read is a problem for that line only. */
import { describe, expect, it } from 'vitest';
import { readCsv, readJsonLines } from '../../../cli/batch/input.ts';
import { artFileName, lineIdempotencyKey } from '../../../cli/batch/run-batch.ts';

describe('JSON Lines', () => {
  it('one item per non-blank line, numbered by its line; bad JSON and non-objects are problems', () => {
    const items = readJsonLines('\uFEFF{"a":1}\r\n\n[1]\n{bad\n   \n{"b":2}');
    expect(items.map((i) => i.line)).toEqual([1, 3, 4, 6]);
    expect(items[0]).toEqual({ line: 1, body: '{"a":1}', content: '{"a":1}' });
    expect(items[1]).toMatchObject({ line: 3, problem: { code: 'invalid_json', detail: expect.stringContaining('JSON object') } });
    expect(items[2]).toMatchObject({ line: 4, problem: { code: 'invalid_json', detail: expect.stringContaining('not JSON') } });
    expect(items[3]).toMatchObject({ line: 6, body: '{"b":2}' });
  });
});

describe('CSV', () => {
  const header = 'product.name,product.description,footprint.geographyCountry';

  it('numbers each record by the line it starts on, multi-line quoted cells included, CRLF or LF', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = [header, 'A,plain,CN', 'B,"two', 'lines",DE', '', 'C,"with ""quotes""",FR'].join(eol) + eol;
      const items = readCsv(text);
      expect(items.map((i) => i.line)).toEqual([2, 3, 6]);
      const descriptions = items.map((i) => ('body' in i ? (JSON.parse(i.body) as { product: { description: string } }).product.description : undefined));
      expect(descriptions).toEqual(['plain', 'two\nlines', 'with "quotes"']);
    }
  });

  it('a syntax error or a wrong cell count spoils only its own line', () => {
    const text = [header, 'A,x,CN', 'B,"1"0,DE', 'C,x,FR', 'D,x', 'E,x,IT', 'F,"never closed,ES'].join('\n') + '\n';
    const items = readCsv(text);
    expect(items.map((i) => [i.line, 'problem' in i ? i.problem.code : 'ok'])).toEqual([
      [2, 'ok'],
      [3, 'invalid_csv'],
      [4, 'ok'],
      [5, 'invalid_csv'],
      [6, 'ok'],
      [7, 'invalid_csv'],
    ]);
    const problem = items.find((i) => i.line === 5);
    expect(problem && 'problem' in problem && problem.problem.detail).toBe('has 2 cells; the header has 3');
    const quote = items.find((i) => i.line === 3);
    expect(quote && 'problem' in quote && quote.problem.detail).toMatch(/^CSV syntax error: Invalid Closing Quote/);
    expect(quote && 'problem' in quote && quote.problem.detail).not.toMatch(/at line/);
  });

  it('the idempotency content follows the request, not the column order', () => {
    const a = readCsv('product.name,footprint.geographyCountry\nA,CN\n')[0]!;
    const b = readCsv('footprint.geographyCountry,product.name\nCN,A\n')[0]!;
    expect('content' in a && 'content' in b && a.content === b.content).toBe(true);
  });
});

describe('batch keys and art names', () => {
  it('the Idempotency-Key depends on input identity, line and content, and is a valid header value', () => {
    const key = lineIdempotencyKey('/data/products.jsonl', 7, '{"a":1}');
    expect(key).toMatch(/^clb-[A-Za-z0-9_-]{43}$/);
    expect(lineIdempotencyKey('/data/products.jsonl', 7, '{"a":1}')).toBe(key);
    expect(lineIdempotencyKey('/data/products.jsonl', 8, '{"a":1}')).not.toBe(key);
    expect(lineIdempotencyKey('/data/other.jsonl', 7, '{"a":1}')).not.toBe(key);
    expect(lineIdempotencyKey('/data/products.jsonl', 7, '{"a":2}')).not.toBe(key);
  });

  it('art files are named by line, padded to the widest line number', () => {
    expect(artFileName(1, 5000)).toBe('line-0001.svg');
    expect(artFileName(42, 12_000)).toBe('line-00042.svg');
  });
});
