/**
 * The CDK app (`cdk.json`: `npx tsx infra/app.ts`). Deploy-time options come from context:
 * `-c publicBaseUrl=https://…`, `-c domainName=… -c certificateArn=…`, `-c alarmTopicArn=…`,
 * `-c stackName=…`. cdk-nag runs on every synth (see create-app.ts).
 */
import { createApp } from './create-app.ts';

createApp();
