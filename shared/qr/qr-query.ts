/** The query of `GET /labels/{id}/qr.svg|qr.png`, validated at the boundary. */
import * as z from 'zod';
import { QR_MODES } from './qr-content.ts';
import { QR_PNG_MAX_WIDTH } from './qr-sizes.ts';

/** Smallest and largest `size` accepted, in pixels. */
export const QR_SIZE_RANGE = { min: 64, max: 4096 } as const;

/** `?mode=full|compact&size=`; unknown parameters are refused. */
export const QrQuerySchema = z.strictObject({
  mode: z.enum(QR_MODES).default('full').describe('full: the whole token (offline-capable); compact: the label id only'),
  size: z.coerce
    .number()
    .int()
    .min(QR_SIZE_RANGE.min)
    .max(QR_SIZE_RANGE.max)
    .optional()
    .describe(
      `PNG: largest width in pixels, default 512 (whole pixels per module, so the image may be a little smaller); ` +
        `the PNG is never wider than ${QR_PNG_MAX_WIDTH}, so a larger size gets the ${QR_PNG_MAX_WIDTH}-pixel image. ` +
        `SVG: width and height attributes (the SVG scales without loss; print from it)`,
    ),
});

/** A parsed QR query. */
export type QrQuery = z.output<typeof QrQuerySchema>;
