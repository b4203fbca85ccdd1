/** What `labels` prints from the service cannot steer the terminal, in human and JSON output alike. */
import { describe, expect, it } from 'vitest';
import { jsonText, labelText, listLine } from '../../../cli/labels/print.ts';
import { describeProblem } from '../../../cli/labels/labels-api.ts';
import type { LabelResource } from '../../../shared/label/label-resource.ts';

const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const hostile = 'Steel\u001b[2K\rVALID\u009b31m \u202eDILAV';

const label = {
  id: 'abcdefghjkmnpqrs',
  status: 'revoked',
  effectiveStatus: 'key_compromised',
  reissue: { reason: hostile, command: 'carbon-label labels reissue --status key_compromised' },
  issuer: { id: 'org_x', name: hostile },
  issuedAt: '2026-01-01T00:00:00.000Z',
  validUntil: '2027-01-01T00:00:00.000Z',
  token: 't',
  kid: 'k',
  digest: 'd',
  record: {
    product: { ids: ['urn:gtin:1'], name: hostile },
    footprint: {
      pcfExcludingBiogenicUptake: '1',
      declaredUnitAmount: '1',
      declaredUnitOfMeasurement: 'kilogram',
      boundary: 'cradle-to-gate',
      geographyCountry: 'CN',
    },
  },
  revocation: { revokedAt: '2026-02-01T00:00:00.000Z', reason: hostile, supersededBy: 'b' },
  verifyUrl: 'http://x/v/t',
  compactUrl: 'http://x/l/a',
  links: {},
} as unknown as LabelResource;

describe('labels output', () => {
  it('human views replace control characters', () => {
    expect(labelText(label)).not.toMatch(CONTROLS);
    expect(labelText(label)).toContain('superseded by');
    expect(labelText(label)).toMatch(/^status +key_compromised \(stored: revoked\)$/m);
    expect(labelText(label)).toContain('Run: carbon-label labels reissue --status key_compromised');
    expect(listLine(label)).toContain('key_compromised');
    expect(listLine(label)).not.toMatch(CONTROLS);
    expect(describeProblem({ status: 400, code: 'x', detail: hostile, errors: [{ path: 'a\u001b', message: hostile, column: 'a' }] })).not.toMatch(CONTROLS);
  });

  it('a label from a service without effectiveStatus shows its stored status', () => {
    const { effectiveStatus: _, reissue: __, ...older } = label;
    expect(listLine(older as LabelResource)).toMatch(/^abcdefghjkmnpqrs {2}revoked /);
    expect(labelText(older as LabelResource)).toMatch(/^status +revoked$/m);
  });

  it('JSON escapes DEL, C1 and bidi controls that JSON.stringify leaves raw, and stays the same data', () => {
    const text = jsonText(label);
    expect(text).not.toMatch(CONTROLS);
    expect(JSON.parse(text)).toEqual(label);
    expect(jsonText({ a: '\u007f\u0085\u202e' }, true)).toBe('{"a":"\\u007f\\u0085\\u202e"}');
  });
});
