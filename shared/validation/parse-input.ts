/**
 * Parsing untrusted input with zod, the one way every boundary does it. Schemas may be written
 * with classic `zod` or with `zod/mini` (the Lambda hot paths use mini to keep bundles small);
 * both are zod core schemas and parse the same way here.
 */
import { config, safeParse, type $ZodError, type $ZodType, type output } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import { ValidationError, type FieldIssue } from '../errors/errors.ts';

// zod/mini ships no messages of its own; classic zod installs the same English locale.
config(en());

/** Turns zod's issues into field issues with dotted paths (`product.ids.0`). */
export function toFieldIssues(error: $ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Parses untrusted input with a schema.
 * @throws {ValidationError} naming every failing field.
 */
export function parseInput<S extends $ZodType>(schema: S, input: unknown, what: string): output<S> {
  const result = safeParse(schema, input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const fields = [...new Set(issues.map((i) => i.path))].join(', ');
  throw new ValidationError(`${what} is invalid: ${fields}`, issues, { cause: result.error });
}
