/**
 * Sequential throughput of one operation beside its baselines. Ours and the baselines run in
 * alternating rounds, so all see the same share of a busy machine; each figure is the median
 * of its rounds. A round's rate is operations per second of CPU time this process used (every
 * thread, so garbage collection counts against whoever made the garbage): on a shared machine,
 * wall-clock time would mostly measure the neighbours. The wall-clock rate is kept too.
 */
import type { BenchRow } from '../section.ts';
import { roundOrder } from './rounds.ts';

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

/** Medians of several contenders measured in alternating rounds (see {@link measureRates}). */
export interface RateSet<C extends string> {
  /** Median operations per CPU-second of each contender. */
  readonly rates: Readonly<Record<C, number>>;
  /** Every round's rate, in order. */
  readonly rounds: Readonly<Record<C, readonly number[]>>;
  /** Median wall-clock rates, for reference. */
  readonly wall: Readonly<Record<C, number>>;
}

/**
 * Measures every operation of `ops` once per round, in {@link roundOrder}, so none always follows
 * another's garbage or gets the warmer machine.
 */
export async function measureRates<C extends string>(ops: Readonly<Record<C, Operation>>, options: RateOptions): Promise<RateSet<C>> {
  const names = Object.keys(ops) as C[];
  for (let i = 0; i < options.warmupCalls; i++) {
    for (const name of names) {
      const r = ops[name](i);
      if (r instanceof Promise) await r;
    }
  }
  const rounds = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<C, number[]>;
  const wall = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<C, number[]>;
  const next = Object.fromEntries(names.map((n) => [n, 0])) as Record<C, number>;
  for (let round = 0; round < options.rounds; round++) {
    for (const name of roundOrder(names, round)) {
      const r = await timeRound(ops[name], options.roundMs, next[name]);
      next[name] = r.next;
      rounds[name].push(r.ops);
      wall[name].push(r.wallOps);
    }
  }
  const medians = (by: Record<C, number[]>) => Object.fromEntries(names.map((n) => [n, median(by[n])])) as Record<C, number>;
  return { rates: medians(rounds), rounds, wall: medians(wall) };
}

/** The comparison of contender `ours` with contender `baseline` of one {@link RateSet}. */
export function pairOf<C extends string>(set: RateSet<C>, ours: C, baseline: C): RateComparison {
  return {
    ours: set.rates[ours],
    baseline: set.rates[baseline],
    oursRounds: set.rounds[ours],
    baselineRounds: set.rounds[baseline],
    oursWall: set.wall[ours],
    baselineWall: set.wall[baseline],
  };
}

/** Measures `ours` and `baseline` in alternating rounds. */
export async function compareRates(ours: Operation, baseline: Operation, options: RateOptions): Promise<RateComparison> {
  return pairOf(await measureRates({ ours, baseline }, options), 'ours', 'baseline');
}

/**
 * The row for a comparison in operations per CPU-second. With `target`, the ratio is judged and
 * the note names the rounds and wall-clock medians; without, it is a context row.
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
          note: `${what}; per CPU-second, median of ${rates.oursRounds.length} alternating rounds (wall clock: ours ${Math.round(rates.oursWall)}, baseline ${Math.round(rates.baselineWall)} ops/s)`,
        }
      : { note: `no target: ${what}` }),
  };
}
