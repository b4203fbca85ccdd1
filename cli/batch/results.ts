/**
 * The results file of a batch: one JSON line per input line, `{line, id, token, verifyUrl}` for a
 * label or `{line, problem}` for a line that has none.
 *
 * While a batch runs, each outcome is appended as soon as it is known, so a run that is killed
 * keeps everything it finished. The next run reads the file, skips every line that already has a
 * label and tries the others again. At the end the file is rewritten in line order with exactly one
 * entry per input line (to a temporary file, then renamed, so it is never half-written).
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Problem } from '../labels/labels-api.ts';

/** A line that has a label. */
export interface IssuedResult {
  readonly line: number;
  readonly id: string;
  readonly token: string;
  readonly verifyUrl: string;
}

/** A line that has none, and why. */
export interface ProblemResult {
  readonly line: number;
  readonly problem: Problem;
}

export type BatchResult = IssuedResult | ProblemResult;

export const isIssued = (r: BatchResult): r is IssuedResult => 'id' in r;

/** Default results file: beside the input, `products.jsonl` → `products.jsonl.results.jsonl`. */
export function defaultResultsPath(input: string): string {
  return join(dirname(input), `${basename(input)}.results.jsonl`);
}

function parseResult(text: string): BatchResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // e.g. the torn last line of a killed run
  }
  const r = value as Partial<IssuedResult & ProblemResult> | null;
  if (!r || typeof r !== 'object' || !Number.isSafeInteger(r.line) || (r.line as number) < 1) return undefined;
  if (typeof r.id === 'string' && typeof r.token === 'string' && typeof r.verifyUrl === 'string') {
    return { line: r.line!, id: r.id, token: r.token, verifyUrl: r.verifyUrl };
  }
  if (r.problem && typeof r.problem === 'object') return { line: r.line!, problem: r.problem };
  return undefined;
}

/** The entries of an existing results file, latest per line (a label, once recorded, is kept). */
export function readResults(path: string): Map<number, BatchResult> {
  const results = new Map<number, BatchResult>();
  if (!existsSync(path)) return results;
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    const result = text.trim() ? parseResult(text) : undefined;
    if (!result) continue;
    const earlier = results.get(result.line);
    if (earlier && isIssued(earlier) && !isIssued(result)) continue;
    results.set(result.line, result);
  }
  return results;
}

/** The text of a results file with `results` in line order. */
export function resultsText(results: Iterable<BatchResult>): string {
  return [...results]
    .sort((a, b) => a.line - b.line)
    .map((r) => `${JSON.stringify(r)}\n`)
    .join('');
}

function writeAtomically(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Appends outcomes as they come; `finish` rewrites the file in line order. */
export class ResultsWriter {
  readonly path: string;
  #fd: number | undefined;

  /** Starts the file with the labels an earlier run recorded (`kept`), dropping everything else. */
  constructor(path: string, kept: Iterable<BatchResult>) {
    this.path = path;
    writeAtomically(path, resultsText(kept));
    this.#fd = openSync(path, 'a');
  }

  /** Records one outcome at once (one write per line). */
  append(result: BatchResult): void {
    if (this.#fd === undefined) throw new Error('results file already finished');
    writeSync(this.#fd, `${JSON.stringify(result)}\n`);
  }

  /** Closes the file and rewrites it with exactly `all`, in line order. */
  finish(all: Iterable<BatchResult>): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
    writeAtomically(this.path, resultsText(all));
  }
}
