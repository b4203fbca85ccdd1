/** The answers of the public read routes that are shaped here (labels and keys have their own schemas). */
import * as z from 'zod';

/** `GET /health` when storage answers. */
export const HealthSchema = z.object({ status: z.literal('ok'), storage: z.literal('reachable') });

/** `GET /health`'s body. */
export type Health = z.output<typeof HealthSchema>;

/** `GET /openapi.json`: an OpenAPI 3.1 document (checked loosely: it describes itself). */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});
