/**
 * Text hygiene on every issuer-controlled string (issue 11): control characters, bidi overrides,
 * isolates and marks, lone surrogates and names that are blank once invisible characters are
 * removed are refused, naming the field; everything accepted is stored in NFC. Checked through
 * the real schemas of each boundary, so a field that forgets the rule fails here.
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/errors/errors.ts';
import { CreateIssuerRequestSchema } from '../../../../shared/issuers/issuer-service.ts';
import { createLabelRequestSchema } from '../../../../shared/label/request-schema.ts';
import { RevokeRequestSchema } from '../../../../shared/label/revoke-label.ts';
import { parseInput } from '../../../../shared/validation/parse-input.ts';
import { validFixture } from '../../../support/fixtures.ts';

const NOW = new Date('2026-12-01T12:00:00Z');
const labelSchema = createLabelRequestSchema(() => NOW);

type Body = Record<string, any>;
/** Every issuer-controlled string: where it lives, and how to put a value there. */
const FIELDS: ReadonlyArray<{ path: string; schema: 'label' | 'issuer' | 'revoke'; set: (body: Body, value: string) => void; urn?: true }> = [
  { path: 'name', schema: 'issuer', set: (b, v) => (b.name = v) },
  { path: 'reason', schema: 'revoke', set: (b, v) => (b.reason = v) },
  { path: 'product.name', schema: 'label', set: (b, v) => (b.product.name = v) },
  { path: 'product.description', schema: 'label', set: (b, v) => (b.product.description = v) },
  // A URN has no spaces, and its `urn:example:` prefix is never blank.
  { path: 'product.ids.1', schema: 'label', set: (b, v) => b.product.ids.push(`urn:example:${v.replace(/ /g, '_')}`), urn: true },
  { path: 'footprint.crossSectoralStandards.0', schema: 'label', set: (b, v) => (b.footprint.crossSectoralStandards[0] = v) },
  { path: 'verification.providerName', schema: 'label', set: (b, v) => (b.verification.providerName = v) },
  { path: 'verification.standardName', schema: 'label', set: (b, v) => (b.verification.standardName = v) },
  { path: 'cbam.installation.name', schema: 'label', set: (b, v) => (b.cbam.installation.name = v) },
  { path: 'cbam.productionRoute', schema: 'label', set: (b, v) => (b.cbam.productionRoute = v) },
];

function bodyWith(field: (typeof FIELDS)[number], value: string): Body {
  const base: Body =
    field.schema === 'issuer' ? { name: 'Acme Steel' } : field.schema === 'revoke' ? { reason: 'figure was wrong' } : validFixture('steel-hot-rolled-coil');
  field.set(base, value);
  return base;
}

function parse(field: (typeof FIELDS)[number], value: string): unknown {
  const body = bodyWith(field, value);
  if (field.schema === 'issuer') return parseInput(CreateIssuerRequestSchema, body, 'issuer');
  if (field.schema === 'revoke') return parseInput(RevokeRequestSchema, body, 'revocation request');
  return parseInput(labelSchema, body, 'label request');
}

function refusal(field: (typeof FIELDS)[number], value: string): ValidationError {
  try {
    parse(field, value);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${field.path} = ${JSON.stringify(value)} to be refused`);
}

const get = (value: unknown, path: string): unknown => path.split('.').reduce<any>((v, k) => v?.[k], value);

const HOSTILE: ReadonlyArray<readonly [string, string, RegExp]> = [
  ['a NUL', 'Acme\u0000Steel', /control character/],
  ['a line break', 'Acme\nSteel', /control character/],
  ['a tab', 'Acme\tSteel', /control character/],
  ['DEL', 'Acme\u007fSteel', /control character/],
  ['a C1 control (NEL)', 'Acme\u0085Steel', /control character/],
  ['a right-to-left override', 'Acme \u202eleetS', /bidirectional/],
  ['a left-to-right embedding', 'Acme \u202aSteel', /bidirectional/],
  ['a first-strong isolate', 'Acme \u2068Steel\u2069', /bidirectional/],
  ['a right-to-left mark', 'Acme\u200f Steel', /bidirectional/],
  ['a left-to-right mark', 'Acme\u200e Steel', /bidirectional/],
  ['an Arabic letter mark', 'Acme\u061c Steel', /bidirectional/],
  ['a lone high surrogate', 'Acme \ud800 Steel', /surrogate/],
  ['a lone low surrogate', 'Acme \udc00', /surrogate/],
  ['only a zero-width space', '\u200b', /visible character/],
  ['only invisible and blank characters', ' \u200b\u200c\u200d\u2060\ufeff\u00a0\u3000 ', /visible character/],
  ['only a Hangul filler', '\u3164', /visible character/],
];

describe.each(FIELDS.map((f) => [f.path, f] as const))('%s', (path, field) => {
  it.each(HOSTILE.filter(([, , m]) => !field.urn || !/visible/.test(m.source)))(
    'refuses %s, naming the field and saying what is expected',
    (_what, value, message) => {
      const error = refusal(field, value);
      const issue = error.issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(error.issues)).toBeDefined();
      expect(issue!.message).toMatch(message);
      expect(issue!.message).toMatch(/^must /);
    },
  );

  it('stores the NFC form (e + combining acute becomes é)', () => {
    const parsed = parse(field, 'Cafe\u0301 Qu\u0065\u0301bec');
    const stored = get(parsed, path) as string;
    expect(stored).toContain(field.urn ? 'Café_Québec' : 'Café Québec');
    expect(stored).toBe(stored.normalize('NFC'));
  });

  it('keeps what is legitimate: CJK, emoji with joiners, Arabic and Hebrew letters', () => {
    for (const value of ['宝钢股份', '👩‍🔬 Lab', 'شركة الصلب', 'פלדה בע"מ', 'Ørsted A/S']) {
      const stored = get(parse(field, value), path) as string;
      expect(stored).toContain(field.urn ? value.replace(/ /g, '_') : value);
    }
  });
});

describe('length is judged on the stored (NFC) form', () => {
  it('an issuer name of 200 decomposed characters is 100 once composed, and is accepted', () => {
    const name = 'e\u0301'.repeat(100);
    expect(name.length).toBe(200);
    expect(parseInput(CreateIssuerRequestSchema, { name }, 'issuer').name).toBe('é'.repeat(100));
  });

  it('a name that grows past the limit when composed is refused', () => {
    // U+0958 has no composed form in NFC: it becomes two code units.
    const name = '\u0958'.repeat(101);
    expect(name.length).toBe(101);
    expect(name.normalize('NFC').length).toBe(202);
    const error = (() => {
      try {
        parseInput(CreateIssuerRequestSchema, { name }, 'issuer');
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error.issues[0]).toMatchObject({ path: 'name', message: expect.stringMatching(/at most 200 characters/) });
  });
});
