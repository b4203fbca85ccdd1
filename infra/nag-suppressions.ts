/**
 * cdk-nag (AWS Solutions pack) findings we accept, each with its reason, as CDK acknowledgements
 * (cdk-nag v3). Anything not acknowledged here fails `cdk synth`; the infra tests assert that the
 * pack reports no unacknowledged error.
 */
import { Validations } from 'aws-cdk-lib';
import type { CarbonLabelStack } from './carbon-label-stack.ts';

/** Rule id and reason, per construct. Exported so tests can check every reason is written out. */
export function nagAcknowledgements(stack: CarbonLabelStack): { scope: import('constructs').IConstruct; id: string; reason: string }[] {
  return [
    {
      scope: stack.api,
      id: 'AwsSolutions-APIG4',
      reason:
        'Public routes (verify, labels, JWKS, health, pages) are unauthenticated by design: anyone must be able to check a label. ' +
        'Issuer routes authenticate the issuer API key (Bearer clk_...) in the handler against its SHA-256 in DynamoDB. ' +
        'Admin routes use the IAM authorizer and are not covered by this acknowledgement.',
    },
  ];
}

/** Records the acknowledgements on the stack's constructs. */
export function applyNagSuppressions(stack: CarbonLabelStack): void {
  for (const { scope, id, reason } of nagAcknowledgements(stack)) Validations.of(scope).acknowledge({ id, reason });
}
