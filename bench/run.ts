/**
 * `npm run bench`: runs every section of `bench/sections/index.ts`, prints one table (each figure
 * beside its baseline from this same run, the ratio, and the target's verdict) and writes the
 * results as JSON.
 *
 *   npm run bench                      full run, writes bench/results.json
 *   npm run bench -- --quick           smoke run: tiny counts, figures not meaningful
 *   npm run bench -- --only verify     one section (comma-separate several)
 *   npm run bench -- --out file.json   write the JSON elsewhere
 *
 * Exit code: 0 when every section ran (whether or not targets passed), 1 when a section failed
 * to run, 2 on bad arguments.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { closeBenchServers } from './lib/servers.ts';
import type { BenchRow, BenchSection } from './section.ts';
import { SECTIONS } from './sections/index.ts';

/** Parsed command line. */
export interface BenchArgs {
  readonly quick: boolean;
  readonly only?: readonly string[];
  readonly out: string;
}

/** The JSON written to `bench/results.json`. */
export interface BenchResults {
  readonly generatedAt: string;
  readonly quick: boolean;
  readonly environment: {
    readonly node: string;
    readonly platform: string;
    readonly cpu: string;
    readonly cores: number;
    readonly loadAverage: readonly number[];
  };
  readonly sections: readonly { readonly name: string; readonly rows: readonly BenchRow[]; readonly error?: string; readonly seconds: number }[];
}

const ROOT = join(import.meta.dirname, '..');

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run bench -- [--quick] [--only <section>[,<section>…]] [--out <file.json>]\n`);
  process.exit(2);
}

/** Reads the flags. */
export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let only: string[] | undefined;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only' || arg === '--out') {
      const value = argv[++i];
      if (!value || value.startsWith('--')) usage(`${arg} needs a value`);
      if (arg === '--only') only = [...(only ?? []), ...value.split(',').filter(Boolean)];
      else out = value;
    } else if (arg.startsWith('--only=')) only = [...(only ?? []), ...arg.slice(7).split(',').filter(Boolean)];
    else if (arg.startsWith('--out=')) out = arg.slice(6);
    else usage(`unknown argument ${arg}`);
  }
  // A smoke run or a partial run must never overwrite the committed full results.
  const file = quick ? 'results.quick.json' : only ? 'results.partial.json' : 'results.json';
  return { quick, ...(only ? { only } : {}), out: out ?? join(ROOT, 'bench', file) };
}

/** A figure as the tables print it: thousands grouped, three significant digits below 100. */
export const formatNumber = (v: number): string => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Renders rows as a plain-text table. */
export function formatTable(sections: BenchResults['sections']): string {
  const header = ['section', 'figure', 'value', 'unit', 'baseline', 'ratio', 'target', 'result'];
  const lines: string[][] = [];
  for (const section of sections) {
    if (section.error) lines.push([section.name, `ERROR: ${section.error}`, '', '', '', '', '', 'ERROR']);
    for (const row of section.rows) {
      lines.push([
        section.name,
        row.name,
        formatNumber(row.value),
        row.unit,
        row.baseline ? `${formatNumber(row.baseline.value)} ${row.baseline.unit} (${row.baseline.name})` : '',
        row.ratio !== undefined ? `${(row.ratio * 100).toFixed(0)} %` : '',
        row.target?.description ?? '',
        row.target ? (row.target.pass ? 'PASS' : 'FAIL') : '',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 || i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(render)].join('\n');
}

/** Runs the selected sections in order; a failing section is reported, not fatal to the others. */
export async function runBench(args: BenchArgs, sections: readonly BenchSection[] = SECTIONS): Promise<BenchResults> {
  const selected = args.only ? sections.filter((s) => args.only!.includes(s.name)) : sections;
  const unknown = args.only?.filter((name) => !sections.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) usage(`unknown section ${unknown.join(', ')}; sections: ${sections.map((s) => s.name).join(', ')}`);
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const results: BenchResults['sections'][number][] = [];
  try {
    for (const section of selected) {
      log(`${section.name}…`);
      const t0 = performance.now();
      try {
        const rows = await section.run({ quick: args.quick, log: (m) => log(`${section.name}: ${m}`) });
        results.push({ name: section.name, rows, seconds: (performance.now() - t0) / 1000 });
      } catch (error) {
        log(`${section.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        results.push({ name: section.name, rows: [], error: error instanceof Error ? error.message : String(error), seconds: (performance.now() - t0) / 1000 });
      }
    }
  } finally {
    await closeBenchServers();
  }
  return {
    generatedAt: new Date().toISOString(),
    quick: args.quick,
    environment: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: availableParallelism(),
      loadAverage: loadavg(),
    },
    sections: results,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const results = await runBench(args);
  const passed = results.sections.flatMap((s) => s.rows).filter((r) => r.target);
  process.stdout.write(`\n${formatTable(results.sections)}\n\n`);
  process.stdout.write(`targets: ${passed.filter((r) => r.target!.pass).length} PASS, ${passed.filter((r) => !r.target!.pass).length} FAIL`);
  process.stdout.write(`${args.quick ? '  (--quick: smoke run, figures are NOT meaningful)' : ''}\n`);
  process.stdout.write(
    `load average at the end: ${results.environment.loadAverage.map((l) => l.toFixed(2)).join(' ')} on ${results.environment.cores} cores\n`,
  );
  writeFileSync(args.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`results: ${relative(process.cwd(), args.out) || args.out}\n`);
  process.exit(results.sections.some((s) => s.error) ? 1 : 0);
}

if (process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])) await main();
