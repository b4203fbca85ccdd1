/**
 * Child process entry of `measureInChild`: runs one CPU-bound measurement and prints its rows as
 * one JSON line. Imports only the section it runs.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import type { BenchContext, BenchRow } from '../section.ts';

const MEASUREMENTS: Record<string, () => Promise<(context: BenchContext) => Promise<BenchRow[]>>> = {
  sign: async () => (await import('../sections/sign.ts')).measureSign,
  verify: async () => (await import('../sections/verify.ts')).measureVerify,
  memory: async () => (await import('../sections/memory.ts')).measureMemory,
  bundles: async () => (await import('../sections/bundles.ts')).measureBundles,
};

const [name, flag] = process.argv.slice(2);
const load = name ? MEASUREMENTS[name] : undefined;
if (!load) {
  process.stderr.write(`unknown measurement ${name}\n`);
  process.exit(2);
}
const measure = await load();
const rows = await measure({ quick: flag === '--quick', log: (m) => process.stderr.write(`[log] ${m}\n`) });
process.stdout.write(`${JSON.stringify(rows)}\n`);
process.exit(0);
