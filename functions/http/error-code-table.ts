/**
 * The error-code table of `docs/api.md` (between `<!-- error-codes:start -->` and
 * `<!-- error-codes:end -->`), generated from the closed list and the status table, so the docs
 * cannot drift from the code (test/unit/docs/error-codes-table.test.ts compares them).
 */
import { ERROR_CODES, ERROR_CODE_LIST, isApiErrorCode, type ErrorScope } from '../../shared/errors/error-codes.ts';
import { PROBLEM_STATUS } from './problem.ts';

/** Markers around the generated table in a Markdown file. */
export const ERROR_TABLE_MARKERS = { start: '<!-- error-codes:start -->', end: '<!-- error-codes:end -->' } as const;

const WHERE: Readonly<Record<ErrorScope, string>> = {
  api: 'HTTP API',
  offline: 'offline verification',
  cli: 'CLI',
  environment: 'start-up',
};

/** The Markdown table: one row per code, in the list's order. */
export function errorCodeTable(): string {
  const rows = ERROR_CODE_LIST.map((code) => {
    const status = isApiErrorCode(code) ? String(PROBLEM_STATUS[code].status) : '—';
    return `| \`${code}\` | ${status} | ${WHERE[ERROR_CODES[code].scope]} | ${ERROR_CODES[code].meaning} |`;
  });
  return ['| code | HTTP status | raised by | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
