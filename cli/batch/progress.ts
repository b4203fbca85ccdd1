/**
 * Progress of a batch on stderr: a cli-progress bar on a terminal; otherwise (a pipe, a file, CI)
 * plain lines, one per tenth of the batch and at most one every five seconds in between.
 */
import { progressStream, writeTo } from '../terminal-text.ts';
import cliProgress from 'cli-progress';

/** Counts shown while a batch runs. */
export interface ProgressCounts {
  /** Lines finished: a label (new or from an earlier run) or a problem. */
  readonly done: number;
  readonly total: number;
  readonly problems: number;
  /** Labels issued by this run per second. */
  readonly rate: number;
}

export interface Progress {
  update(counts: ProgressCounts): void;
  /** Stops drawing (the bar leaves its last state on screen). */
  stop(): void;
}

/** A bar on a TTY, plain lines elsewhere, nothing when `quiet`. */
export function createProgress(stream: NodeJS.WriteStream = progressStream(), options: { quiet?: boolean; now?: () => number } = {}): Progress {
  if (options.quiet) return { update() {}, stop() {} };
  return stream.isTTY ? barProgress(stream) : lineProgress(stream, options.now ?? Date.now);
}

function barProgress(stream: NodeJS.WriteStream): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'labels {bar} {value}/{total} lines | {problems} problems | {rate} labels/s | ETA {eta_formatted}',
      hideCursor: true,
      fps: 10,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(c) {
      const payload = { problems: c.problems, rate: Math.round(c.rate) };
      if (!started) {
        bar.start(c.total, c.done, payload);
        started = true;
      } else {
        bar.update(c.done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function lineProgress(stream: NodeJS.WriteStream, now: () => number): Progress {
  let lastTenth = -1;
  let lastAt = 0;
  let last: ProgressCounts | undefined;
  let lastPrinted: ProgressCounts | undefined;
  const print = (c: ProgressCounts) => {
    const percent = c.total ? Math.floor((c.done / c.total) * 100) : 100;
    writeTo(stream, `progress: ${c.done}/${c.total} lines (${percent}%), ${c.problems} problems, ${Math.round(c.rate)} labels/s\n`);
    lastPrinted = c;
  };
  return {
    update(c) {
      last = c;
      const tenth = c.total ? Math.floor((c.done / c.total) * 10) : 10;
      const t = now();
      if (tenth > lastTenth || t - lastAt >= 5_000) {
        lastTenth = tenth;
        lastAt = t;
        print(c);
      }
    },
    stop() {
      if (last && last !== lastPrinted) print(last);
    },
  };
}
