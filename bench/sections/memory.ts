/**
 * Memory: resident set size before and after 100,000 online verifications in this process — the
 * whole verify core as `POST /verify` runs it (keyring snapshot, offline checks, status through
 * the bounded cache, verdict), with an in-memory store behind the cache. A leak per verification
 * of even 200 bytes shows as 20 MB here. Garbage is collected before each reading.
 */
import { verify } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { StoredLabel } from '../../shared/label/record.ts';
import { Keyring } from '../../shared/keys/keyring.ts';
import { cachedStatusSource } from '../../shared/verification/status/cached-status-source.ts';
import { liveStatusSource } from '../../shared/verification/status/live-status-source.ts';
import { verifyBatchOnline } from '../../shared/verification/verify-batch.ts';
import type { BenchContext, BenchRow, BenchSection } from '../section.ts';
import { measureInChild } from '../lib/isolated.ts';
import { benchKey, benchLabels, rawToken } from '../lib/labels.ts';

/** RSS growth must stay below this, in MB. */
export const RSS_GROWTH_TARGET_MB = 20;

const MB = 1024 * 1024;

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** Measures the memory figures in this process (the section runs it in a fresh child). */
export async function measureMemory(context: BenchContext): Promise<BenchRow[]> {
  const key = benchKey();
  const now = new Date();
  const labels = await benchLabels(key, 300, now);
  const byId = new Map<string, StoredLabel>(labels.map((l) => [l.record.id, l]));
  const store = { getLabel: async (id: string) => byId.get(id) };
  const deps = {
    keyring: new Keyring({ listSigningKeys: async () => [key.record] }),
    statusSource: cachedStatusSource(liveStatusSource(store)),
    store,
    now: () => new Date(),
  };
  const tokens = labels.map((l) => l.token);
  const total = context.quick ? 2_000 : 100_000;
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const [v] = await verifyBatchOnline(deps, [tokens[i % tokens.length]!]);
      if (v?.status !== 'valid') throw new Error(`verification ${i} answered ${v?.status}`);
    }
  };
  // The baseline: the same number of raw node:crypto verifies, which leak nothing of ours. Any
  // growth they show is the runtime's (allocator high-water marks, young-generation sizing).
  const raws = tokens.map(rawToken);
  const runRaw = (count: number) => {
    for (let i = 0; i < count; i++) {
      const r = raws[i % raws.length]!;
      if (!verify('sha256', r.signingInput, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, r.signature)) throw new Error('raw verify failed');
    }
  };
  const warmup = Math.min(20_000, total);
  await run(warmup); // warm: JIT, cache, keyring, allocator
  runRaw(warmup);
  const measure = async (work: () => Promise<void> | void) => {
    collectGarbage();
    const before = process.memoryUsage();
    const t0 = performance.now();
    await work();
    const seconds = (performance.now() - t0) / 1000;
    collectGarbage();
    return { before, after: process.memoryUsage(), seconds };
  };
  const raw = await measure(() => runRaw(total));
  // Ours in quarters: a leak keeps growing, a high-water mark levels off.
  const checkpoints: number[] = [];
  const ours = await measure(async () => {
    for (let q = 0; q < 4; q++) {
      await run(total / 4);
      checkpoints.push(process.memoryUsage().rss / MB);
    }
  });
  const { before, after, seconds } = ours;
  const growth = (after.rss - before.rss) / MB;
  const rawGrowth = (raw.after.rss - raw.before.rss) / MB;
  context.log(
    `ours: rss ${(before.rss / MB).toFixed(1)} → ${checkpoints.map((c) => c.toFixed(1)).join(' → ')} → ${(after.rss / MB).toFixed(1)} MB (after gc); ` +
      `heap ${(before.heapUsed / MB).toFixed(1)} → ${(after.heapUsed / MB).toFixed(1)} MB; raw: rss +${rawGrowth.toFixed(1)} MB`,
  );
  return [
    {
      name: `RSS growth over ${total.toLocaleString('en-US')} verifications`,
      value: growth,
      unit: 'MB',
      baseline: { name: `RSS growth, ${total.toLocaleString('en-US')} raw node:crypto verifies`, value: rawGrowth, unit: 'MB' },
      target: { description: `< ${RSS_GROWTH_TARGET_MB} MB`, pass: growth < RSS_GROWTH_TARGET_MB },
      note: `RSS ${(before.rss / MB).toFixed(1)} → ${(after.rss / MB).toFixed(1)} MB (quarters: ${checkpoints.map((c) => c.toFixed(1)).join(', ')}); heap used ${(before.heapUsed / MB).toFixed(1)} → ${(after.heapUsed / MB).toFixed(1)} MB; after ${warmup.toLocaleString('en-US')} warm-up verifications; ${Math.round(total / seconds)} online verifications/s`,
    },
  ];
}

/** The memory section: measured in a child process that loads nothing else (see `bench/lib/isolated.ts`). */
export const memorySection: BenchSection = {
  name: 'memory',
  run: (context) => measureInChild('memory', context),
};
