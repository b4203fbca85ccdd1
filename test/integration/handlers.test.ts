/**
 * Route handlers invoked with real API Gateway v2 events (as Lambda would be), over dynalite.
 * This is the contract both the local server and the Lambda functions honour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_GROUP_HANDLERS } from '../../functions/all-routes.ts';
import { dispatch } from '../../functions/http/dispatch.ts';
import { LocalKeySigner } from '../../local/keys/local-key-signer.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalKeyDirectory } from '../../local/keys/key-directory.ts';
import { LocalKeyProvisioner } from '../../local/keys/local-key-provisioner.ts';
import type { AllServices } from '../../shared/app/services.ts';
import { parseApiKey } from '../../shared/issuers/api-key.ts';
import { Keyring } from '../../shared/keys/keyring.ts';
import { localKeyRecord } from '../../local/keys/local-signing-key.ts';
import { createLogger } from '../../shared/logging/logger.ts';
import { fixedSigner } from '../../shared/signing/signer-source.ts';
import { liveStatusSource } from '../../shared/verification/status/live-status-source.ts';
import { apiGatewayEvent } from '../support/api-gateway-event.ts';
import { startTestStore } from '../support/dynamodb.ts';
import { validFixture } from '../support/fixtures.ts';
import { accreditedIssuerBody } from '../support/accreditation.ts';

let env: Awaited<ReturnType<typeof startTestStore>>;
let services: AllServices;
const ADMIN = 'admin-token-for-handler-tests';

beforeAll(async () => {
  env = await startTestStore();
  const signer = LocalKeySigner.generate();
  await env.store.putSigningKey(localKeyRecord(signer, new Date().toISOString()));
  const keyring = new Keyring(env.store);
  services = {
    store: env.store,
    signing: fixedSigner(signer),
    keyProvisioner: new LocalKeyProvisioner(new LocalKeyDirectory(join(mkdtempSync(join(tmpdir(), 'handler-keys-')), 'keys'))),
    keyCaches: [keyring],
    keyring,
    statusSource: liveStatusSource(env.store),
    now: () => new Date(),
    publicBaseUrl: 'https://labels.example.com',
    defaultValidityDays: 365,
    adminAuth: { kind: 'token', token: ADMIN },
    logger: createLogger('silent'),
  };
});
afterAll(async () => {
  await env.close();
});

const call = (group: keyof typeof ROUTE_GROUP_HANDLERS, ...args: Parameters<typeof apiGatewayEvent>) =>
  dispatch(ROUTE_GROUP_HANDLERS[group], apiGatewayEvent(...args), services);
const body = (result: { body?: string }) => JSON.parse(result.body ?? 'null') as Record<string, any>;

describe('handlers with API Gateway v2 events', () => {
  let apiKey = '';
  let labelId = '';
  let token = '';

  it('admin: creates an issuer (201) and returns its key once', async () => {
    const res = await call('admin', 'POST /admin/issuers', { body: accreditedIssuerBody('Yunnan Aluminium'), headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.statusCode).toBe(201);
    apiKey = body(res).apiKey as string;
    expect(apiKey).toMatch(/^clk_org_/);
    const list = body(await call('admin', 'GET /admin/issuers', { headers: { authorization: `Bearer ${ADMIN}` } }));
    expect(JSON.stringify(list)).not.toContain(parseApiKey(apiKey)!.secret);
    expect(JSON.stringify(list)).not.toContain('apiKeyHash');
  });

  it('issuer: issues a label with links under PUBLIC_BASE_URL', async () => {
    const res = await call('issuer', 'POST /labels', { body: validFixture('aluminium-primary-ingot'), headers: { authorization: `Bearer ${apiKey}` } });
    expect(res.statusCode).toBe(201);
    const label = body(res);
    labelId = label.id as string;
    token = label.token as string;
    expect(res.headers.location).toBe(`https://labels.example.com/labels/${labelId}`);
    expect(label.verifyUrl).toBe(`https://labels.example.com/v/${token}`);
    const sent = validFixture('aluminium-primary-ingot').footprint as Record<string, string>;
    expect(label.record.footprint).toEqual(sent);
  });

  it('verify: answers a verdict; a batch answers a summary', async () => {
    const single = body(await call('verify', 'POST /verify', { body: { token } }));
    expect(single).toMatchObject({ status: 'valid', labelId });
    const batch = body(await call('verify', 'POST /verify', { body: { tokens: [token, 'garbage', `https://labels.example.com/v/${token}`] } }));
    expect(batch.summary).toEqual({ total: 3, valid: 2, malformed: 1 });
  });

  it('public: serves the label, the JWKS and health', async () => {
    expect(body(await call('public', 'GET /labels/{id}', { pathParameters: { id: labelId } })).status).toBe('active');
    expect((await call('public', 'GET /labels/{id}', { pathParameters: { id: 'nope' } })).statusCode).toBe(404);
    expect(body(await call('public', 'GET /.well-known/jwks.json')).keys).toHaveLength(1);
    expect((await call('public', 'GET /health')).statusCode).toBe(200);
  });

  it('answers problem+json for a route the function does not serve', async () => {
    const res = await call('verify', 'GET /health');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it('admin with IAM: admits only events carrying an IAM identity', async () => {
    const iamServices: AllServices = { ...services, adminAuth: { kind: 'iam' } };
    const withIam = await dispatch(
      ROUTE_GROUP_HANDLERS.admin,
      apiGatewayEvent('GET /admin/issuers', { iamUserArn: 'arn:aws:iam::123456789012:user/ops' }),
      iamServices,
    );
    expect(withIam.statusCode).toBe(200);
    const withoutIam = await dispatch(
      ROUTE_GROUP_HANDLERS.admin,
      apiGatewayEvent('GET /admin/issuers', { headers: { authorization: `Bearer ${ADMIN}` } }),
      iamServices,
    );
    expect(withoutIam.statusCode).toBe(401);
  });
});
