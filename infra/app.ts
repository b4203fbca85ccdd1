/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Deploy-time options come from context:
 * `-c publicBaseUrl=https://…`, `-c domainName=… -c certificateArn=…`, `-c alarmTopicArn=…`,
 * `-c stackName=…`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CarbonLabelStack } from './carbon-label-stack.ts';
import { applyNagSuppressions } from './nag-suppressions.ts';

const app = new App();
const context = (name: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(name);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
};

const stack = new CarbonLabelStack(app, context('stackName') ?? 'CarbonLabel', {
  publicBaseUrl: context('publicBaseUrl'),
  domainName: context('domainName'),
  certificateArn: context('certificateArn'),
  alarmTopicArn: context('alarmTopicArn'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
applyNagSuppressions(stack);
// Every synth runs the AWS Solutions checks; an unsuppressed error fails `cdk synth`/`deploy`.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
