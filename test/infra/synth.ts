/** Synthesizes the stack in-process, as `cdk synth` does, for the infra tests. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CarbonLabelStack, type CarbonLabelStackProps } from '../../infra/carbon-label-stack.ts';
import { applyNagSuppressions } from '../../infra/nag-suppressions.ts';

/** A synthesized stack and its template. */
export interface Synthesized {
  readonly app: App;
  readonly stack: CarbonLabelStack;
  readonly template: Template;
}

/**
 * Builds the stack. `bundle: true` runs the real local esbuild bundling of every function (as
 * `cdk synth` does); `false` skips asset bundling, for tests that only read the template's shape.
 */
export function synthStack(options: { bundle: boolean; props?: CarbonLabelStackProps; outdir?: string }): Synthesized {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    context: options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const stack = new CarbonLabelStack(app, 'CarbonLabel', { env: { account: '123456789012', region: 'eu-west-1' }, ...options.props });
  applyNagSuppressions(stack);
  return { app, stack, template: Template.fromStack(stack) };
}
