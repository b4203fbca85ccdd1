/** Plausible label claims for tests that sign tokens directly, without issuing a label. */
import type { LabelClaims } from '../../shared/label/claims.ts';

/** Claims of a steel-coil label `sub`, valid 2026-06-01 to 2027-06-01 unless overridden. */
export function sampleClaims(sub: string, overrides: Partial<LabelClaims> = {}): LabelClaims {
  return {
    iss: 'org_0123456789ab',
    sub,
    iat: Date.parse('2026-06-01T00:00:00Z') / 1000,
    nbf: Date.parse('2026-06-01T00:00:00Z') / 1000,
    exp: Date.parse('2027-06-01T00:00:00Z') / 1000,
    dig: 'A'.repeat(43),
    isn: 'Acme Steel',
    pid: 'urn:gtin:4006381333931',
    pnm: 'Hot-rolled coil',
    pcf: '1850',
    dua: '1000',
    duu: 'kilogram',
    bnd: 'cradle-to-gate',
    rps: '2025-01-01',
    rpe: '2025-12-31',
    std: ['ISO 14067'],
    geo: 'DE',
    ...overrides,
  };
}
