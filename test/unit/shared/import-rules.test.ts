/**
 * What `shared/` may import. The core is what Lambda and the embedded default have in common, so it
 * never reaches into the code around it (`local/`, `functions/`, `cli/`, `infra/`, `bench/`,
 * `test/`), never touches the disk or the machine (key files and data directories are `local/`'s),
 * and has no import cycle, so every module can be read, tested and bundled from its dependencies up.
 * Pages and label art share one rendering folder, `shared/render/`: its helpers (escaping, time,
 * the footprint figure, the languages) at the top, `pages/` and `label-art/` beside each other.
 */
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, readModules, resolveSpecifier } from '../../support/import-graph.ts';

const modules = readModules('shared');

/** Node built-ins that reach the disk, other processes or the host; `shared/` needs none of them. */
const MACHINE_BUILTINS = /^(node:)?(fs|fs\/promises|child_process|os|worker_threads|cluster)$/;

describe('shared/ imports', () => {
  it('reads the modules under shared/', () => {
    expect(modules.length).toBeGreaterThan(50);
    expect(modules.map((m) => m.path)).toContain('shared/label/issue-label.ts');
  });

  it('never imports from local/, functions/, cli/, infra/, bench/ or test/', () => {
    const outside = modules.flatMap((m) =>
      m.specifiers
        .map((s) => ({ s, target: resolveSpecifier(m.path, s) }))
        .filter(({ target }) => target !== undefined && !target.startsWith('shared/'))
        .map(({ s }) => `${m.path} imports ${s}`),
    );
    expect(outside).toEqual([]);
  });

  it('never imports node:fs, node:child_process, node:os or other machine access', () => {
    const machine = modules.flatMap((m) => m.specifiers.filter((s) => MACHINE_BUILTINS.test(s)).map((s) => `${m.path} imports ${s}`));
    expect(machine).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(importGraph(modules)).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps pages and label art apart: both use the helpers in shared/render/, neither imports the other', () => {
    const room = (path: string) => /^shared\/render\/(pages|label-art)\//.exec(path)?.[1] ?? (path.startsWith('shared/render/') ? 'helpers' : 'outside');
    const crossings = modules
      .filter((m) => m.path.startsWith('shared/render/'))
      .flatMap((m) =>
        m.specifiers
          .map((s) => resolveSpecifier(m.path, s))
          .filter((target): target is string => target !== undefined)
          .filter((target) => !['outside', 'helpers', room(m.path)].includes(room(target)))
          .map((target) => `${m.path} imports ${target}`),
      );
    expect(crossings).toEqual([]);
    expect(modules.map((m) => room(m.path))).toEqual(expect.arrayContaining(['pages', 'label-art', 'helpers']));
  });
});

describe('the import-graph helpers', () => {
  it('find a planted cycle and resolve relative specifiers only', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(resolveSpecifier('shared/render/pages/verify-page.ts', '../../../local/x.ts')).toBe('local/x.ts');
    expect(resolveSpecifier('shared/render/pages/verify-page.ts', 'zod')).toBeUndefined();
  });
});
