import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors/errors.ts';

/** Turns zod's issues into field issues with dotted paths (`product.ids.0`). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/**
 * Parses untrusted input with a schema.
 * @throws {ValidationError} naming every failing field.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  const fields = [...new Set(issues.map((i) => i.path))].join(', ');
  throw new ValidationError(`${what} is invalid: ${fields}`, issues, { cause: result.error });
}
