/**
 * Scheme root rotation end to end, with real parts: the embedded service listening on a port,
 * restarted on the same data directory; `npm run scheme-root` (local/scheme-root-cli.ts) as a
 * child process between starts; the CLI (`trust pull`, `verify --offline`) as a child process.
 * Announce: lists are still signed by the old root and name the next one. Switch: lists are signed
 * by the new root; a verifier pinned to the old root that held an announcing list follows the
 * chain, one that never saw it is refused, and one pinned to the new root is accepted.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEME_NEXT_ROOT_KEY_FILE, retiredRootFile } from '../../local/keys/scheme-root-key.ts';
import { acceptTrustList } from '../../shared/trust-list/pinned-trust-list.ts';
import type { TrustList } from '../../shared/trust-list/trust-list.ts';
import { runCli } from '../support/cli.ts';
import { bannerPort, startNpm } from '../support/local-process.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type CreatedTestIssuer, type TestService } from '../support/local-service.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ENV: Record<string, string> = { SCHEME_ID: 'pcf.gov.example', SCHEME_NAME: 'Example PCF scheme' };

/** A port free now: every start listens on it, so labels and bundles keep one service URL across restarts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let work: string;
let dataDir: string;
let service: TestService | undefined;
let issuer: CreatedTestIssuer;
let oldPin: string;
let nextPin: string;
const labels: string[] = [];

/** `npm run scheme-root -- <args>` as the operator runs it. */
function schemeRoot(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/scheme-root-cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function start(): Promise<TestService> {
  service = await startTestService({ dataDir, env: ENV });
  return service;
}
async function stop(): Promise<void> {
  await service?.stop();
  service = undefined;
}

async function served(pin: string, held?: TrustList): Promise<TrustList> {
  const res = await service!.fetch('/trust-list');
  expect(res.status).toBe(200);
  return acceptTrustList(await res.text(), { pin, ...(held ? { held } : {}) });
}

async function issueLabel(): Promise<string> {
  const res = await service!.request('POST', '/labels', { body: validFixture('steel-hot-rolled-coil'), bearer: issuer.apiKey });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const bundle = (name: string) => join(work, name);
const pull = (pin: string, out: string) => runCli(['trust', 'pull', '--url', service!.url, '--pin', pin, '--out', out], { env: { CARBON_LABEL_URL: '' } });

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'root-rotation-'));
  dataDir = join(work, 'data');
  ENV.PORT = String(await freePort());
  await start();
  oldPin = service!.service.schemeRoot.pin;
  issuer = await service!.createIssuer('Baowu Steel Certification Centre');
  labels.push(await issueLabel());
}, 60_000);

afterAll(async () => {
  await stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('scheme root rotation', () => {
  let announcing: TrustList;

  it('a verifier pins the first root; scheme-root refuses while the server holds the data directory', async () => {
    const first = await pull(oldPin, bundle('held.json'));
    expect(first.code, first.stderr).toBe(0);
    const refused = await schemeRoot(['announce']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is in use by process \d+\. Stop that server first/);
    expect(existsSync(join(dataDir, SCHEME_NEXT_ROOT_KEY_FILE))).toBe(false);
    const usage = await schemeRoot(['rotate']);
    expect(usage.code).toBe(2);
    await stop();
  }, 60_000);

  it('announce: the next root is made (0600); lists are still signed by the old root and name it', async () => {
    const early = await schemeRoot(['switch']);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain('announce a next root first');

    const announced = await schemeRoot(['announce']);
    expect(announced.code, announced.stderr).toBe(0);
    expect(announced.stdout).toContain(`Scheme root pin: ${oldPin}`);
    nextPin = /Next root pin: +([A-Za-z0-9_-]{43})/.exec(announced.stdout)![1]!;
    expect(nextPin).not.toBe(oldPin);
    expect(statSync(join(dataDir, SCHEME_NEXT_ROOT_KEY_FILE)).mode & 0o777).toBe(0o600);
    const status = await schemeRoot(['status']);
    expect(status.stdout).toContain(`Next root pin:   ${nextPin}`);

    await start();
    expect(service!.service.schemeRoot).toMatchObject({ pin: oldPin, nextPin });
    announcing = await served(oldPin);
    expect(announcing.root.kid).toBe(oldPin);
    expect(announcing.nextRoot?.kid).toBe(nextPin);
    const again = await pull(oldPin, bundle('held.json'));
    expect(again.code, again.stderr).toBe(0);
    await stop();

    // npm start's banner names both pins while the rotation is announced.
    const npm = startNpm({ DATA_DIR: dataDir, ...ENV, PORT: '0' });
    try {
      await bannerPort(npm);
      expect(npm.output()).toContain(`Scheme root pin: ${oldPin}`);
      expect(npm.output()).toContain(`Next root pin:   ${nextPin}`);
    } finally {
      expect(await npm.stop()).toBe(0);
    }
  }, 60_000);

  it('switch: the old root is kept aside; lists are signed by the new root, with no nextRoot', async () => {
    const switched = await schemeRoot(['switch']);
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stdout).toContain(`Scheme root pin: ${nextPin}`);
    expect(statSync(join(dataDir, retiredRootFile(oldPin))).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, SCHEME_NEXT_ROOT_KEY_FILE))).toBe(false);

    await start();
    expect(service!.service.schemeRoot.pin).toBe(nextPin);
    expect(service!.service.schemeRoot.nextPin).toBeUndefined();
    const list = await served(oldPin, announcing);
    expect(list.root.kid).toBe(nextPin);
    expect(list.nextRoot).toBeUndefined();
    expect(list.seq).toBeGreaterThan(announcing.seq);
    const doc = (await (await service!.fetch('/.well-known/carbon-label-root.json')).json()) as { thumbprint: string };
    expect(doc.thumbprint).toBe(nextPin);
    labels.push(await issueLabel());
  }, 60_000);

  it('a verifier pinned to the old root that holds an announcing list follows the chain; labels before and after verify valid offline', async () => {
    const followed = await pull(oldPin, bundle('held.json'));
    expect(followed.code, followed.stderr).toBe(0);
    for (const token of labels) {
      const run = await runCli(['verify', token, '--offline', '--trust', bundle('held.json'), '--json'], { offline: true });
      expect(run.networkAttempts).toEqual([]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'valid', scheme: { id: ENV.SCHEME_ID, rootThumbprint: nextPin } });
    }
  }, 60_000);

  it('a fresh verifier pinned to the old root is refused (not_pinned_root); one pinned to the new root is accepted', async () => {
    const stale = await pull(oldPin, bundle('fresh-old.json'));
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('(not_pinned_root)');
    expect(existsSync(bundle('fresh-old.json'))).toBe(false);
    const fresh = await pull(nextPin, bundle('fresh-new.json'));
    expect(fresh.code, fresh.stderr).toBe(0);
    const run = await runCli(['verify', labels[0]!, '--offline', '--trust', bundle('fresh-new.json'), '--json'], { offline: true });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'valid', scheme: { rootThumbprint: nextPin } });
  }, 60_000);
});
