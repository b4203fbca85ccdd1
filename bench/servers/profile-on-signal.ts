/**
 * Profiling window for a benchmark server: with BENCH_PROFILE_DIR set, the first SIGUSR2 starts
 * the V8 CPU profiler and the next one writes `{name}-{pid}-{n}.cpuprofile` there. The HTTP
 * sections send both around a measured run, so the profile shows the load and nothing else
 * (`node --cpu-prof` would also record start-up and label issuance).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/** Installs the SIGUSR2 handler when BENCH_PROFILE_DIR is set. */
export function profileOnSignal(name: string): void {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  let running = false;
  let count = 0;
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.start'));
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${name}-${process.pid}-${++count}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
