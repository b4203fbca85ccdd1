/**
 * A 3-second smoke of `npm run load` (bench/load.ts) so the script itself cannot rot: a fresh
 * service, the mixed verify workload, and zero failures. No timing or throughput is asserted.
 */
import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../../bench/load.ts';

describe('npm run load (3 s smoke)', () => {
  it('answers every request of the mixed workload with 200 and the expected verdicts', { timeout: 120_000 }, async () => {
    const report = await runLoadTest({ durationSeconds: 3, connections: 10, log: () => {} });
    expect(report.requests).toBeGreaterThan(0);
    expect({ errors: report.errors, timeouts: report.timeouts, non2xx: report.non2xx, wrongVerdicts: report.wrongVerdicts }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      wrongVerdicts: 0,
    });
    // The mix exercised genuine and hostile tokens alike.
    for (const status of ['valid', 'revoked', 'bad_signature', 'unknown_key', 'malformed']) expect(report.verdicts[status], status).toBeGreaterThan(0);
  });
});
