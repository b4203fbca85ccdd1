/** `POST /verify`: verdicts for one token or a batch. Always 200 with verdicts for parseable input. */
import { parseInput } from '../../shared/validation/parse-input.ts';
import { VerifyRequestSchema } from '../../shared/verification/verify-request.ts';
import { summarise, verifyBatchOnline } from '../../shared/verification/verify-batch.ts';
import type { RouteHandlers } from '../http/dispatch.ts';
import { jsonBody } from '../http/request.ts';
import { json } from '../http/responses.ts';
import type { VerifyBatchResponse } from './response-schemas.ts';

export const verifyRoutes: RouteHandlers<'verify'> = {
  'POST /verify': async (event, services) => {
    const request = parseInput(VerifyRequestSchema, jsonBody(event), 'verification request');
    if ('token' in request) {
      const [verdict] = await verifyBatchOnline(services, [request.token]);
      return json(200, verdict);
    }
    const results = await verifyBatchOnline(services, request.tokens);
    return json(200, { summary: summarise(results), results } satisfies VerifyBatchResponse);
  },
};
