/**
 * The whole service on AWS in one stack: an HTTP API whose routes come from the same route table
 * as the local server, one Lambda function per route group (each with its own least-privilege
 * role), one DynamoDB table with the local key schema, an asymmetric KMS key that only the
 * issuer function may sign labels with, and the scheme root: another KMS key that only the admin
 * function may sign with (trust lists only), plus the schedule that keeps the trust list fresh.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, DomainName, HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { AccountRootPrincipal, ArnPrincipal, Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { deployedRouteKeys, methodsOf, ROUTE_GROUPS, ROUTES, type RouteGroup } from '../functions/routes.ts';
import { INDEXES, KEY_ATTRIBUTES as K, TTL_ATTRIBUTE } from '../shared/adapters/dynamodb/table-layout.ts';
import {
  KMS_ROTATOR_ACTIONS,
  KMS_ROTATOR_GROUP,
  KMS_SIGNER_ACTIONS,
  KMS_SIGNER_GROUP,
  SCHEME_ROOT_ACTIONS,
  SCHEME_ROOT_GROUP,
  TABLE_ACCESS,
} from './access.ts';
import { PUBLISH_TRUST_LIST_EVERY_MINUTES, PUBLISH_TRUST_LIST_TASK } from '../functions/admin/tasks.ts';
import { SCHEME_ID_PATTERN } from '../shared/scheme/scheme.ts';
import { SIGNING_KEY_TAG_KEY } from '../functions/runtime/signing-key-tag.ts';
import { BUNDLE_SPEC, REPO_ROOT, entryOf, esbuildAliasArgs } from './bundling.ts';

/** Per-function settings and API throttles (requests per second, steady and burst, for all callers together). */
export const FUNCTION_SETTINGS: Readonly<Record<RouteGroup, { memoryMiB: number; timeoutSeconds: number; rate: number; burst: number; description: string }>> =
  {
    issuer: { memoryMiB: 512, timeoutSeconds: 10, rate: 50, burst: 100, description: 'Issue, list and revoke labels; signs with KMS' },
    verify: { memoryMiB: 1024, timeoutSeconds: 10, rate: 200, burst: 400, description: 'POST /verify: read-only verdicts' },
    public: { memoryMiB: 512, timeoutSeconds: 5, rate: 100, burst: 200, description: 'Public reads: label, JWKS, health, OpenAPI' },
    pages: { memoryMiB: 1024, timeoutSeconds: 10, rate: 100, burst: 200, description: 'Verification pages, QR codes, label art' },
    admin: { memoryMiB: 256, timeoutSeconds: 10, rate: 5, burst: 10, description: 'Operator routes (IAM authorised)' },
  };

/** Stage-wide default throttle; each route then gets its group's (lower) limits. */
export const STAGE_THROTTLE = { rate: 300, burst: 600 };

/** Deploy-time options, from CDK context (`-c name=value`). */
export interface CarbonLabelStackProps extends StackProps {
  /** Base of public links (QR codes); default: the custom domain, else the API's own URL. */
  readonly publicBaseUrl?: string;
  /** Custom domain for the API (needs `certificateArn`, an ACM certificate in this region). */
  readonly domainName?: string;
  readonly certificateArn?: string;
  /** An SNS topic the alarms notify; without it the alarms only change state. */
  readonly alarmTopicArn?: string;
  /** Log retention of functions and access logs. */
  readonly logRetention?: RetentionDays;
  /** The scheme's id in its trust list (`SCHEME_ID`); default: the stack name in lower case. */
  readonly schemeId?: string;
  /** The scheme's display name (`SCHEME_NAME`); default: `carbon-label (<stack name>)`. */
  readonly schemeName?: string;
  /** Hours from a trust list's `iat` to its `nxt` (`TRUST_LIST_VALIDITY_HOURS`); default 24. */
  readonly trustListValidityHours?: number;
  /**
   * Root rotation, announce phase: the ARN of the next root, a KMS ECC_NIST_P256 SIGN_VERIFY key
   * made outside the stack. The admin function may only read its public key (`kms:GetPublicKey`),
   * to name it as `nextRoot` in every list the current root signs (docs/deploy-aws.md).
   */
  readonly schemeNextRootKeyArn?: string;
  /**
   * Root rotation, switch: the ARN of the root that signs from now on (the key announced earlier
   * as `schemeNextRootKeyArn`). The stack's own root key stays, retained, but its key policy no
   * longer lets anyone sign with it: it is kept aside, never used again.
   */
  readonly schemeRootKeyArn?: string;
}

/** The key-policy statement letting the account administer a key without using it. */
const keyAdministrationWithoutUse = () =>
  new PolicyStatement({
    sid: 'KeyAdministrationWithoutUse',
    principals: [new AccountRootPrincipal()],
    actions: [
      'kms:DescribeKey',
      'kms:GetKeyPolicy',
      'kms:PutKeyPolicy',
      'kms:GetPublicKey',
      'kms:ListResourceTags',
      'kms:TagResource',
      'kms:UntagResource',
      'kms:UpdateKeyDescription',
      'kms:CreateAlias',
      'kms:UpdateAlias',
      'kms:DeleteAlias',
      'kms:EnableKey',
      'kms:DisableKey',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
    ],
    resources: ['*'], // in a key policy, "*" means this key
  });

const pascal = (group: string) => group[0]!.toUpperCase() + group.slice(1);

/** The carbon-label service stack. */
export class CarbonLabelStack extends Stack {
  readonly table: Table;
  readonly signingKey: Key;
  /**
   * The stack's own scheme root key: the root (signs trust lists only; its public key's thumbprint
   * is the pin) unless `schemeRootKeyArn` switched to another, then kept aside with no use granted.
   */
  readonly schemeRootKey: Key;
  /** The ARN of the root that signs trust lists: the stack's key, or `schemeRootKeyArn` after a switch. */
  readonly schemeRootKeyArn: string;
  readonly scheme: { readonly id: string; readonly name: string; readonly trustListValidityHours: number };
  /** Root rotation, announce phase: the next root's ARN (its public key only is read), if announced. */
  readonly schemeNextRootKeyArn: string | undefined;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly functions: Readonly<Record<RouteGroup, NodejsFunction>>;
  readonly roles: Readonly<Record<RouteGroup, Role>>;
  readonly alarms: Alarm[] = [];

  /** Value of the `carbon-label:signing-key` tag on this stack's signing keys. */
  get signingKeyTagValue(): string {
    return this.stackName;
  }

  constructor(scope: Construct, id: string, props: CarbonLabelStackProps = {}) {
    super(scope, id, props);
    if (props.domainName && !props.certificateArn) throw new Error('domainName needs certificateArn (an ACM certificate in the stack region)');
    const retention = props.logRetention ?? RetentionDays.ONE_YEAR;
    this.scheme = {
      id: props.schemeId ?? this.stackName.toLowerCase().replace(/[^a-z0-9.-]/g, '-'),
      name: props.schemeName ?? `carbon-label (${this.stackName})`,
      trustListValidityHours: props.trustListValidityHours ?? 24,
    };
    this.schemeNextRootKeyArn = props.schemeNextRootKeyArn;
    if (props.schemeNextRootKeyArn && props.schemeNextRootKeyArn === props.schemeRootKeyArn) {
      throw new Error('schemeNextRootKeyArn is the root itself (schemeRootKeyArn): announce a new key, or drop schemeNextRootKeyArn after the switch');
    }
    if (!SCHEME_ID_PATTERN.test(this.scheme.id)) throw new Error(`schemeId ${this.scheme.id} must match ${SCHEME_ID_PATTERN}`);
    if (this.scheme.name.length < 1 || this.scheme.name.length > 200) throw new Error('schemeName must be 1 to 200 characters');
    const validity = this.scheme.trustListValidityHours;
    if (!Number.isInteger(validity) || validity < 1 || validity > 720) throw new Error('trustListValidityHours must be a whole number from 1 to 720');

    // Storage: the layout of shared/adapters/dynamodb/table-layout.ts, which ensureTable creates locally.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: K.pk, type: AttributeType.STRING },
      sortKey: { name: K.sk, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: TableEncryption.AWS_MANAGED,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: INDEXES.byOwner,
      partitionKey: { name: K.gsi1pk, type: AttributeType.STRING },
      sortKey: { name: K.gsi1sk, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: INDEXES.revocations,
      partitionKey: { name: K.gsi2pk, type: AttributeType.STRING },
      sortKey: { name: K.gsi2sk, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    // One role per function, so each gets exactly its own grants (no AWS managed policies).
    const roles = {} as Record<RouteGroup, Role>;
    for (const group of ROUTE_GROUPS) {
      roles[group] = new Role(this, `${pascal(group)}Role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `carbon-label ${group} function`,
      });
      this.grantTableAccess(group, roles[group]);
    }
    this.roles = roles;

    // The signing key. Its policy lets the account administer the key but not use it: the only
    // principal that may sign is the issuer function's role (named here and in its IAM policy).
    const signerRole = roles[KMS_SIGNER_GROUP];
    this.signingKey = new Key(this, 'SigningKey', {
      description: 'carbon-label ES256 label signing key (private half never leaves KMS)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      alias: `alias/${this.stackName.toLowerCase()}-label-signing`,
      policy: new PolicyDocument({
        statements: [
          keyAdministrationWithoutUse(),
          new PolicyStatement({
            sid: 'IssuerFunctionSigns',
            principals: [new ArnPrincipal(signerRole.roleArn)],
            actions: [...KMS_SIGNER_ACTIONS],
            resources: ['*'],
          }),
        ],
      }),
    });
    signerRole.addToPolicy(new PolicyStatement({ actions: [...KMS_SIGNER_ACTIONS], resources: [this.signingKey.keyArn] }));
    Tags.of(this.signingKey).add(SIGNING_KEY_TAG_KEY, this.signingKeyTagValue);

    // Rotation (POST /admin/signing-keys/rotate) creates further KMS keys. Their ARNs are unknown
    // here, so both grants are scoped by the stack's tag instead: admin may create only P-256
    // signing keys carrying it, the issuer may sign only with keys carrying it. Rotated keys get
    // KMS's default key policy (the account delegates to IAM); see the README's IAM table.
    const anyKeyInThisAccount = this.formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
    signerRole.addToPolicy(
      new PolicyStatement({
        sid: 'SignWithRotatedKeysOfThisStack',
        actions: [...KMS_SIGNER_ACTIONS],
        resources: [anyKeyInThisAccount],
        conditions: { StringEquals: { [`aws:ResourceTag/${SIGNING_KEY_TAG_KEY}`]: this.signingKeyTagValue } },
      }),
    );
    // The scheme root. Not tagged as a signing key, so no tag-scoped grant above reaches it: the
    // only principal that may sign with it is the admin function's role (key policy and IAM).
    // After a switch (schemeRootKeyArn) the stack's key stays, with no use granted to anyone.
    const rootRole = roles[SCHEME_ROOT_GROUP];
    const switched = props.schemeRootKeyArn !== undefined;
    this.schemeRootKey = new Key(this, 'SchemeRootKey', {
      description: 'carbon-label scheme root: signs trust lists only (its public key thumbprint is the pin)',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      alias: `alias/${this.stackName.toLowerCase()}-scheme-root`,
      policy: new PolicyDocument({
        statements: [
          keyAdministrationWithoutUse(),
          ...(switched
            ? []
            : [
                new PolicyStatement({
                  sid: 'AdminFunctionSignsTrustLists',
                  principals: [new ArnPrincipal(rootRole.roleArn)],
                  actions: [...SCHEME_ROOT_ACTIONS],
                  resources: ['*'],
                }),
              ]),
        ],
      }),
    });
    this.schemeRootKeyArn = props.schemeRootKeyArn ?? this.schemeRootKey.keyArn;
    rootRole.addToPolicy(new PolicyStatement({ sid: 'SignTrustListsWithSchemeRoot', actions: [...SCHEME_ROOT_ACTIONS], resources: [this.schemeRootKeyArn] }));
    // Root rotation, announce phase: the next root is only read, never signed with.
    if (props.schemeNextRootKeyArn) {
      rootRole.addToPolicy(new PolicyStatement({ sid: 'ReadNextSchemeRootPublicKey', actions: ['kms:GetPublicKey'], resources: [props.schemeNextRootKeyArn] }));
    }

    const rotatorRole = roles[KMS_ROTATOR_GROUP];
    rotatorRole.addToPolicy(
      new PolicyStatement({
        sid: 'CreateTaggedSigningKeys',
        actions: ['kms:CreateKey'],
        resources: ['*'], // CreateKey has no resource to name; the conditions bound it
        conditions: {
          StringEquals: { 'kms:KeySpec': 'ECC_NIST_P256', 'kms:KeyUsage': 'SIGN_VERIFY', [`aws:RequestTag/${SIGNING_KEY_TAG_KEY}`]: this.signingKeyTagValue },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [SIGNING_KEY_TAG_KEY] },
        },
      }),
    );
    rotatorRole.addToPolicy(
      new PolicyStatement({
        sid: 'TagAndReadNewSigningKeys',
        actions: KMS_ROTATOR_ACTIONS.filter((a) => a !== 'kms:CreateKey'),
        resources: [anyKeyInThisAccount],
        conditions: { StringEquals: { [`aws:ResourceTag/${SIGNING_KEY_TAG_KEY}`]: this.signingKeyTagValue } },
      }),
    );

    // The API (created before the functions: they need its URL for links unless one is given).
    this.api = new HttpApi(this, 'Api', {
      apiName: `${this.stackName}-api`,
      description: 'carbon-label: issue and verify signed carbon labels',
      createDefaultStage: false,
    });
    const domain = props.domainName
      ? new DomainName(this, 'Domain', {
          domainName: props.domainName,
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn!),
        })
      : undefined;
    const publicBaseUrl = props.publicBaseUrl ?? (props.domainName ? `https://${props.domainName}` : this.api.apiEndpoint);

    const functions = {} as Record<RouteGroup, NodejsFunction>;
    for (const group of ROUTE_GROUPS) functions[group] = this.lambdaFor(group, roles[group], publicBaseUrl, retention);
    this.functions = functions;

    // Keeps the trust list fresh: the admin function republishes when half its validity passed
    // (and publishes the first list on a fresh deployment). A constant input, not an HTTP event.
    new Rule(this, 'PublishTrustListSchedule', {
      description: 'carbon-label: republish the trust list before its nxt',
      schedule: Schedule.rate(Duration.minutes(PUBLISH_TRUST_LIST_EVERY_MINUTES)),
      targets: [new LambdaFunction(functions.admin, { event: RuleTargetInput.fromObject(PUBLISH_TRUST_LIST_TASK), retryAttempts: 2 })],
    });

    // Routes: every entry of the route table, to its group's function.
    const iamAuthorizer = new HttpIamAuthorizer();
    const integrations = Object.fromEntries(ROUTE_GROUPS.map((g) => [g, new HttpLambdaIntegration(`${pascal(g)}Integration`, functions[g])])) as Record<
      RouteGroup,
      HttpLambdaIntegration
    >;
    const routes: HttpRoute[] = [];
    for (const route of ROUTES) {
      routes.push(
        ...this.api.addRoutes({
          path: route.path,
          // Every GET route answers HEAD too (the handler drops the body): one more route key each.
          methods: methodsOf(route).map((m) => HttpMethod[m]),
          integration: integrations[route.group],
          // Admin routes: SigV4-signed by an IAM principal. Issuer routes: the handler checks the API key.
          ...(route.auth === 'admin' ? { authorizer: iamAuthorizer } : {}),
        }),
      );
    }

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention, removalPolicy: RemovalPolicy.RETAIN });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: STAGE_THROTTLE.rate, burstLimit: STAGE_THROTTLE.burst },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            iamUser: '$context.identity.userArn',
          }),
        ),
      },
      ...(domain ? { domainMapping: { domainName: domain } } : {}),
    });
    // Route-level throttling: each group's budget, so a flood on one public route cannot starve
    // issuing or admin. HTTP API throttles per route for all callers together (no per-client keys).
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      ROUTES.flatMap((r) =>
        deployedRouteKeys(r).map((key) => [
          key,
          { ThrottlingRateLimit: FUNCTION_SETTINGS[r.group].rate, ThrottlingBurstLimit: FUNCTION_SETTINGS[r.group].burst },
        ]),
      ),
    );
    // Route settings name routes by key, so the routes must exist first.
    for (const route of routes) cfnStage.node.addDependency(route);

    this.addAlarms(props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined);

    const apiUrl = domain ? `https://${props.domainName}` : this.api.apiEndpoint;
    new CfnOutput(this, 'ApiUrl', { value: apiUrl, description: 'Base URL of the API' });
    new CfnOutput(this, 'PublicBaseUrl', { value: publicBaseUrl, description: 'Base of public links (QR codes, verify URLs)' });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'SigningKeyArn', { value: this.signingKey.keyArn });
    new CfnOutput(this, 'SchemeRootKeyArn', {
      value: this.schemeRootKeyArn,
      description: 'The scheme root (its public key thumbprint is the pin; see docs/deploy-aws.md)',
    });
    new CfnOutput(this, 'SchemeId', { value: this.scheme.id });
    // Root rotation: the role a next root's key policy must name (docs/deploy-aws.md#root-rotation).
    new CfnOutput(this, 'AdminFunctionRoleArn', { value: rootRole.roleArn, description: 'The only role that may sign with the scheme root' });
    new CfnOutput(this, 'AccessLogGroup', { value: accessLogs.logGroupName });
    if (domain) new CfnOutput(this, 'CustomDomainTarget', { value: domain.regionalDomainName, description: 'Point a CNAME/alias for the custom domain here' });
  }

  /** The table statements of a group, from TABLE_ACCESS. */
  private grantTableAccess(group: RouteGroup, role: Role): void {
    const access = TABLE_ACCESS[group];
    const indexArns = access.indexes.map((name) => `${this.table.tableArn}/index/${name}`);
    const itemReads = access.read.filter((a) => a !== 'dynamodb:DescribeTable');
    if (itemReads.length > 0) {
      role.addToPolicy(
        new PolicyStatement({ actions: [...itemReads], resources: [this.table.tableArn, ...(access.read.includes('dynamodb:Query') ? indexArns : [])] }),
      );
    }
    if (access.read.includes('dynamodb:DescribeTable')) {
      role.addToPolicy(new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [this.table.tableArn] }));
    }
    for (const [action, prefixes] of Object.entries(access.write)) {
      role.addToPolicy(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: [action],
          resources: [this.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...prefixes] } },
        }),
      );
    }
  }

  private lambdaFor(group: RouteGroup, role: Role, publicBaseUrl: string, retention: RetentionDays): NodejsFunction {
    const settings = FUNCTION_SETTINGS[group];
    const logGroup = new LogGroup(this, `${pascal(group)}Logs`, { retention, removalPolicy: RemovalPolicy.RETAIN });
    // Instead of AWSLambdaBasicExecutionRole (logs on every group): write to this group only.
    logGroup.grantWrite(role);
    return new NodejsFunction(this, `${pascal(group)}Function`, {
      description: settings.description,
      entry: entryOf(group),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: settings.memoryMiB,
      timeout: Duration.seconds(settings.timeoutSeconds),
      role,
      logGroup,
      environment: {
        TABLE_NAME: this.table.tableName,
        PUBLIC_BASE_URL: publicBaseUrl,
        DEFAULT_VALIDITY_DAYS: '365',
        LOG_LEVEL: 'info',
        ...(group === KMS_SIGNER_GROUP ? { SIGNING_KEY_ARN: this.signingKey.keyArn } : {}),
        ...(group === KMS_ROTATOR_GROUP ? { SIGNING_KEY_TAG_VALUE: this.signingKeyTagValue } : {}),
        ...(group === SCHEME_ROOT_GROUP
          ? {
              SCHEME_ID: this.scheme.id,
              SCHEME_NAME: this.scheme.name,
              SCHEME_ROOT_KEY_ARN: this.schemeRootKeyArn,
              ...(this.schemeNextRootKeyArn ? { SCHEME_NEXT_ROOT_KEY_ARN: this.schemeNextRootKeyArn } : {}),
              TRUST_LIST_VALIDITY_HOURS: String(this.scheme.trustListValidityHours),
            }
          : {}),
      },
      bundling: {
        forceDockerBundling: false,
        target: BUNDLE_SPEC.target,
        format: BUNDLE_SPEC.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
        minify: BUNDLE_SPEC.minify,
        sourceMap: BUNDLE_SPEC.sourceMap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: BUNDLE_SPEC.sourcesContent,
        mainFields: [...BUNDLE_SPEC.mainFields],
        banner: BUNDLE_SPEC.banner,
        externalModules: [...BUNDLE_SPEC.externalModules],
        // CDK passes re-specifiable flags as `--alias:<value>`; an array gives one flag per entry.
        esbuildArgs: { '--alias': esbuildAliasArgs() as never },
      },
    });
  }

  private addAlarms(topic: Topic | ReturnType<typeof Topic.fromTopicArn> | undefined): void {
    const alarm = (id: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (topic) a.addAlarmAction(new SnsAction(topic));
      this.alarms.push(a);
    };
    const period = Duration.minutes(5);
    alarm('Api5xxAlarm', this.api.metricServerError({ period, statistic: 'Sum' }), 5, 'API answered 5xx at least 5 times in 5 minutes');
    // HTTP API has no throttle metric of its own: throttled requests are 429s, counted in 4xx.
    alarm('Api4xxAlarm', this.api.metricClientError({ period, statistic: 'Sum' }), 1000, 'API answered 4xx (incl. 429 throttling) 1000+ times in 5 minutes');
    for (const group of ROUTE_GROUPS) {
      const fn = this.functions[group];
      alarm(`${pascal(group)}ErrorsAlarm`, fn.metricErrors({ period, statistic: 'Sum' }), 1, `${group} function errors (unhandled, timeouts, crashes)`);
      alarm(`${pascal(group)}ThrottlesAlarm`, fn.metricThrottles({ period, statistic: 'Sum' }), 1, `${group} function throttled by Lambda concurrency`);
    }
  }
}
