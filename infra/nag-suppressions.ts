/**
 * cdk-nag (AWS Solutions pack) findings we accept, each with its reason, as CDK acknowledgements
 * (cdk-nag v3). Anything not acknowledged here fails `cdk synth`; the infra tests assert that the
 * pack reports no unacknowledged error.
 */
import { Token, Validations } from 'aws-cdk-lib';
import { SIGNING_KEY_TAG_KEY } from '../functions/runtime/signing-key-tag.ts';
import type { CarbonLabelStack } from './carbon-label-stack.ts';

/** Rule id and reason, per construct. Exported so tests can check every reason is written out. */
export function nagAcknowledgements(stack: CarbonLabelStack): { scope: import('constructs').IConstruct; id: string; reason: string }[] {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const taggedKeys = `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:kms:${region}:${account}:key/*]`;
  return [
    {
      scope: stack.roles.issuer,
      id: taggedKeys,
      reason:
        'Keys created by rotation have ARNs unknown at deploy time. The statement allows only kms:Sign and kms:GetPublicKey, ' +
        `and only on keys tagged ${SIGNING_KEY_TAG_KEY}=<stack name> (aws:ResourceTag condition); the stack key is also granted by ARN.`,
    },
    {
      scope: stack.roles.admin,
      id: taggedKeys,
      reason:
        'Rotation tags each new key at creation and reads its public key; ARNs are unknown at deploy time. Only kms:TagResource and ' +
        `kms:GetPublicKey, only on keys tagged ${SIGNING_KEY_TAG_KEY}=<stack name>. The admin role can never sign.`,
    },
    {
      scope: stack.roles.admin,
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'kms:CreateKey has no resource ARN to name (IAM requires "*"). Conditions bound it: kms:KeySpec=ECC_NIST_P256, ' +
        `kms:KeyUsage=SIGN_VERIFY, the request must tag ${SIGNING_KEY_TAG_KEY}=<stack name> and no other tag key.`,
    },
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
