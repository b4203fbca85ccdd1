/** The bodies of the human-facing routes, as zod schemas of their text (OpenAPI). */
import * as z from 'zod';

/** An SVG document (QR code, label art). */
export const SvgSchema = z
  .string()
  .regex(/^\s*<svg[\s>]/)
  .describe('SVG document');

/** A PNG image (the body is binary; the schema documents the media type only). */
export const PngSchema = z.string().describe('PNG image');

/** An HTML verification page. */
export const HtmlPageSchema = z
  .string()
  .regex(/^<!doctype html>/)
  .describe('HTML page; the verdict is in the page');
