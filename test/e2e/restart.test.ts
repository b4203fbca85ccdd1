/** Stopping and starting again on the same DATA_DIR loses nothing: labels, keys, issuers, admin token. */
import { rmSync } from 'node:fs';
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

let dataDir = '';
let second: TestService | undefined;
afterAll(async () => {
  await second?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('restart', () => {
  it('finds every label again and keeps signing with the same key', async () => {
    const first = await startTestService();
    dataDir = first.dataDir;
    const issuer = await first.createIssuer('Persistent Roasters');
    const ids: string[] = [];
    const tokens: string[] = [];
    for (const name of ['roasted-coffee', 'cotton-tshirt', 'ev-battery-pack']) {
      const label = (await (await first.request('POST', '/labels', { body: validFixture(name), bearer: issuer.apiKey })).json()) as {
        id: string;
        token: string;
      };
      ids.push(label.id);
      tokens.push(label.token);
    }
    await first.request('POST', `/labels/${ids[0]}/revoke`, { body: { reason: 'before restart' }, bearer: issuer.apiKey });
    const kid = first.service.signingKey.kid;
    const admin = first.adminToken;
    await first.stop();

    // Key files are private to the service user.
    const keyDir = join(dataDir, 'keys');
    expect(statSync(keyDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(keyDir)) expect(statSync(join(keyDir, file)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);

    second = await startTestService({ dataDir });
    expect(second.service.signingKey).toEqual({ kid, created: false });
    expect(second.adminToken).toBe(admin);
    expect(second.service.adminToken.source).toBe('file');
    const listed = (await (await second.request('GET', '/labels?limit=10', { bearer: issuer.apiKey })).json()) as { items: { id: string }[] };
    expect(listed.items.map((l) => l.id).sort()).toEqual([...ids].sort());
    const verdicts = (await (await second.request('POST', '/verify', { body: { tokens } })).json()) as { results: { status: string }[] };
    expect(verdicts.results.map((v) => v.status)).toEqual(['revoked', 'valid', 'valid']);
    const fresh = (await (await second.request('POST', '/labels', { body: validFixture('roasted-coffee'), bearer: issuer.apiKey })).json()) as { kid: string };
    expect(fresh.kid).toBe(kid);
  });
});
