/**
 * Deploy-time context: public base URL and custom domain. Asset bundling is skipped here (the
 * bundles are checked in stack.test.ts); only the template's wiring is read.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { CarbonLabelStack } from '../../infra/carbon-label-stack.ts';

const env = { account: '123456789012', region: 'eu-west-1' };
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

function synth(props: ConstructorParameters<typeof CarbonLabelStack>[2]) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CarbonLabelStack(app, 'CarbonLabel', { env, ...props });
  return Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; Properties: any }>; Outputs: Record<string, { Value: unknown }> };
}

const envOf = (t: ReturnType<typeof synth>) =>
  Object.values(t.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function')
    .map((r) => r.Properties.Environment.Variables.PUBLIC_BASE_URL as unknown);

describe('stack context', () => {
  it('uses publicBaseUrl for every function’s links, and a custom domain with its certificate for the API', () => {
    const t = synth({ publicBaseUrl: 'https://labels.example.org', domainName: 'api.labels.example.org', certificateArn: CERT });
    expect(new Set(envOf(t))).toEqual(new Set(['https://labels.example.org']));
    const domain = Object.values(t.Resources).find((r) => r.Type === 'AWS::ApiGatewayV2::DomainName')!;
    expect(domain.Properties).toMatchObject({ DomainName: 'api.labels.example.org', DomainNameConfigurations: [{ CertificateArn: CERT }] });
    expect(Object.values(t.Resources).filter((r) => r.Type === 'AWS::ApiGatewayV2::ApiMapping')).toHaveLength(1);
    expect(t.Outputs.ApiUrl!.Value).toBe('https://api.labels.example.org');
    expect(t.Outputs.CustomDomainTarget).toBeDefined();
  });

  it('defaults links to the custom domain, else to the API’s own endpoint', () => {
    expect(new Set(envOf(synth({ domainName: 'labels.example.org', certificateArn: CERT })))).toEqual(new Set(['https://labels.example.org']));
    const plain = synth({});
    const [apiId] = Object.entries(plain.Resources).find(([, r]) => r.Type === 'AWS::ApiGatewayV2::Api')!;
    for (const value of envOf(plain)) expect(value).toEqual({ 'Fn::GetAtt': [apiId, 'ApiEndpoint'] });
    expect(plain.Outputs.CustomDomainTarget).toBeUndefined();
  });

  it('names the scheme from context, and refuses a scheme id a trust list could not carry', () => {
    const t = synth({ schemeId: 'cn-pcf.example', schemeName: 'Example PCF scheme', trustListValidityHours: 6 });
    const admin = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment.Variables.SCHEME_ID)!;
    expect(admin.Properties.Environment.Variables).toMatchObject({
      SCHEME_ID: 'cn-pcf.example',
      SCHEME_NAME: 'Example PCF scheme',
      TRUST_LIST_VALIDITY_HOURS: '6',
    });
    expect(t.Outputs.SchemeId!.Value).toBe('cn-pcf.example');
    const app = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new CarbonLabelStack(app(), 'X', { env, schemeId: 'Not A Scheme' })).toThrow(/schemeId/);
    expect(() => new CarbonLabelStack(app(), 'Y', { env, trustListValidityHours: 0 })).toThrow(/trustListValidityHours/);
  });

  it('root rotation: schemeNextRootKeyArn lets the admin function read the next root’s public key, never sign with it', () => {
    const next = 'arn:aws:kms:eu-west-1:123456789012:key/99999999-8888-7777-6666-555555555555';
    const statementsOn = (t: ReturnType<typeof synth>, arn: string) =>
      Object.values(t.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Sid?: string }[])
        .filter((st) => JSON.stringify(st.Resource).includes(arn));
    const t = synth({ schemeNextRootKeyArn: next });
    const onNext = statementsOn(t, next);
    expect(onNext).toEqual([expect.objectContaining({ Sid: 'ReadNextSchemeRootPublicKey', Action: 'kms:GetPublicKey', Resource: next, Effect: 'Allow' })]);
    const functions = Object.values(t.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    const withNext = functions.filter((r) => r.Properties.Environment.Variables.SCHEME_NEXT_ROOT_KEY_ARN !== undefined);
    expect(withNext).toHaveLength(1);
    expect(withNext[0]!.Properties.Environment.Variables).toMatchObject({ SCHEME_NEXT_ROOT_KEY_ARN: next, SCHEME_ID: 'carbonlabel' });
    // Without it, nothing names a next root.
    const plain = synth({});
    expect(Object.values(plain.Resources).some((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment.Variables.SCHEME_NEXT_ROOT_KEY_ARN)).toBe(
      false,
    );
    expect(JSON.stringify(plain)).not.toContain('ReadNextSchemeRootPublicKey');
  });

  it('root rotation: schemeRootKeyArn switches signing to that key; the stack’s own root stays, retained, with no use granted', () => {
    const next = 'arn:aws:kms:eu-west-1:123456789012:key/99999999-8888-7777-6666-555555555555';
    const t = synth({ schemeRootKeyArn: next });
    const policies = Object.values(t.Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown; Sid?: string }[]);
    const signs = policies.filter((st) => ([] as string[]).concat(st.Action).includes('kms:Sign') && st.Sid === 'SignTrustListsWithSchemeRoot');
    expect(signs).toEqual([expect.objectContaining({ Resource: next })]);
    const admin = Object.values(t.Resources).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment.Variables.SCHEME_ID)!;
    expect(admin.Properties.Environment.Variables.SCHEME_ROOT_KEY_ARN).toBe(next);
    expect(admin.Properties.Environment.Variables.SCHEME_NEXT_ROOT_KEY_ARN).toBeUndefined();
    expect(t.Outputs.SchemeRootKeyArn!.Value).toBe(next);
    // The first root, kept aside: still in the stack (retained), but no principal may use it.
    const [, old] = Object.entries(t.Resources).find(([, r]) => r.Type === 'AWS::KMS::Key' && String(r.Properties.Description).includes('scheme root'))!;
    const keyPolicy = old.Properties.KeyPolicy.Statement as { Sid: string; Action: string[] }[];
    expect(keyPolicy.map((st) => st.Sid)).toEqual(['KeyAdministrationWithoutUse']);
    expect(keyPolicy[0]!.Action).not.toContain('kms:Sign');
    const app = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new CarbonLabelStack(app(), 'X', { env, schemeRootKeyArn: next, schemeNextRootKeyArn: next })).toThrow(/the root itself/);
  });

  it('refuses a custom domain without a certificate', () => {
    expect(() => new CarbonLabelStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'X', { env, domainName: 'labels.example.org' })).toThrow(
      /certificateArn/,
    );
  });
});
