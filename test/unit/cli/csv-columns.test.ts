/** The CSV mapping of `labels issue --csv`: derived from the request schema, and it round-trips. */
import { describe, expect, it } from 'vitest';
import { LabelRequestSchema } from '../../../shared/label/request-schema.ts';
import { CSV_COLUMNS, columnOfPath, readHeader, requestToRow, rowToRequest } from '../../../cli/batch/csv-columns.ts';
import { csvTemplate, EXAMPLE_REQUEST, requestsToCsv } from '../../../cli/batch/csv-template.ts';
import { readCsv } from '../../../cli/batch/input.ts';
import { CliError } from '../../../cli/cli-error.ts';
import { VALID_FIXTURES } from '../../support/fixtures.ts';

const bodies = (csv: string) => readCsv(csv).map((item) => ('body' in item ? JSON.parse(item.body) : item.problem));

describe('CSV columns', () => {
  it('are the dotted paths of every leaf field of the request schema', () => {
    const names = CSV_COLUMNS.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['product.ids', 'product.name', 'footprint.pcfExcludingBiogenicUptake', 'cbam.installation.unLocode', 'validUntil']),
    );
    expect(new Set(names).size).toBe(names.length);
    expect(CSV_COLUMNS.filter((c) => c.kind === 'list').map((c) => c.name)).toEqual([
      'product.ids',
      'footprint.ipccCharacterizationFactors',
      'footprint.crossSectoralStandards',
    ]);
    expect(CSV_COLUMNS.find((c) => c.name === 'product.name')?.required).toBe(true);
    expect(CSV_COLUMNS.find((c) => c.name === 'verification.level')).toMatchObject({ required: false, values: ['limited', 'reasonable'] });
  });

  it('round-trip every valid fixture: request → CSV row → request', () => {
    const csv = requestsToCsv(VALID_FIXTURES.map((f) => f.body));
    expect(bodies(csv)).toEqual(VALID_FIXTURES.map((f) => f.body));
  });

  it('the template: a header of every column and an example row that the schema accepts', () => {
    const template = csvTemplate();
    expect(template.split('\n')[0]).toBe(CSV_COLUMNS.map((c) => c.name).join(','));
    const [request] = bodies(template);
    expect(request).toEqual(EXAMPLE_REQUEST);
    expect(LabelRequestSchema.safeParse(request).success).toBe(true);
    expect(csvTemplate(true).trimEnd().split('\n')).toHaveLength(1);
  });

  it('splits lists on ";", trims cells, leaves empty cells and unfilled optional blocks out, and accepts any column order', () => {
    const header = ['footprint.boundary', 'product.ids', 'product.name', 'cbam.cnCode', 'verification.level'];
    const read = readHeader(header);
    if (!('columns' in read)) throw new Error('header refused');
    expect(rowToRequest(read.columns, [' cradle-to-gate ', 'urn:gtin:1; urn:gtin:2 ;', 'Coil', '', ''])).toEqual({
      product: { ids: ['urn:gtin:1', 'urn:gtin:2'], name: 'Coil' },
      footprint: { boundary: 'cradle-to-gate' },
    });
    // A required block is sent even when empty, so the service names its missing fields.
    expect(rowToRequest(read.columns, ['', '', '', '72083900', ''])).toEqual({ product: {}, footprint: {}, cbam: { cnCode: '72083900' } });
  });

  it('refuses a header with an unknown or repeated column', () => {
    expect(readHeader(['product.name', 'product.nmae', 'product.name'])).toEqual({
      errors: [expect.stringContaining('"product.nmae" is not a request field'), expect.stringContaining('"product.name" appears twice')],
    });
    expect(() => readCsv('product.name,colour\nCoil,red\n')).toThrow(CliError);
    try {
      readCsv('product.name,colour\nCoil,red\n');
    } catch (error) {
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('maps a problem path to its column', () => {
    expect(columnOfPath('product.ids.0')).toBe('product.ids');
    expect(columnOfPath('footprint.referencePeriodEnd')).toBe('footprint.referencePeriodEnd');
    expect(columnOfPath('cbam.installation.unLocode')).toBe('cbam.installation.unLocode');
    expect(columnOfPath('headers.idempotency-key')).toBeUndefined();
  });

  it('requestToRow leaves absent fields empty', () => {
    const row = requestToRow({ product: { ids: ['a', 'b'], name: 'x' } });
    expect(row[0]).toBe('a;b');
    expect(row.filter((c) => c !== '')).toEqual(['a;b', 'x']);
  });
});

describe('docs/cli.md', () => {
  it('lists exactly the CSV columns the CLI knows, in its order', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../docs/cli.md', import.meta.url), 'utf8');
    const table = /<!-- csv-columns:start -->([\s\S]*?)<!-- csv-columns:end -->/.exec(doc)?.[1] ?? '';
    const documented = [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(CSV_COLUMNS.map((c) => c.name));
  });
});
