/**
 * `carbon-label labels …` as a real process against a started service, found through the
 * service's `DATA_DIR/server.json`: one label's lifecycle, downloads, exit codes, CSV batches with a
 * bad line, the CSV template round trip, and the art of a batch.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_REQUEST } from '../../cli/batch/csv-template.ts';
import { runCli } from '../support/cli.ts';
import { validFixture } from '../support/fixtures.ts';
import { startTestService, type TestService } from '../support/local-service.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
let svc: TestService;
let work: string;
beforeAll(async () => {
  svc = await startTestService();
  work = mkdtempSync(join(tmpdir(), 'cli-labels-'));
});
afterAll(async () => {
  await svc.destroy();
  rmSync(work, { recursive: true, force: true });
});

const cli = (args: string[], apiKey?: string) =>
  runCli(args, { cwd: work, env: { DATA_DIR: svc.dataDir, CARBON_LABEL_URL: '', CARBON_LABEL_API_KEY: apiKey ?? '' } });

async function labelCount(apiKey: string): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const res = await svc.request('GET', `/labels?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { bearer: apiKey });
    const page = (await res.json()) as { items: unknown[]; nextCursor?: string };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

describe('labels: one label', () => {
  it('issue, show, list, revoke with a successor; qr and art downloads', async () => {
    const { apiKey } = await svc.createIssuer('CLI Steel');
    const issued = await cli(['labels', 'issue', join(FIXTURES, 'valid', 'steel-hot-rolled-coil.json'), '--json'], apiKey);
    expect(issued.code, issued.stderr).toBe(0);
    const first = JSON.parse(issued.stdout) as { id: string; status: string };
    expect(first.status).toBe('active');

    const again = await cli(['labels', 'issue', join(FIXTURES, 'valid', 'cement-clinker.json'), '--idempotency-key', 'k-1'], apiKey);
    expect(again.stdout).toMatch(/^Label issued: [0-9a-z]{16}\n/);
    const replay = await cli(['labels', 'issue', join(FIXTURES, 'valid', 'cement-clinker.json'), '--idempotency-key', 'k-1'], apiKey);
    expect(replay.stdout).toMatch(/^Label already issued for this Idempotency-Key/);
    const second = /^Label issued: ([0-9a-z]{16})/.exec(again.stdout)![1]!;

    const shown = await cli(['labels', 'show', first.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Hot-rolled steel coil S235JR 2.0 mm');
    expect(shown.stdout).toMatch(/footprint\s+2010\.4 kgCO2e per 1000 kilogram/);

    const listed = await cli(['labels', 'list', '--json'], apiKey);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((l) => l.id).sort()).toEqual([first.id, second].sort());
    const human = await cli(['labels', 'list'], apiKey);
    expect(human.stdout).toMatch(/\n2 labels\n$/);

    const revoked = await cli(['labels', 'revoke', first.id, '--reason', 'Recalculated', '--superseded-by', second, '--json'], apiKey);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ status: 'revoked', revocation: { reason: 'Recalculated', supersededBy: second } });

    const png = join(work, 'qr.png');
    expect((await cli(['labels', 'qr', first.id, '--mode', 'compact', '--format', 'png', '-o', png])).code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const svg = join(work, 'qr.svg');
    const qrSvg = await cli(['labels', 'qr', first.id, '--format', 'svg', '--size', '256', '-o', svg, '--json']);
    expect(JSON.parse(qrSvg.stdout)).toMatchObject({ file: svg, contentType: expect.stringContaining('image/svg+xml') });
    expect(readFileSync(svg, 'utf8')).toContain('<svg');
    const art = join(work, 'label-zh.svg');
    expect((await cli(['labels', 'art', first.id, '--lang', 'zh-CN', '-o', art])).code).toBe(0);
    expect(readFileSync(art, 'utf8')).toMatch(/<svg[\s\S]*[\u4e00-\u9fff]/);
    const toStdout = await cli(['labels', 'art', first.id, '-o', '-']);
    expect(toStdout.stdout).toContain('<svg');
  }, 240_000);

  it('exit codes: 2 for usage, 1 for a refusal, 3 when the service cannot be reached', async () => {
    const { apiKey } = await svc.createIssuer('Exit Steel');
    const help = await cli(['labels', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect((await cli(['labels', 'list'])).code).toBe(2); // no API key
    expect((await cli(['labels', 'frobnicate'], apiKey)).code).toBe(2);
    expect((await cli(['labels', 'list', '--bogus'], apiKey)).code).toBe(2);
    expect((await cli(['labels', 'qr', 'abcdefghjkmnpqrs', '--format', 'gif', '-o', 'x'])).code).toBe(2);
    expect((await cli(['labels', 'revoke', 'abcdefghjkmnpqrs'], apiKey)).code).toBe(2); // no --reason
    const invalid = await cli(['labels', 'issue', join(FIXTURES, 'invalid', 'gtin-bad-check-digit.json')], apiKey);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('product.ids.0: GTIN check digit is wrong');
    const unknown = await cli(['labels', 'show', 'abcdefghjkmnpqrs', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ problem: { status: 404, code: 'not_found' } });
    expect((await cli(['labels', 'list', '--api-key', 'clk_org_000000000000_nope'])).code).toBe(1);
    const down = await cli(['labels', 'show', 'abcdefghjkmnpqrs', '--url', 'http://127.0.0.1:9']);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('cannot reach http://127.0.0.1:9');
    // Global options may also come before `labels`.
    const globalFirst = await cli(['--url', 'http://127.0.0.1:9', 'labels', 'show', 'abcdefghjkmnpqrs', '--json']);
    expect(globalFirst.code).toBe(3);
  }, 240_000);
});

describe('labels issue --csv', () => {
  it('reports a bad line with its line number and field path, issues the others, and a re-run adds none', async () => {
    const { apiKey } = await svc.createIssuer('CSV Steel');
    const template = join(work, 'template.csv');
    expect((await cli(['labels', 'csv-template', '-o', template])).code).toBe(0);
    const [header, example] = readFileSync(template, 'utf8').trimEnd().split('\n') as [string, string];
    const bad = example.replace(',2010.4,2010.4,', ',2.010e3,2010.4,');
    expect(bad).not.toBe(example);
    const input = join(work, 'products.csv');
    writeFileSync(input, [header, example, bad, example, 'too,few,cells', example].join('\n') + '\n');

    const run = await cli(['labels', 'issue', '--csv', input], apiKey);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3: 400 validation_failed[^\n]*\n {2}footprint\.pcfExcludingBiogenicUptake: /);
    expect(run.stderr).toMatch(/line 5: invalid_csv: has 3 cells; the header has 34/);
    expect(run.stdout).toContain('5 lines, 3 with a label, 2 with a problem');
    const results = readFileSync(`${input}.results.jsonl`, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(results.map((r) => [r.line, 'id' in r ? 'label' : 'problem'])).toEqual([
      [2, 'label'],
      [3, 'problem'],
      [4, 'label'],
      [5, 'problem'],
      [6, 'label'],
    ]);
    expect(results[1]).toMatchObject({
      problem: { code: 'validation_failed', errors: [{ path: 'footprint.pcfExcludingBiogenicUptake', column: 'footprint.pcfExcludingBiogenicUptake' }] },
    });
    expect(await labelCount(apiKey)).toBe(3);

    const rerun = await cli(['labels', 'issue', '--csv', input, '--json'], apiKey);
    expect(rerun.code).toBe(1);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ lines: 5, labels: 3, alreadyDone: 3, issued: 0, problems: 2 });
    expect(await labelCount(apiKey)).toBe(3);
  }, 120_000);

  it('the template round-trips: its example row becomes a label with exactly the example request', async () => {
    const { apiKey } = await svc.createIssuer('Template Steel');
    const template = join(work, 'round-trip.csv');
    writeFileSync(template, (await cli(['labels', 'csv-template'])).stdout);
    const run = await cli(['labels', 'issue', '--csv', template, '--results', join(work, 'round-trip.results.jsonl'), '--json'], apiKey);
    expect(run.code, run.stderr).toBe(0);
    const [result] = readFileSync(join(work, 'round-trip.results.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string });
    const label = (await (await svc.request('GET', `/labels/${result!.id}`)).json()) as { record: Record<string, unknown> };
    const { product, footprint, verification, cbam } = label.record;
    expect({ product, footprint, verification, cbam }).toEqual(EXAMPLE_REQUEST);
  });
});

describe('labels issue --batch --art-dir', () => {
  it('writes one SVG per label, named by line', async () => {
    const { apiKey } = await svc.createIssuer('Art Steel');
    const input = join(work, 'art.jsonl');
    writeFileSync(
      input,
      [validFixture('steel-hot-rolled-coil'), validFixture('cotton-tshirt'), validFixture('roasted-coffee')].map((b) => JSON.stringify(b)).join('\n') + '\n',
    );
    const artDir = join(work, 'art');
    const run = await cli(['labels', 'issue', '--batch', input, '--art-dir', artDir, '--lang', 'zh-CN', '--concurrency', '2'], apiKey);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(artDir).sort()).toEqual(['line-0001.svg', 'line-0002.svg', 'line-0003.svg']);
    expect(readFileSync(join(artDir, 'line-0002.svg'), 'utf8')).toContain('<svg');
    // A re-run skips the labels and fills in only missing art.
    rmSync(join(artDir, 'line-0003.svg'));
    const rerun = await cli(['labels', 'issue', '--batch', input, '--art-dir', artDir, '--json'], apiKey);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ alreadyDone: 3, issued: 0, artWritten: 1 });
    expect(existsSync(join(artDir, 'line-0003.svg'))).toBe(true);
  }, 120_000);
});
