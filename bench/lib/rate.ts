/**
 * Sequential throughput of one operation beside its baseline. Ours and the baseline run in
 * alternating rounds, so both see the same share of a busy machine; each figure is the median
 * of its rounds. A round's rate is operations per second of CPU time this process used (every
 * thread, so garbage collection counts against whoever made the garbage): on a shared machine,
 * wall-clock time would mostly measure the neighbours. The wall-clock rate is kept too.
 */
import type { BenchRow } from '../section.ts';

/** Settings of {@link compareRates}. */
export interface RateOptions {
  /** Alternating rounds (ours, baseline, ours, …). */
  readonly rounds: number;
  /** Length of one round of one contender, in milliseconds. */
  readonly roundMs: number;
  /** Untimed calls of each contender first, so both are JIT-compiled and caches are warm. */
  readonly warmupCalls: number;
}

/** Operations per second of both contenders, medians over rounds. */
export interface RateComparison {
  readonly ours: number;
  readonly baseline: number;
  readonly oursRounds: readonly number[];
  readonly baselineRounds: readonly number[];
  /** Medians of wall-clock rates, for reference. */
  readonly oursWall: number;
  readonly baselineWall: number;
}

/** An operation; `i` lets it rotate over inputs. May return a promise (it is then awaited). */
export type Operation = (i: number) => unknown;

const BATCH = 64;

async function timeRound(op: Operation, roundMs: number, start: number): Promise<{ ops: number; wallOps: number; next: number }> {
  let i = start;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const deadline = t0 + BigInt(Math.round(roundMs * 1e6));
  let now = t0;
  while (now < deadline) {
    for (let k = 0; k < BATCH; k++, i++) {
      const r = op(i);
      if (r instanceof Promise) await r;
    }
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = Number(now - t0) / 1e9;
  return { ops: (i - start) / cpuSeconds, wallOps: (i - start) / seconds, next: i };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Measures `ours` and `baseline` in alternating rounds. */
export async function compareRates(ours: Operation, baseline: Operation, options: RateOptions): Promise<RateComparison> {
  for (let i = 0; i < options.warmupCalls; i++) {
    const a = ours(i);
    if (a instanceof Promise) await a;
    const b = baseline(i);
    if (b instanceof Promise) await b;
  }
  const oursRounds: number[] = [];
  const baselineRounds: number[] = [];
  const oursWall: number[] = [];
  const baselineWall: number[] = [];
  let i = 0;
  let j = 0;
  for (let round = 0; round < options.rounds; round++) {
    // Swap who goes first each round, so neither always follows the other's garbage.
    const first = round % 2 === 0;
    if (first) {
      const a = await timeRound(ours, options.roundMs, i);
      i = a.next;
      oursRounds.push(a.ops);
      oursWall.push(a.wallOps);
    }
    const b = await timeRound(baseline, options.roundMs, j);
    j = b.next;
    baselineRounds.push(b.ops);
    baselineWall.push(b.wallOps);
    if (!first) {
      const a = await timeRound(ours, options.roundMs, i);
      i = a.next;
      oursRounds.push(a.ops);
      oursWall.push(a.wallOps);
    }
  }
  return {
    ours: median(oursRounds),
    baseline: median(baselineRounds),
    oursRounds,
    baselineRounds,
    oursWall: median(oursWall),
    baselineWall: median(baselineWall),
  };
}

/**
 * The row for a comparison in operations per CPU-second. With `target`, the ratio is judged and
 * the note names the rounds and wall-clock medians; without, it is a breakdown row.
 */
export function rateRow(
  name: string,
  rates: RateComparison,
  baselineName: string,
  what: string,
  target?: { readonly ratio: number; readonly of: string },
): BenchRow {
  const ratio = rates.ours / rates.baseline;
  return {
    name,
    value: rates.ours,
    unit: 'ops/CPU-s',
    baseline: { name: baselineName, value: rates.baseline, unit: 'ops/CPU-s' },
    ratio,
    ...(target
      ? {
          target: { description: `≥ ${target.ratio * 100} % of ${target.of}`, pass: ratio >= target.ratio },
          note: `${what}; per CPU-second, median of ${rates.oursRounds.length} alternating rounds (wall clock: ours ${Math.round(rates.oursWall)}, raw ${Math.round(rates.baselineWall)} ops/s)`,
        }
      : { note: `breakdown, no target: ${what}` }),
  };
}
