/**
 * Reading a batch: JSON Lines (one request per line) or CSV (one request per record, columns in
 * `csv-columns.ts`). Each item keeps the number of the line it starts on. A line that cannot be
 * read (bad JSON, a CSV syntax error, the wrong number of cells) becomes an item with a problem,
 * so it is reported and the other lines still go.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { canonicalJson } from '../../shared/canonical/canonical-json.ts';
import { CliError } from '../cli-error.ts';
import { EXIT, type Problem } from '../labels/labels-api.ts';
import { readHeader, rowToRequest, type CsvColumn } from './csv-columns.ts';

/** One request of a batch: its JSON body, or why it has none. */
export type BatchItem =
  | {
      readonly line: number;
      /** The request body as sent (JSON text). */
      readonly body: string;
      /** What the idempotency key is derived from: the line as written (JSONL), the request's canonical JSON (CSV). */
      readonly content: string;
    }
  | { readonly line: number; readonly problem: Problem };

const lineProblem = (code: string, detail: string): Problem => ({ code, detail });

/** Items of a JSON Lines text: one per non-blank line; blank lines are skipped. */
export function readJsonLines(text: string): BatchItem[] {
  const items: BatchItem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      const lineText = raw.replace(/\r$/, '');
      if (lineText.trim() === '') return;
      const line = i + 1;
      let value: unknown;
      try {
        value = JSON.parse(lineText);
      } catch (error) {
        items.push({ line, problem: lineProblem('invalid_json', `not JSON: ${(error as Error).message}`) });
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        items.push({ line, problem: lineProblem('invalid_json', 'must be a JSON object: one label request per line') });
        return;
      }
      items.push({ line, body: lineText, content: lineText });
    });
  return items;
}

/** A CSV record with the line it starts on. */
interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
}

/** Physical lines as offsets into `text` (LF line ends). */
function lineOffsets(text: string): number[] {
  const offsets = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) offsets.push(i + 1);
  return offsets;
}

/**
 * Parses CSV with csv-parse. A syntax error (a stray or unclosed quote) spoils the record it is in;
 * parsing starts again on the line after that record's first line, so one bad line costs one line.
 */
function parseCsvRecords(text: string): { records: CsvRecord[]; broken: { line: number; message: string }[] } {
  const offsets = lineOffsets(text);
  const lineCount = text.endsWith('\n') ? offsets.length - 1 : offsets.length;
  const records: CsvRecord[] = [];
  const broken: { line: number; message: string }[] = [];
  const isBlank = (line: number) => {
    const start = offsets[line - 1]!;
    const end = line < offsets.length ? offsets[line]! - 1 : text.length;
    return start >= end;
  };
  let from = 1;
  while (from <= lineCount) {
    const base = from - 1;
    let lastEnd = base;
    try {
      parse(text.slice(offsets[from - 1]), {
        bom: false,
        raw: true,
        relax_column_count: true,
        skip_empty_lines: true,
        // With `raw`, csv-parse hands over `{record, raw}` (its types do not say so).
        on_record: (value: string[], context) => {
          const { record, raw } = value as unknown as { record: string[]; raw: string };
          const end = base + context.lines;
          // `raw` starts with the empty lines skipped before the record and ends with its line end.
          const own = raw.replace(/^\n+/, '');
          const inner = (own.match(/\n/g)?.length ?? 0) - (own.endsWith('\n') ? 1 : 0);
          records.push({ line: end - inner, cells: record });
          lastEnd = end;
          return null;
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      let bad = lastEnd + 1;
      while (bad < lineCount && isBlank(bad)) bad++;
      broken.push({ line: bad, message: error.message.replace(/ at line \d+/g, '') });
      from = bad + 1;
    }
  }
  return { records, broken };
}

/** Items of a CSV text: the first record is the header; each further record is one request. */
export function readCsv(text: string): BatchItem[] {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { records, broken } = parseCsvRecords(normalised);
  const [header, ...rows] = records;
  if (!header || (broken[0] && broken[0].line <= header.line)) {
    throw new CliError(`the CSV has no readable header line${broken[0] ? ` (line ${broken[0].line}: ${broken[0].message})` : ''}`, EXIT.usage);
  }
  const read = readHeader(header.cells);
  if ('errors' in read) throw new CliError(`the CSV header (line ${header.line}) cannot be used:\n  ${read.errors.join('\n  ')}`, EXIT.usage);
  const columns: CsvColumn[] = read.columns;
  const items: BatchItem[] = broken.map(({ line, message }) => ({ line, problem: lineProblem('invalid_csv', `CSV syntax error: ${message}`) }));
  for (const { line, cells } of rows) {
    if (cells.length !== columns.length) {
      items.push({ line, problem: lineProblem('invalid_csv', `has ${cells.length} cells; the header has ${columns.length}`) });
      continue;
    }
    const request = rowToRequest(columns, cells);
    // The key follows the request, not the layout: reordering columns does not re-issue a line.
    items.push({ line, body: JSON.stringify(request), content: canonicalJson(request) });
  }
  return items.sort((a, b) => a.line - b.line);
}
