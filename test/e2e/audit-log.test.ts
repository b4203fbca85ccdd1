/**
 * Issuance, revocation and every admin action write one structured audit line: who, what,
 * which id, outcome. No secret ever appears in one, and a failed authentication is no audit
 * entry (it has its own line, see auth-failures.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';
import { accreditedIssuerBody } from '../support/accreditation.ts';

type Line = Record<string, unknown> & {
  actor?: { kind: string; id: string };
  action?: string;
  target?: string;
  outcome?: string;
  status?: number;
  requestId?: string;
};

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc.destroy();
});

const auditLines = (): Line[] => svc.logs.map((l) => JSON.parse(l) as Line).filter((l) => l.message === 'audit');

/** Runs `call` and returns the audit lines it added. */
async function audited(call: () => Promise<Response>): Promise<{ res: Response; body: Record<string, unknown>; lines: Line[] }> {
  const before = auditLines().length;
  const res = await call();
  const text = await res.text();
  return { res, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {}, lines: auditLines().slice(before) };
}

describe('audit lines', () => {
  it('one line per admin action, issuance and revocation, naming who, what, which id and the outcome', async () => {
    const admin = { kind: 'admin', id: 'admin-token' };
    const secrets: string[] = [svc.adminToken];

    const created = await audited(() => svc.request('POST', '/admin/issuers', { body: accreditedIssuerBody('Audited Steel'), bearer: svc.adminToken }));
    const issuer = created.body as { id: string; apiKey: string };
    secrets.push(issuer.apiKey);
    expect(created.lines).toEqual([
      expect.objectContaining({
        level: 'audit',
        actor: admin,
        action: 'createIssuer',
        routeKey: 'POST /admin/issuers',
        target: issuer.id,
        outcome: 'ok',
        status: 201,
      }),
    ]);
    const other = (await (await svc.request('POST', '/admin/issuers', { body: accreditedIssuerBody('Other Co'), bearer: svc.adminToken })).json()) as {
      id: string;
      apiKey: string;
    };
    secrets.push(other.apiKey);

    const listed = await audited(() => svc.request('GET', '/admin/issuers', { bearer: svc.adminToken }));
    expect(listed.lines).toEqual([expect.objectContaining({ actor: admin, action: 'listIssuers', outcome: 'ok', status: 200 })]);

    const issued = await audited(() =>
      svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey, headers: { 'idempotency-key': 'audit-1' } }),
    );
    const labelId = issued.body.id as string;
    expect(issued.lines).toEqual([
      expect.objectContaining({ actor: { kind: 'issuer', id: issuer.id }, action: 'issueLabel', target: labelId, outcome: 'ok', status: 201 }),
    ]);
    const replayed = await audited(() =>
      svc.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey, headers: { 'idempotency-key': 'audit-1' } }),
    );
    expect(replayed.lines).toEqual([expect.objectContaining({ action: 'issueLabel', target: labelId, outcome: 'replayed', status: 201 })]);
    const invalid = await audited(() => svc.request('POST', '/labels', { body: { product: {} }, bearer: issuer.apiKey }));
    expect(invalid.lines).toEqual([expect.objectContaining({ action: 'issueLabel', outcome: 'validation_failed', status: 400 })]);
    expect(invalid.lines[0]!.target).toBeUndefined();

    const foreign = await audited(() => svc.request('POST', `/labels/${labelId}/revoke`, { body: { reason: 'not mine' }, bearer: other.apiKey }));
    expect(foreign.lines).toEqual([
      expect.objectContaining({ actor: { kind: 'issuer', id: other.id }, action: 'revokeLabel', target: labelId, outcome: 'not_found', status: 404 }),
    ]);
    const revoked = await audited(() => svc.request('POST', `/labels/${labelId}/revoke`, { body: { reason: 'figure was wrong' }, bearer: issuer.apiKey }));
    expect(revoked.lines).toEqual([
      expect.objectContaining({ actor: { kind: 'issuer', id: issuer.id }, action: 'revokeLabel', target: labelId, outcome: 'ok', status: 200 }),
    ]);

    for (const [action, path] of [
      ['suspendIssuer', `/admin/issuers/${other.id}/suspend`],
      ['reinstateIssuer', `/admin/issuers/${other.id}/reinstate`],
      ['rotateIssuerApiKey', `/admin/issuers/${other.id}/rotate-key`],
    ] as const) {
      const done = await audited(() => svc.request('POST', path, { bearer: svc.adminToken }));
      if (typeof done.body.apiKey === 'string') secrets.push(done.body.apiKey);
      expect(done.lines, action).toEqual([expect.objectContaining({ actor: admin, action, target: other.id, outcome: 'ok', status: 200 })]);
    }
    const missing = await audited(() => svc.request('POST', '/admin/issuers/org_000000000000/suspend', { bearer: svc.adminToken }));
    expect(missing.lines).toEqual([
      expect.objectContaining({ actor: admin, action: 'suspendIssuer', target: 'org_000000000000', outcome: 'not_found', status: 404 }),
    ]);

    const oldKid = svc.service.signingKey.kid;
    const rotated = await audited(() => svc.request('POST', '/admin/signing-keys/rotate', { bearer: svc.adminToken }));
    const newKid = (rotated.body.active as { kid: string }).kid;
    expect(rotated.lines).toEqual([expect.objectContaining({ actor: admin, action: 'rotateSigningKey', target: newKid, outcome: 'ok', status: 200 })]);
    const compromised = await audited(() => svc.request('POST', `/admin/signing-keys/${oldKid}/compromise`, { bearer: svc.adminToken }));
    expect(compromised.lines).toEqual([expect.objectContaining({ actor: admin, action: 'markKeyCompromised', target: oldKid, outcome: 'ok', status: 200 })]);

    // Each line also says where the request came from and which request it was.
    for (const line of auditLines()) expect(line).toMatchObject({ sourceIp: expect.any(String), requestId: expect.any(String) });
    // No secret in any log line.
    const text = svc.logs.join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
    for (const secret of secrets) expect(text).not.toContain(secret.slice(-43));
  });

  it('reads by issuers and public routes write none; a failed authentication is no audit entry', async () => {
    const issuer = await svc.createIssuer('Quiet Reader');
    const before = auditLines().length;
    await (await svc.request('GET', '/labels', { bearer: issuer.apiKey })).arrayBuffer();
    await (await svc.request('GET', '/health')).arrayBuffer();
    await (await svc.request('POST', '/admin/issuers', { body: { name: 'x' }, bearer: `adm_${'w'.repeat(40)}` })).arrayBuffer();
    await (await svc.request('POST', '/labels', { body: validFixture('roasted-coffee') })).arrayBuffer();
    expect(auditLines().slice(before)).toEqual([]);
  });

  it('audit lines are written even when LOG_LEVEL hides info', async () => {
    const { createLogger } = await import('../../shared/logging/logger.ts');
    const lines: string[] = [];
    const log = createLogger('error', (l) => lines.push(l));
    log.info('hidden');
    log.audit('audit', { action: 'createIssuer' });
    createLogger('silent', (l) => lines.push(l)).audit('audit', { action: 'nothing' });
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'audit', message: 'audit', action: 'createIssuer' }),
    ]);
  });
});
