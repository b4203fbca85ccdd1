/**
 * Builds the CDK app: the stack from context (`-c name=value`), its cdk-nag acknowledgements, and
 * the AWS Solutions checks as a validation plugin, so an unacknowledged finding fails `cdk synth`
 * and `cdk deploy`. `infra/app.ts` calls it; the infra tests call it too.
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CarbonLabelStack } from './carbon-label-stack.ts';
import { applyNagSuppressions } from './nag-suppressions.ts';

/** The app and its one stack. */
export function createApp(props: AppProps = {}, env: Record<string, string | undefined> = process.env): { app: App; stack: CarbonLabelStack } {
  const app = new App(props);
  const context = (name: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(name);
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const stack = new CarbonLabelStack(app, context('stackName') ?? 'CarbonLabel', {
    publicBaseUrl: context('publicBaseUrl'),
    domainName: context('domainName'),
    certificateArn: context('certificateArn'),
    alarmTopicArn: context('alarmTopicArn'),
    schemeId: context('schemeId'),
    schemeName: context('schemeName'),
    schemeNextRootKeyArn: context('schemeNextRootKeyArn'),
    schemeRootKeyArn: context('schemeRootKeyArn'),
    ...(context('trustListValidityHours') ? { trustListValidityHours: Number(context('trustListValidityHours')) } : {}),
    env: { account: env.CDK_DEFAULT_ACCOUNT, region: env.CDK_DEFAULT_REGION },
  });
  applyNagSuppressions(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
