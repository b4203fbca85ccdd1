/**
 * The zod schema of a problem document: the OpenAPI `Problem` component and the type of
 * {@link problem}'s result. Apart from `problem.ts` so the Lambda bundles, which only build
 * problems, never load full zod for it.
 */
import * as z from 'zod';
import { ERROR_CODES, ERROR_CODE_LIST, isApiErrorCode, type ApiErrorCode } from '../../shared/errors/error-codes.ts';
import { problemType } from './problem.ts';

const API_ERROR_CODES = ERROR_CODE_LIST.filter(isApiErrorCode) as [ApiErrorCode, ...ApiErrorCode[]];

/** An RFC 9457 problem document as this API writes it. */
export const ProblemSchema = z.object({
  type: z.string().describe(`${problemType('{code}')}`),
  title: z.string().describe('The HTTP status’s reason phrase'),
  status: z.int().describe('The HTTP status of the response'),
  detail: z.string().describe('What went wrong, for humans'),
  code: z.enum(API_ERROR_CODES).describe(API_ERROR_CODES.map((c) => `- \`${c}\`: ${ERROR_CODES[c].meaning}`).join('\n')),
  instance: z.string().optional().describe('The request path'),
  errors: z
    .array(z.object({ path: z.string().describe('JSON path of the failing field or parameter'), message: z.string() }))
    .optional()
    .describe('For `validation_failed`: each failing field'),
});
