/**
 * Batch issuance: `carbon-label labels issue --batch` over a 1,000-line JSON Lines file against the
 * embedded default, in labels/s as the CLI reports it (from its first request to its last result,
 * without the CLI's start-up). Beside it, the same requests sent straight from this process with
 * the same concurrency and per-line Idempotency-Keys: what the server allows, so the ratio is the
 * CLI's own cost (reading, results file, progress).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchSection } from '../section.ts';
import { ISSUE_BODIES, benchServers } from '../lib/servers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CONCURRENCY = 8;

/** `POST /labels` for every line, `CONCURRENCY` at a time, each with its own Idempotency-Key; labels/s. */
async function direct(url: string, apiKey: string, lines: readonly string[], run: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < lines.length) {
      const i = next++;
      const res = await fetch(`${url}/labels`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'idempotency-key': `bench-${run}-${i}` },
        body: lines[i],
      });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`POST /labels answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return lines.length / ((performance.now() - started) / 1000);
}

/** The batch-issue section. */
export const batchIssueSection: BenchSection = {
  name: 'batch-issue',
  async run(context) {
    const servers = await benchServers();
    const count = context.quick ? 50 : 1_000;
    const lines = Array.from({ length: count }, (_, i) => ISSUE_BODIES[i % ISSUE_BODIES.length]!);
    const dir = mkdtempSync(join(tmpdir(), 'bench-batch-issue-'));
    try {
      const input = join(dir, 'products.jsonl');
      writeFileSync(input, `${lines.join('\n')}\n`);
      const baseline = await direct(servers.local.url, servers.apiKey, lines, `${Date.now()}`);
      context.log(`direct: ${Math.round(baseline)} labels/s`);
      const started = performance.now();
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          join(ROOT, 'bin', 'carbon-label.mjs'),
          'labels',
          'issue',
          '--batch',
          input,
          '--url',
          servers.local.url,
          '--api-key',
          servers.apiKey,
          '--concurrency',
          String(CONCURRENCY),
          '--json',
          '--quiet',
        ],
        { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
      );
      const wall = (performance.now() - started) / 1000;
      const summary = JSON.parse(stdout) as { labels: number; issued: number; labelsPerSecond: number };
      if (summary.labels !== count) throw new Error(`the batch ended with ${summary.labels} of ${count} labels`);
      context.log(`CLI: ${Math.round(summary.labelsPerSecond)} labels/s (${wall.toFixed(1)} s with start-up)`);
      return [
        {
          name: `labels issue --batch, ${count} lines, ${CONCURRENCY} in flight`,
          value: summary.labelsPerSecond,
          unit: 'labels/s',
          baseline: { name: `POST /labels with Idempotency-Key, ${CONCURRENCY} in flight, no CLI`, value: baseline, unit: 'labels/s' },
          ratio: summary.labelsPerSecond / baseline,
          note: `each line one POST /labels with its own Idempotency-Key and one results-file line; ${wall.toFixed(1)} s for the whole command including the CLI's start-up`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
