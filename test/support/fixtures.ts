/** The label request fixtures (test/fixtures/valid, test/fixtures/invalid). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', 'fixtures');

/** A fixture: its file name (without .json) and parsed body. */
export interface Fixture {
  readonly name: string;
  readonly body: Record<string, unknown>;
}

function load(kind: 'valid' | 'invalid'): Fixture[] {
  return readdirSync(join(ROOT, kind))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), body: JSON.parse(readFileSync(join(ROOT, kind, f), 'utf8')) as Record<string, unknown> }));
}

export const VALID_FIXTURES = load('valid');
export const INVALID_FIXTURES = load('invalid');

/** A valid fixture by name; throws when absent. */
export function validFixture(name: string): Record<string, unknown> {
  const fixture = VALID_FIXTURES.find((f) => f.name === name);
  if (!fixture) throw new Error(`no valid fixture ${name}`);
  return structuredClone(fixture.body);
}

/** The field each invalid fixture breaks (the file name says which rule). */
export const INVALID_FIXTURE_FIELDS: Readonly<Record<string, string>> = {
  'bad-country-code': 'footprint.geographyCountry',
  'cbam-six-decimals': 'cbam.directEmbeddedEmissions',
  'exempted-over-100': 'footprint.exemptedEmissionsPercent',
  'gtin-bad-check-digit': 'product.ids.0',
  'hs-code-five-digits': 'product.hsCode',
  'hs-code-not-prefix-of-cn-code': 'product.hsCode',
  'negative-fossil-emissions': 'footprint.fossilGhgEmissions',
  'no-product-ids': 'product.ids',
  'not-a-number': 'footprint.pcfExcludingBiogenicUptake',
  'reference-period-reversed': 'footprint.referencePeriodEnd',
  'unknown-declared-unit': 'footprint.declaredUnitOfMeasurement',
  'valid-until-before-issue': 'validUntil',
};
