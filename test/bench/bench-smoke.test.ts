/**
 * `npm run bench -- --quick` end to end, so the benchmark never rots: every section runs against
 * the real parts (child servers, autocannon over loopback) and the table and JSON keep their shape.
 * Timings are not asserted: a smoke run's figures mean nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { rewritePerformanceDoc } from '../../bench/markdown.ts';
import type { BenchResults } from '../../bench/run.ts';
import { SAME_VERDICT_BASELINE, TWO_MEMBER_BASELINE } from '../../bench/sections/http-verify.ts';
import { SIGN_BASELINE } from '../../bench/sections/sign.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'carbon-label-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sections this issue owns; others may add theirs to the index. */
const CORE_SECTIONS = ['sign', 'verify', 'http-verify', 'http-issue', 'batch', 'memory'];

describe('npm run bench -- --quick', () => {
  it('prints a table and writes results with every figure beside its baseline', { timeout: 180_000 }, async () => {
    const out = join(dir, 'results.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    expect(stdout).toMatch(/section\s+figure\s+value\s+unit\s+baseline\s+ratio\s+target\s+result/);
    expect(stdout).toMatch(/targets: \d+ PASS, \d+ FAIL/);
    expect(stdout).toContain('NOT meaningful');

    const results = JSON.parse(readFileSync(out, 'utf8')) as BenchResults;
    expect(results.quick).toBe(true);
    expect(results.sections.map((s) => s.name)).toEqual(expect.arrayContaining(CORE_SECTIONS));
    for (const section of results.sections) {
      expect(section.error, `${section.name} failed`).toBeUndefined();
      expect(section.rows.length, `${section.name} has rows`).toBeGreaterThan(0);
      for (const row of section.rows) {
        expect(row.name).toBeTruthy();
        expect(Number.isFinite(row.value), `${row.name} is a number`).toBe(true);
        if (/\/(?:CPU-)?s$/.test(row.unit)) expect(row.value, `${row.name} is a positive rate`).toBeGreaterThan(0);
        if (row.baseline) {
          expect(Number.isFinite(row.baseline.value), `${row.name} has a measured baseline`).toBe(true);
          // A rate is never zero; a growth (MB) may be zero or negative, a latency may round to 0 ms.
          if (/\/(?:CPU-)?s$/.test(row.baseline.unit)) expect(row.baseline.value, `${row.name} has a positive baseline`).toBeGreaterThan(0);
          if (row.baseline.unit === 'ms' || row.baseline.unit === 'µs') expect(row.baseline.value).toBeGreaterThanOrEqual(0);
        }
        if (row.target) expect(typeof row.target.pass).toBe('boolean');
      }
    }
    // Each core figure stands beside a baseline from the same run, and each target is judged.
    const core = results.sections.filter((s) => CORE_SECTIONS.includes(s.name)).flatMap((s) => s.rows);
    for (const row of core) expect(row.baseline, `${row.name} has a baseline`).toBeDefined();
    const targets = core.filter((r) => r.target).map((r) => r.name);
    expect(targets.length).toBe(5);
    const rows = (section: string) => results.sections.find((s) => s.name === section)!.rows;
    for (const section of ['sign', 'verify', 'http-verify']) {
      const row = rows(section)[0]!;
      expect(row.target, `${section}'s first row is judged`).toBeDefined();
      expect(row.ratio).toBeCloseTo(row.value / row.baseline!.value, 6);
    }
    // Sign and HTTP verify are judged against the least work giving the same answer; the former
    // bare baselines stay beside them as context rows, with no target.
    expect(rows('sign')[0]!.baseline!.name).toBe(SIGN_BASELINE);
    expect(rows('http-verify')[0]!.baseline!.name).toBe(SAME_VERDICT_BASELINE);
    expect(rows('http-verify').find((r) => r.name.includes('p99, 10 conn'))?.baseline?.name).toBe(SAME_VERDICT_BASELINE);
    for (const [section, context] of [
      ['sign', 'raw node:crypto ES256 sign'],
      ['http-verify', TWO_MEMBER_BASELINE],
    ] as const) {
      const row = rows(section).find((r) => r.baseline?.name === context && r.value === rows(section)[0]!.value);
      expect(row, `${section} keeps the ${context} row`).toBeDefined();
      expect(row!.target).toBeUndefined();
      expect(row!.ratio).toBeCloseTo(row!.value / row!.baseline!.value, 6);
    }

    // docs/performance.md's tables come from the same file: one line per row, every target judged.
    const markdown = rewritePerformanceDoc(
      '<!-- bench:targets:start --><!-- bench:targets:end -->\n<!-- bench:bundles:start --><!-- bench:bundles:end -->\n',
      results,
    );
    const tableRows = markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| section') && !l.startsWith('| figure'));
    // Every core and bundle row, and every other targeted row (the verification page size).
    const quoted = results.sections.flatMap((s) => s.rows.filter((r) => [...CORE_SECTIONS, 'bundles'].includes(s.name) || r.target));
    expect(tableRows).toHaveLength(quoted.length);
    for (const row of quoted) expect(markdown).toContain(`| ${row.name} |`);
    expect(markdown.match(/\*\*(PASS|FAIL)\*\*/g)).toHaveLength(quoted.filter((r) => r.target).length);
    expect(markdown).toMatch(/^Run of .+ UTC, Node\.js v\d+/m);
  });
});
