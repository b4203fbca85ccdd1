/**
 * `docs/label-request.md`, generated from {@link LabelRequestSchema} (`z.toJSONSchema`, with the
 * schema's descriptions) and one valid fixture for the examples, so the field reference cannot
 * drift from validation. `test/unit/docs/label-request-doc.test.ts` checks the file is current;
 * `UPDATE_DOCS=1` rewrites it.
 */
import * as z from 'zod';
import { LabelRequestSchema } from './request-schema.ts';

type Json = Record<string, unknown>;

function typeOf(s: Json): string {
  if (Array.isArray(s.enum)) return `one of ${(s.enum as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
  if (s.const !== undefined) return `\`${String(s.const)}\``;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map(typeOf).join(' or ');
  if (s.type === 'array') return `array of ${typeOf((s.items ?? {}) as Json)}`;
  if (s.type === 'string' && s.format === 'date-time') return 'date-time string (RFC 3339)';
  return String(s.type ?? 'any');
}

function rulesOf(s: Json): string {
  const rules: string[] = [];
  if (s.minLength !== undefined || s.maxLength !== undefined) rules.push(`length ${s.minLength ?? 0}–${s.maxLength ?? '∞'}`);
  if (s.minItems !== undefined || s.maxItems !== undefined) rules.push(`${s.minItems ?? 0}–${s.maxItems ?? '∞'} items`);
  if (s.type === 'array' && s.items) {
    const inner = rulesOf(s.items as Json);
    if (inner) rules.push(`each: ${inner}`);
  }
  if (typeof s.pattern === 'string' && s.format !== 'date-time' && s.pattern.length <= 60) rules.push(`matches \`${s.pattern.replace(/\|/g, '\\|')}\``);
  if (s.minimum !== undefined) rules.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) rules.push(`≤ ${s.maximum}`);
  return rules.join('; ');
}

function valueAt(example: unknown, path: readonly string[]): unknown {
  let v: unknown = example;
  for (const key of path) v = v && typeof v === 'object' ? (v as Json)[key] : undefined;
  return v;
}

function rows(s: Json, path: string[], required: boolean, example: unknown, out: string[]): void {
  const props = (s.properties ?? undefined) as Record<string, Json> | undefined;
  if (path.length > 0) {
    const ex = valueAt(example, path);
    const shown =
      ex === undefined || (typeof ex === 'object' && ex !== null && !Array.isArray(ex)) ? '' : `\`${JSON.stringify(ex).slice(0, 80).replace(/\|/g, '\\|')}\``;
    const description = String(s.description ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\n/g, ' ');
    out.push(`| \`${path.join('.')}\` | ${required ? 'yes' : 'no'} | ${typeOf(s)} | ${rulesOf(s)} | ${description} | ${shown} |`);
  }
  const items = s.type === 'array' ? (s.items as Json | undefined) : undefined;
  if (items?.properties) rows({ ...items, description: '' }, [...path, '0'], true, example, out);
  if (!props) return;
  const req = new Set((s.required ?? []) as string[]);
  for (const [name, child] of Object.entries(props)) rows(child, [...path, name], req.has(name), example, out);
}

/** The whole document, from the schema and an example request. */
export function labelRequestDoc(example: unknown): string {
  const schema = z.toJSONSchema(LabelRequestSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const out: string[] = [];
  rows(schema, [], true, example, out);
  return `# Label request fields

<!-- Generated from LabelRequestSchema (shared/label/request-schema.ts) by
     shared/label/request-schema-doc.ts; do not edit. Update: npm run docs:label-request -->

The body of \`POST /labels\`. Every field, whether it is required, its type, its rules, what it
means (with its unit) and an example from \`test/fixtures/valid/steel-hot-rolled-coil.json\`.
Decimals are JSON strings such as \`"2010.4"\`, never numbers: a number is refused with a message
saying so. Rules that span fields (the reference period against the validity, the token's size)
are in [api.md](api.md#post-labels).

| field | required | type | rules | meaning | example |
|---|---|---|---|---|---|
${out.join('\n')}
`;
}
