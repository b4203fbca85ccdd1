/**
 * Runs a CPU-bound section in a fresh child process. The bench process has loaded every
 * section's dependencies (the CDK app for bundle sizes, autocannon, …); a large old generation
 * makes every garbage collection dearer and would charge that to whichever code allocates most.
 * A child that loads only what it measures gives both ours and its baseline the heap a service has.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { BenchContext, BenchRow } from '../section.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Measures section `name` (see `bench/workers/measure.ts`) in a child process and returns its rows. */
export function measureInChild(name: string, context: BenchContext): Promise<BenchRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'workers', 'measure.ts'), name, context.quick ? '--quick' : ''], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      const lines = err.split('\n');
      err = lines.pop() ?? '';
      for (const line of lines)
        if (line.startsWith('[log] ')) context.log(line.slice(6));
        else if (line.trim()) process.stderr.write(`${line}\n`);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${name} worker exited with ${code}${err ? `: ${err}` : ''}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as BenchRow[]);
      } catch {
        reject(new Error(`${name} worker printed no result`));
      }
    });
  });
}
