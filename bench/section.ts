/**
 * The shape of a benchmark section. `bench/run.ts` runs every section listed in
 * `bench/sections/index.ts`, prints one table and writes `bench/results.json`; adding a row means
 * adding a section file and one line to that index.
 */

/** One measured figure, ideally beside its baseline from the same run. */
export interface BenchRow {
  /** What was measured, e.g. "verify (ours)". */
  readonly name: string;
  readonly value: number;
  /** e.g. "ops/s", "ms", "KB", "MB". */
  readonly unit: string;
  /** The baseline measured in the same run (raw node:crypto, bare node:http …). */
  readonly baseline?: { readonly name: string; readonly value: number; readonly unit: string };
  /** value / baseline.value, when both are rates of the same unit. */
  readonly ratio?: number;
  /** The target and whether this run met it. */
  readonly target?: { readonly description: string; readonly pass: boolean };
  /** Anything a reader needs to interpret the figure. */
  readonly note?: string;
}

/** What a section gets to run. */
export interface BenchContext {
  /** `--quick`: a smoke run (tiny iteration counts, seconds not minutes); figures are not meaningful. */
  readonly quick: boolean;
  /** Progress output (stderr). */
  log(message: string): void;
}

/** A group of related measurements. */
export interface BenchSection {
  readonly name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}
