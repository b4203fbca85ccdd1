/**
 * The app as `cdk synth` builds it (infra/create-app.ts): context flows into the stack, and cdk-nag
 * runs as a validation plugin that fails synthesis on an unacknowledged finding. Bundling is
 * skipped (the bundles are checked in stack.test.ts); the plugin reads the construct tree.
 */
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/create-app.ts';

const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const ENV = { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' };

describe('the CDK app', () => {
  it('synthesizes with the AWS Solutions checks passing, taking the stack name and links from context', () => {
    const { app, stack } = createApp({ context: { ...SKIP_BUNDLING, stackName: 'LabelsProd', publicBaseUrl: 'https://labels.example.org/' } }, ENV);
    expect(stack.stackName).toBe('LabelsProd');
    expect(stack.signingKeyTagValue).toBe('LabelsProd');
    const assembly = app.synth();
    const template = assembly.getStackByName('LabelsProd').template as { Resources: Record<string, { Type: string; Properties: any }> };
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function')!;
    expect(fn.Properties.Environment.Variables.PUBLIC_BASE_URL).toBe('https://labels.example.org/');
  });

  it('fails synthesis when a finding is not acknowledged (the checks are live and blocking)', () => {
    const { app, stack } = createApp({ context: SKIP_BUNDLING }, ENV);
    stack.roles.verify.addToPolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
  });
});
