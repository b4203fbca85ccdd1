/**
 * The CSV column mapping of `labels issue --csv`, derived from the request schema
 * (`shared/label/request-schema.ts`) so it cannot drift from it:
 *
 * - one column per leaf field, named by its dotted path: `product.name`,
 *   `footprint.pcfExcludingBiogenicUptake`, `cbam.installation.unLocode`;
 * - a list field is one cell with its items separated by `;` (`product.ids`,
 *   `footprint.ipccCharacterizationFactors`, `footprint.crossSectoralStandards`);
 * - cells are trimmed; an empty cell leaves its field out; an optional block (`verification`,
 *   `cbam`, `cbam.installation`) is sent only when one of its cells is filled;
 * - a header may list the columns in any order and leave optional ones out; an unknown column is an error.
 */
import * as z from 'zod';
import { LabelRequestSchema } from '../../shared/label/request-schema.ts';

/** The separator of list items inside one cell. */
export const LIST_SEPARATOR = ';';

/** How a column's cell becomes a JSON value. */
export type ColumnKind = 'string' | 'list' | 'number' | 'boolean';

/** One CSV column: a leaf field of the request. */
export interface CsvColumn {
  /** The dotted path, also the header name. */
  readonly name: string;
  readonly path: readonly string[];
  readonly kind: ColumnKind;
  /** Required whenever the request is (the field and every block around it are required). */
  readonly required: boolean;
  /** The allowed values, for enumerations. */
  readonly values?: readonly string[];
  readonly description?: string;
}

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
}

function kindOf(schema: JsonSchema): ColumnKind {
  if (schema.type === 'array') return 'list';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'boolean') return 'boolean';
  return 'string';
}

function walk(schema: JsonSchema, path: string[], required: boolean, out: CsvColumn[]): void {
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const childPath = [...path, key];
    const childRequired = required && (schema.required ?? []).includes(key);
    if (child.type === 'object' && child.properties) {
      walk(child, childPath, childRequired, out);
      continue;
    }
    const values = child.enum ?? child.items?.enum;
    out.push({
      name: childPath.join('.'),
      path: childPath,
      kind: kindOf(child),
      required: childRequired,
      ...(values ? { values: values.map(String) } : {}),
      ...(child.description ? { description: child.description } : {}),
    });
  }
}

const REQUEST_SCHEMA = z.toJSONSchema(LabelRequestSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Every column, in the schema's order. */
export const CSV_COLUMNS: readonly CsvColumn[] = (() => {
  const out: CsvColumn[] = [];
  walk(REQUEST_SCHEMA, [], true, out);
  return out;
})();

const BY_NAME = new Map(CSV_COLUMNS.map((c) => [c.name, c]));

/** The objects that may be left out when none of their cells is filled (`verification`, `cbam`, `cbam.installation`). */
const OPTIONAL_BLOCKS: ReadonlySet<string> = (() => {
  const blocks = new Set<string>();
  const visit = (s: JsonSchema, path: string[], required: boolean) => {
    for (const [key, child] of Object.entries(s.properties ?? {})) {
      if (child.type !== 'object' || !child.properties) continue;
      const childRequired = required && (s.required ?? []).includes(key);
      if (!childRequired) blocks.add([...path, key].join('.'));
      visit(child, [...path, key], childRequired);
    }
  };
  visit(REQUEST_SCHEMA, [], true);
  return blocks;
})();

/** Checks a header row; returns the column of each cell, or the reasons it cannot be used. */
export function readHeader(cells: readonly string[]): { columns: CsvColumn[] } | { errors: string[] } {
  const errors: string[] = [];
  const columns: CsvColumn[] = [];
  const seen = new Set<string>();
  cells.forEach((raw, i) => {
    const name = raw.trim();
    const column = BY_NAME.get(name);
    if (!column) {
      errors.push(`column ${i + 1} "${name}" is not a request field (see "carbon-label labels csv-template")`);
    } else if (seen.has(name)) {
      errors.push(`column ${i + 1} "${name}" appears twice`);
    } else {
      columns.push(column);
    }
    seen.add(name);
  });
  return errors.length ? { errors } : { columns };
}

function cellValue(column: CsvColumn, cell: string): unknown {
  switch (column.kind) {
    case 'list':
      return cell
        .split(LIST_SEPARATOR)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    case 'number': {
      const n = Number(cell);
      return Number.isFinite(n) ? n : cell; // the service names the field when it is not a number
    }
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    default:
      return cell;
  }
}

/** The request of one row (cells in header order). Empty cells are left out; so are optional blocks with no filled cell. */
export function rowToRequest(columns: readonly CsvColumn[], cells: readonly string[]): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  const filledBlocks = new Set<string>();
  columns.forEach((column, i) => {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') return;
    let target = request;
    column.path.slice(0, -1).forEach((key, depth) => {
      filledBlocks.add(column.path.slice(0, depth + 1).join('.'));
      target = (target[key] ??= {}) as Record<string, unknown>;
    });
    target[column.path.at(-1)!] = cellValue(column, cell);
  });
  // Required blocks are always sent, so the service names their missing fields.
  for (const column of CSV_COLUMNS) {
    let target = request;
    for (let depth = 0; depth < column.path.length - 1; depth++) {
      const block = column.path.slice(0, depth + 1).join('.');
      if (OPTIONAL_BLOCKS.has(block) && !filledBlocks.has(block)) break;
      target = (target[column.path[depth]!] ??= {}) as Record<string, unknown>;
    }
  }
  return request;
}

/** The cells of a request, in `CSV_COLUMNS` order (the inverse of `rowToRequest`). */
export function requestToRow(request: unknown): string[] {
  return CSV_COLUMNS.map((column) => {
    let value: unknown = request;
    for (const key of column.path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined || value === null) return '';
    if (Array.isArray(value)) return value.map(String).join(LIST_SEPARATOR);
    return String(value);
  });
}

/** The column a field path of a problem belongs to (`product.ids.0` → `product.ids`), if any. */
export function columnOfPath(path: string): string | undefined {
  const segments = path.split('.');
  for (let n = segments.length; n > 0; n--) {
    const name = segments.slice(0, n).join('.');
    if (BY_NAME.has(name)) return name;
  }
  return undefined;
}
