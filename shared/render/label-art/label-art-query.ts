/** The query of `GET /labels/{id}/label.svg`, validated at the boundary. */
import * as z from 'zod';
import { QR_MODES } from '../../qr/qr-content.ts';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../i18n/languages.ts';

/** `?mode=full|compact&lang=` for the label art; unknown parameters and languages are refused. */
export const LabelArtQuerySchema = z.strictObject({
  mode: z.enum(QR_MODES).default('full').describe('Which QR code the art carries'),
  lang: z
    .enum(LANGUAGES.map((l) => l.lang) as [string, ...string[]])
    .default(DEFAULT_LANGUAGE.lang)
    .describe('Language of the printed words; the art is a file to print, so the request chooses, not Accept-Language'),
});

/** A parsed label-art query. */
export type LabelArtQuery = z.output<typeof LabelArtQuerySchema>;
