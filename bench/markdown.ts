/**
 * `npm run bench:markdown [results file]`: writes the tables of `docs/performance.md` from a
 * results file (default `bench/results.json`), so what the document quotes is exactly what a run
 * measured. Each table sits between a pair of markers (`<!-- bench:targets:start -->` …
 * `<!-- bench:targets:end -->`); only the text between them is replaced, the prose around it is
 * left alone. `--check` writes nothing and exits 1 when the document is out of date.
 */
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatNumber, type BenchResults } from './run.ts';
import type { BenchRow } from './section.ts';

/** The document the tables are written into. */
export const PERFORMANCE_DOC = join(import.meta.dirname, '..', 'docs', 'performance.md');

const HTTP_AND_CPU_SECTIONS = ['sign', 'verify', 'memory', 'http-verify', 'http-issue', 'batch'];

const figure = (value: number, unit: string) => `${formatNumber(value)} ${unit}`;
const verdict = (row: BenchRow) => (row.target ? `**${row.target.pass ? 'PASS' : 'FAIL'}**` : '');

/** The rows the targets table quotes: every CPU and HTTP figure, and the targeted rows of other sections but bundles. */
export function targetRows(results: BenchResults): { section: string; row: BenchRow }[] {
  const quoted = (section: string, row: BenchRow) => HTTP_AND_CPU_SECTIONS.includes(section) || (section !== 'bundles' && row.target !== undefined);
  return results.sections.flatMap((s) => s.rows.filter((row) => quoted(s.name, row)).map((row) => ({ section: s.name, row })));
}

/** The targets table: every CPU and HTTP figure beside its baseline, and every other target but the bundles'. */
export function targetsTable(results: BenchResults): string {
  const lines = ['| section | figure | ours | baseline (same run) | ratio | target | result |', '|---|---|---|---|---|---|---|'];
  for (const { section, row } of targetRows(results)) {
    const baseline = row.baseline ? `${figure(row.baseline.value, row.baseline.unit)} (${row.baseline.name})` : '';
    const ratio = row.ratio !== undefined ? `${(row.ratio * 100).toFixed(0)} %` : '';
    lines.push(`| ${section} | ${row.name} | ${figure(row.value, row.unit)} | ${baseline} | ${ratio} | ${row.target?.description ?? ''} | ${verdict(row)} |`);
  }
  return lines.join('\n');
}

/** The bundles table: size and cold init of each function, with the rows' notes. */
export function bundlesTable(results: BenchResults): string {
  const rows = results.sections.find((s) => s.name === 'bundles')?.rows ?? [];
  const lines = ['| figure | value | target | result | how |', '|---|---|---|---|---|'];
  for (const row of rows)
    lines.push(`| ${row.name} | ${figure(row.value, row.unit)} | ${row.target?.description ?? ''} | ${verdict(row)} | ${row.note ?? ''} |`);
  return lines.join('\n');
}

/** One line naming the run. */
export function runLine(results: BenchResults): string {
  const when = results.generatedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  const env = results.environment;
  const targets = results.sections.flatMap((s) => s.rows).filter((r) => r.target);
  return `Run of ${when}, Node.js ${env.node}, ${env.cpu}, ${env.cores} cores, load average at the end ${env.loadAverage.map((l) => l.toFixed(1)).join(' ')}; ${targets.filter((r) => r.target!.pass).length} of ${targets.length} targets met.`;
}

/** The text of each marked block, by marker name. */
export function performanceBlocks(results: BenchResults): Record<'targets' | 'bundles', string> {
  return { targets: `${targetsTable(results)}\n\n${runLine(results)}`, bundles: bundlesTable(results) };
}

/**
 * `doc` with every marked block replaced by its table from `results`.
 * @throws {Error} when a block's markers are missing or out of order.
 */
export function rewritePerformanceDoc(doc: string, results: BenchResults): string {
  let text = doc;
  for (const [name, block] of Object.entries(performanceBlocks(results))) {
    const start = `<!-- bench:${name}:start -->`;
    const end = `<!-- bench:${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`the document has no ${start} … ${end} block`);
    text = `${text.slice(0, from + start.length)}\n${block}\n${text.slice(to)}`;
  }
  return text;
}

if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const file = args.find((a) => !a.startsWith('--')) ?? join(import.meta.dirname, 'results.json');
  const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
  const rewritten = rewritePerformanceDoc(doc, JSON.parse(readFileSync(file, 'utf8')) as BenchResults);
  const name = relative(process.cwd(), PERFORMANCE_DOC);
  if (check) {
    process.stdout.write(rewritten === doc ? `${name} quotes ${relative(process.cwd(), file)}\n` : `${name} is out of date: run npm run bench:markdown\n`);
    process.exit(rewritten === doc ? 0 : 1);
  }
  if (rewritten !== doc) writeFileSync(PERFORMANCE_DOC, rewritten);
  process.stdout.write(`${name}: ${rewritten === doc ? 'already up to date' : 'tables rewritten'} from ${relative(process.cwd(), file)}\n`);
}
