/** `carbon-label labels csv-template`: the header of every column and one example row. */
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, requestToRow } from './csv-columns.ts';

/** The example row: a hot-rolled steel coil with verification and a CBAM block (every column filled). */
export const EXAMPLE_REQUEST = {
  product: {
    ids: ['urn:gtin:06901234560015'],
    name: 'Hot-rolled steel coil S235JR 2.0 mm',
    hsCode: '720839',
    description: 'Hot-rolled non-alloy steel coil, width 1250 mm, thickness 2.0 mm, BF-BOF route',
  },
  footprint: {
    referencePeriodStart: '2025-01-01T00:00:00Z',
    referencePeriodEnd: '2026-01-01T00:00:00Z',
    ipccCharacterizationFactors: ['AR6'],
    crossSectoralStandards: ['ISO14067', 'GHG Protocol Product Standard'],
    boundary: 'cradle-to-gate',
    declaredUnitOfMeasurement: 'kilogram',
    declaredUnitAmount: '1000',
    productMassPerDeclaredUnit: '1000',
    pcfExcludingBiogenicUptake: '2010.4',
    pcfIncludingBiogenicUptake: '2010.4',
    fossilGhgEmissions: '2006.9',
    fossilCarbonContent: '2.1',
    biogenicCarbonContent: '0',
    geographyCountry: 'CN',
    geographyCountrySubdivision: 'CN-HE',
    exemptedEmissionsPercent: '0.6',
    primaryDataShare: '71.5',
  },
  verification: {
    providerName: 'Example Assurance Co.',
    standardName: 'ISO 14064-3',
    level: 'reasonable',
    completedAt: '2026-03-02T00:00:00Z',
  },
  cbam: {
    cnCode: '72083900',
    countryOfOrigin: 'CN',
    installation: { unLocode: 'CNTSN', name: 'Example Steel Works No. 2' },
    productionRoute: 'BF-BOF',
    directEmbeddedEmissions: '1.86721',
    indirectEmbeddedEmissions: '0.14319',
    method: 'actual',
  },
} as const;

/** CSV text of `rows` (requests) under the full header. */
export function requestsToCsv(requests: readonly unknown[]): string {
  return stringify([CSV_COLUMNS.map((c) => c.name), ...requests.map(requestToRow)]);
}

/** The template: the header and, unless `headerOnly`, the example row. */
export function csvTemplate(headerOnly = false): string {
  return requestsToCsv(headerOnly ? [] : [EXAMPLE_REQUEST]);
}
