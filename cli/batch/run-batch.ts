/**
 * `labels issue --batch FILE.jsonl | --csv FILE.csv`: one `POST /labels` per line, a bounded
 * number at a time, every outcome recorded in the results file as it comes.
 *
 * Resumable: each line is sent with an `Idempotency-Key` derived from the input file's path, the
 * line number and the line's content. A line that has a label in the results file is not sent
 * again; a line whose answer was lost (the run was killed while it was in flight) is sent again
 * with the same key, and the service returns the label it already issued. So a batch killed at any
 * point and started again ends with exactly one label per line (within the service's 24-hour
 * idempotency window).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.ts';
import { EXIT, type LabelsApi, type Problem } from '../labels/labels-api.ts';
import { columnOfPath } from './csv-columns.ts';
import { readCsv, readJsonLines, type BatchItem } from './input.ts';
import type { Progress } from './progress.ts';
import { isIssued, readResults, ResultsWriter, type BatchResult, type IssuedResult, type ProblemResult } from './results.ts';

export type BatchFormat = 'jsonl' | 'csv';

export interface BatchRunOptions {
  readonly inputPath: string;
  readonly format: BatchFormat;
  readonly api: LabelsApi;
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly resultsPath: string;
  /** Write each label's art here as `line-0001.svg`, … */
  readonly artDir?: string | undefined;
  readonly artLang?: string | undefined;
  readonly progress: Progress;
  /** Aborting stops taking new lines; requests in flight finish and are recorded. */
  readonly signal?: AbortSignal;
}

/** Why a batch stopped before its last line. */
export interface BatchStop {
  readonly reason: 'interrupted' | 'refused' | 'unavailable' | 'failed';
  readonly message: string;
  readonly exitCode: number;
}

export interface BatchSummary {
  /** Requests in the input (non-blank lines or CSV records). */
  readonly lines: number;
  /** Lines that have a label now. */
  readonly labels: number;
  /** Labels this run received (new, or replayed for a line whose answer an earlier run lost). */
  readonly issued: number;
  /** Lines skipped because the results file already had their label. */
  readonly alreadyDone: number;
  readonly problems: readonly ProblemResult[];
  readonly resultsPath: string;
  readonly artDir?: string;
  readonly artWritten: number;
  readonly artFailures: readonly { line: number; message: string }[];
  readonly seconds: number;
  /** `issued / seconds`. */
  readonly labelsPerSecond: number;
  readonly stopped?: BatchStop;
}

/** The `Idempotency-Key` of one line: base64url SHA-256 of the input's identity, the line number and its content. */
export function lineIdempotencyKey(inputIdentity: string, line: number, content: string): string {
  return `clb-${createHash('sha256')
    .update(JSON.stringify(['carbon-label batch v1', inputIdentity, line, content]))
    .digest('base64url')}`;
}

/** File name of a line's art: `line-0001.svg` (wider when the input has 10,000 lines or more). */
export function artFileName(line: number, lastLine: number): string {
  return `line-${String(line).padStart(Math.max(4, String(lastLine).length), '0')}.svg`;
}

/** Reads and parses the input; a file that cannot be read is a usage error. */
export function readBatchInput(path: string, format: BatchFormat): BatchItem[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CliError(`cannot read ${path}: ${(cause as Error).message}`, EXIT.usage);
  }
  const items = format === 'csv' ? readCsv(text) : readJsonLines(text);
  if (items.length === 0) throw new CliError(`${path} holds no label requests`, EXIT.usage);
  return items;
}

/** Adds the CSV column to each field error. */
function withColumns(problem: Problem): Problem {
  if (!problem.errors) return problem;
  return {
    ...problem,
    errors: problem.errors.map((e) => {
      const column = columnOfPath(e.path);
      return column ? { ...e, column } : e;
    }),
  };
}

function writeFileAtomically(path: string, bytes: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

/** Runs a batch to its end (or until it is stopped) and rewrites the results file in line order. */
export async function runBatch(options: BatchRunOptions): Promise<BatchSummary> {
  const items = readBatchInput(options.inputPath, options.format);
  const identity = realpathSync(options.inputPath);
  if (existsSync(options.resultsPath) && realpathSync(options.resultsPath) === identity) {
    throw new CliError('--results names the input file itself; choose another results file', EXIT.usage);
  }
  const lastLine = items.at(-1)!.line;
  const earlier = readResults(options.resultsPath);
  const inputLines = new Set(items.map((i) => i.line));
  const kept = [...earlier.values()].filter((r): r is IssuedResult => isIssued(r) && inputLines.has(r.line));
  const keptLines = new Set(kept.map((r) => r.line));
  if (options.artDir) mkdirSync(options.artDir, { recursive: true });

  const artPath = (line: number) => join(options.artDir!, artFileName(line, lastLine));
  type Task = { kind: 'issue'; item: BatchItem } | { kind: 'art'; result: IssuedResult };
  const tasks: Task[] = items.filter((item) => !keptLines.has(item.line)).map((item) => ({ kind: 'issue', item }));
  if (options.artDir) for (const r of kept) if (!existsSync(artPath(r.line))) tasks.push({ kind: 'art', result: r });

  const writer = new ResultsWriter(options.resultsPath, kept);
  const now = new Map<number, BatchResult>();
  const problems: ProblemResult[] = [];
  const artFailures: { line: number; message: string }[] = [];
  let issued = 0;
  let artWritten = 0;
  let stopped: BatchStop | undefined;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const report = () =>
    options.progress.update({ done: kept.length + now.size, total: items.length, problems: problems.length, rate: issued / Math.max(elapsed(), 0.001) });

  const record = (result: BatchResult) => {
    now.set(result.line, result);
    writer.append(result);
    if (!isIssued(result)) problems.push(result);
    report();
  };

  const writeArt = async (result: IssuedResult) => {
    try {
      const { bytes } = await options.api.download(result.id, 'label.svg', options.artLang ? { lang: options.artLang } : {});
      writeFileAtomically(artPath(result.line), bytes);
      artWritten++;
    } catch (error) {
      if (error instanceof CliError && error.exitCode === EXIT.unavailable) throw error;
      artFailures.push({ line: result.line, message: (error as Error).message });
    }
  };

  const run = async (task: Task) => {
    if (task.kind === 'art') return writeArt(task.result);
    const { item } = task;
    if ('problem' in item) return record({ line: item.line, problem: item.problem });
    const outcome = await options.api.issue(item.body, lineIdempotencyKey(identity, item.line, item.content));
    if ('problem' in outcome) return record({ line: item.line, problem: options.format === 'csv' ? withColumns(outcome.problem) : outcome.problem });
    issued++;
    const result: IssuedResult = { line: item.line, id: outcome.label.id, token: outcome.label.token, verifyUrl: outcome.label.verifyUrl };
    record(result);
    if (options.artDir) await writeArt(result);
  };

  const onAbort = () => {
    stopped ??= { reason: 'interrupted', message: 'interrupted; run the same command again to resume', exitCode: EXIT.interrupted };
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  report();
  let next = 0;
  const worker = async () => {
    while (!stopped && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        await run(task);
      } catch (error) {
        // The caller was refused (bad key, suspended issuer) or the service is gone: every other
        // line would fail alike. Anything else (e.g. the results file cannot be written) stops too.
        const exitCode = error instanceof CliError ? error.exitCode : EXIT.refused;
        stopped ??= {
          reason: !(error instanceof CliError) ? 'failed' : exitCode === EXIT.unavailable ? 'unavailable' : 'refused',
          message: error instanceof Error ? error.message : String(error),
          exitCode: exitCode === EXIT.unavailable ? EXIT.unavailable : EXIT.refused,
        };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, tasks.length || 1)) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    options.progress.stop();
    // One entry per input line: this run's outcome, else a label from before, else (a stopped run) an earlier problem.
    const final = items.map((item) => now.get(item.line) ?? earlier.get(item.line)).filter((r): r is BatchResult => r !== undefined);
    writer.finish(final);
  }
  const seconds = elapsed();
  const labels = kept.length + [...now.values()].filter(isIssued).length;
  return {
    lines: items.length,
    labels,
    issued,
    alreadyDone: kept.length,
    problems: problems.sort((a, b) => a.line - b.line),
    resultsPath: options.resultsPath,
    ...(options.artDir ? { artDir: options.artDir } : {}),
    artWritten,
    artFailures,
    seconds,
    labelsPerSecond: issued / Math.max(seconds, 0.001),
    ...(stopped ? { stopped } : {}),
  };
}
