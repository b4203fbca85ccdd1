/** Batch progress: a cli-progress bar on a terminal, plain lines on a pipe, nothing with --quiet. */
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../../cli/batch/progress.ts';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 100,
    write: (chunk: string) => {
      chunks.push(chunk);
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => stream,
    removeListener: () => stream,
    off: () => stream,
  };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('batch progress', () => {
  it('prints plain lines at each tenth when not a terminal, and the last state at the end', () => {
    const { stream, text } = fakeStream(false);
    let t = 0;
    const progress = createProgress(stream, { now: () => t });
    for (let done = 0; done <= 95; done++) {
      t += 10;
      progress.update({ done, total: 100, problems: done > 50 ? 1 : 0, rate: 12.4 });
    }
    progress.stop();
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toBe('progress: 0/100 lines (0%), 0 problems, 12 labels/s');
    expect(lines).toContain('progress: 50/100 lines (50%), 0 problems, 12 labels/s');
    expect(lines.at(-1)).toBe('progress: 95/100 lines (95%), 1 problems, 12 labels/s');
    expect(lines).toHaveLength(11);
    expect(text()).not.toContain('\u001b');
  });

  it('draws a bar on a terminal', () => {
    const { stream, text } = fakeStream(true);
    const progress = createProgress(stream);
    progress.update({ done: 3, total: 10, problems: 1, rate: 5 });
    progress.stop();
    expect(text()).toMatch(/labels .*3\/10 lines \| 1 problems \| 5 labels\/s/);
  });

  it('is silent with quiet', () => {
    const { stream, text } = fakeStream(false);
    const progress = createProgress(stream, { quiet: true });
    progress.update({ done: 1, total: 1, problems: 0, rate: 1 });
    progress.stop();
    expect(text()).toBe('');
  });
});
