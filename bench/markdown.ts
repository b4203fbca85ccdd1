/**
 * `npm run bench:markdown [results file]`: the README's performance tables, written from a results
 * file (default `bench/results.json`), so what the README quotes is exactly what a run measured.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { formatNumber, type BenchResults } from './run.ts';
import type { BenchRow } from './section.ts';

const HTTP_AND_CPU_SECTIONS = ['sign', 'verify', 'memory', 'http-verify', 'http-issue', 'batch'];

const figure = (value: number, unit: string) => `${formatNumber(value)} ${unit}`;
const verdict = (row: BenchRow) => (row.target ? `**${row.target.pass ? 'PASS' : 'FAIL'}**` : '');

/** The targets table: every CPU and HTTP figure beside its baseline. */
export function targetsTable(results: BenchResults): string {
  const lines = ['| section | figure | ours | baseline (same run) | ratio | target | result |', '|---|---|---|---|---|---|---|'];
  for (const section of results.sections.filter((s) => HTTP_AND_CPU_SECTIONS.includes(s.name))) {
    for (const row of section.rows) {
      const baseline = row.baseline ? `${figure(row.baseline.value, row.baseline.unit)} (${row.baseline.name})` : '';
      const ratio = row.ratio !== undefined ? `${(row.ratio * 100).toFixed(0)} %` : '';
      lines.push(`| ${section.name} | ${row.name} | ${figure(row.value, row.unit)} | ${baseline} | ${ratio} | ${row.target?.description ?? ''} | ${verdict(row)} |`);
    }
  }
  return lines.join('\n');
}

/** The bundles table: size and cold init of each function, with the rows' notes. */
export function bundlesTable(results: BenchResults): string {
  const rows = results.sections.find((s) => s.name === 'bundles')?.rows ?? [];
  const lines = ['| figure | value | target | result | how |', '|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.name} | ${figure(row.value, row.unit)} | ${row.target?.description ?? ''} | ${verdict(row)} | ${row.note ?? ''} |`);
  return lines.join('\n');
}

/** One line naming the run. */
export function runLine(results: BenchResults): string {
  const when = results.generatedAt.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
  const env = results.environment;
  const targets = results.sections.flatMap((s) => s.rows).filter((r) => r.target);
  return `Run of ${when}, Node.js ${env.node}, ${env.cpu}, ${env.cores} cores, load average at the end ${env.loadAverage.map((l) => l.toFixed(1)).join(' ')}; ${targets.filter((r) => r.target!.pass).length} of ${targets.length} targets met.`;
}

/** All three, as the README's performance section quotes them. */
export function readmeTables(results: BenchResults): string {
  return `${targetsTable(results)}\n\n${runLine(results)}\n\n${bundlesTable(results)}\n`;
}

if (process.argv[1] && import.meta.filename === realpathSync(process.argv[1])) {
  const file = process.argv[2] ?? join(import.meta.dirname, 'results.json');
  process.stdout.write(readmeTables(JSON.parse(readFileSync(file, 'utf8')) as BenchResults));
}
