/**
 * docs/label-request.md is the generated field reference: every field of LabelRequestSchema.
 * `UPDATE_DOCS=1` (or `npm run docs:label-request`) rewrites it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelRequestDoc } from '../../../shared/label/request-schema-doc.ts';
import { LabelRequestSchema } from '../../../shared/label/request-schema.ts';
import { validFixture } from '../../support/fixtures.ts';

const DOC = join(import.meta.dirname, '..', '..', '..', 'docs', 'label-request.md');

describe('docs/label-request.md', () => {
  it('is the generated reference', () => {
    const expected = labelRequestDoc(validFixture('steel-hot-rolled-coil'));
    const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    if (process.env.UPDATE_DOCS && current !== expected) {
      writeFileSync(DOC, expected);
      return;
    }
    expect(current, 'docs/label-request.md is stale: run npm run docs:label-request').toBe(expected);
  });

  it('names every top-level field', () => {
    const doc = labelRequestDoc(validFixture('steel-hot-rolled-coil'));
    for (const name of Object.keys(LabelRequestSchema.shape)) expect(doc).toContain(`| \`${name}\` |`);
  });

  it('a number where a decimal string belongs is refused in words', () => {
    const body = validFixture('steel-hot-rolled-coil') as { footprint: Record<string, unknown> };
    body.footprint.pcfExcludingBiogenicUptake = 2010.4;
    const result = LabelRequestSchema.safeParse(body);
    expect(result.success).toBe(false);
    const issue = result.error!.issues.find((i) => i.path.join('.') === 'footprint.pcfExcludingBiogenicUptake');
    expect(issue?.message).toBe('must be a decimal string such as "2010.4", got a number');
  });
});
