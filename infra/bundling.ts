/**
 * How every Lambda bundle is built, in one place: the CDK stack hands these options to
 * `NodejsFunction` (local esbuild, never Docker), and the bundle tests and benchmark build with the
 * same options through esbuild's API, so what is tested is what is deployed.
 */
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';
import type { RouteGroup } from '../functions/routes.ts';

/** Repository root (this file lives in `infra/`). */
export const REPO_ROOT = join(import.meta.dirname, '..');

/** The Lambda runtime the bundles target. */
export const LAMBDA_NODE_TARGET = 'node24';

/**
 * ESM output still meets CommonJS inside dependencies that `require()` Node built-ins; esbuild can
 * only leave those as `require` calls, which ESM lacks, so each bundle defines one.
 */
export const ESM_REQUIRE_BANNER =
  "import{createRequire as __carbonLabelCreateRequire}from'node:module';const require=__carbonLabelCreateRequire(import.meta.url);";

/** The build options shared by the stack and the tests. */
export const BUNDLE_SPEC = {
  target: LAMBDA_NODE_TARGET,
  format: 'esm',
  minify: true,
  sourceMap: true,
  /**
   * The map ships in the asset without the sources. It is not applied by default (that costs
   * ~15 ms of every cold start); set `NODE_OPTIONS=--enable-source-maps` on a function to map its
   * stack traces back to TypeScript while debugging.
   */
  sourcesContent: false,
  /** Prefer dependencies' ESM builds: smaller bundles and tree shaking. */
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  /**
   * Nothing is external, not even the AWS SDK the runtime ships: each bundle is self-contained and
   * pins the SDK version it was tested with.
   */
  externalModules: [] as string[],
  /**
   * Module substitutions. The SDK's default credential chain becomes the environment-only
   * provider Lambda needs (see functions/runtime/lambda-credentials.ts for why).
   */
  alias: {
    '@aws-sdk/credential-provider-node': join(REPO_ROOT, 'functions', 'runtime', 'lambda-credentials.ts'),
  } as Readonly<Record<string, string>>,
} as const;

/** The file name NodejsFunction gives an ESM bundle, and so the handler is `index.handler`. */
export const BUNDLE_FILE = 'index.mjs';

/** The entry point of a group's function. */
export function entryOf(group: RouteGroup): string {
  return join(REPO_ROOT, 'functions', group, 'handler.ts');
}

/** The same substitutions as esbuild CLI arguments, for `NodejsFunction`'s `esbuildArgs`. */
export function esbuildAliasArgs(): string[] {
  return Object.entries(BUNDLE_SPEC.alias).map(([from, to]) => `${from}=${to}`);
}

/** esbuild API options equivalent to what the stack's `NodejsFunction` runs, for tests and benchmarks. */
export function esbuildOptions(group: RouteGroup, outdir: string): BuildOptions & { outfile: string } {
  return {
    entryPoints: [entryOf(group)],
    outfile: join(outdir, BUNDLE_FILE),
    bundle: true,
    platform: 'node',
    target: BUNDLE_SPEC.target,
    format: BUNDLE_SPEC.format,
    minify: BUNDLE_SPEC.minify,
    sourcemap: BUNDLE_SPEC.sourceMap,
    sourcesContent: BUNDLE_SPEC.sourcesContent,
    mainFields: [...BUNDLE_SPEC.mainFields],
    banner: { js: BUNDLE_SPEC.banner },
    external: [...BUNDLE_SPEC.externalModules],
    alias: { ...BUNDLE_SPEC.alias },
    logLevel: 'silent',
  };
}
