/**
 * The import graph of the source folders, for tests of which module may import which. Specifiers
 * are read by TypeScript's pre-processor (static imports, re-exports, `import type` and dynamic
 * `import('…')` alike; comments and strings are not mistaken for imports), without type-checking.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import ts from 'typescript';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** One source file: its path from the root (with `/`) and the specifiers it imports. */
export interface SourceModule {
  readonly path: string;
  readonly specifiers: readonly string[];
}

/** Every `.ts` file under `folder` (a path from the root, e.g. `shared`), with its imports. */
export function readModules(folder: string): SourceModule[] {
  const entries = readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' });
  return entries
    .filter((entry) => entry.endsWith('.ts'))
    .map((entry) => posix.join(folder, entry.split(sep).join('/')))
    .sort()
    .map((path) => ({
      path,
      specifiers: ts.preProcessFile(readFileSync(join(ROOT, path), 'utf8'), true, true).importedFiles.map((f) => f.fileName),
    }));
}

/** The path from the root that a relative specifier names, or `undefined` for a package or `node:` import. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  return posix.normalize(posix.join(posix.dirname(from), specifier));
}

/** The graph of relative imports between the given modules (edges to files outside them are dropped). */
export function importGraph(modules: readonly SourceModule[]): Map<string, string[]> {
  const known = new Set(modules.map((m) => m.path));
  return new Map(
    modules.map((m) => [m.path, m.specifiers.map((s) => resolveSpecifier(m.path, s)).filter((p): p is string => p !== undefined && known.has(p))]),
  );
}

/** Every import cycle a depth-first walk meets, each as the files along it, first file repeated at the end. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): void => {
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) {
      if (onPath.has(next)) cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!done.has(next)) visit(next);
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
  };
  for (const node of graph.keys()) if (!done.has(node)) visit(node);
  return cycles;
}
