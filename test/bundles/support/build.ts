/**
 * Builds a group's Lambda bundle with the stack's own esbuild options (`infra/bundling.ts`) into a
 * directory outside the repository, so no `node_modules` can be found from it: what runs there is
 * the bundle alone.
 */
import { existsSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { RouteGroup } from '../../../functions/routes.ts';
import { esbuildOptions } from '../../../infra/bundling.ts';

/** A built bundle. */
export interface BuiltBundle {
  readonly group: RouteGroup;
  readonly dir: string;
  readonly file: string;
  readonly metafile: Metafile;
}

/** Builds the bundle of `group` into `dir`. */
export async function buildBundle(group: RouteGroup, dir: string): Promise<BuiltBundle> {
  const options = esbuildOptions(group, dir);
  const result = await build({ ...options, metafile: true });
  if (result.errors.length > 0) throw new Error(`esbuild failed for ${group}: ${result.errors.map((e) => e.text).join('; ')}`);
  return { group, dir, file: options.outfile, metafile: result.metafile };
}

/** `node_modules` directories Node could resolve from `dir` (there must be none). */
export function reachableNodeModules(dir: string): string[] {
  const found: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) found.push(join(d, 'node_modules'));
    if (d === parse(d).root) return found;
  }
}

/** Source files (repository-relative) and packages that went into a bundle. */
export function bundleInputs(bundle: BuiltBundle): string[] {
  const output = Object.entries(bundle.metafile.outputs).find(([name]) => name.endsWith('.mjs'));
  if (!output) throw new Error('no .mjs output in metafile');
  return Object.keys(output[1].inputs);
}

/** Modules the bundle still imports at run time (must all be Node built-ins). */
export function runtimeImports(bundle: BuiltBundle): string[] {
  const output = Object.entries(bundle.metafile.outputs).find(([name]) => name.endsWith('.mjs'));
  return output![1].imports.map((i) => i.path);
}
