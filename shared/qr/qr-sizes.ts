/**
 * PNG sizes, apart from the renderer so the query schema (which the route table, and so every
 * Lambda bundle, reads) does not pull the QR encoder in.
 */

/** Default PNG width in pixels when the caller names none. */
export const DEFAULT_QR_PNG_SIZE = 512;

/**
 * The widest PNG ever rendered: a larger `maxWidth` gets this. 1024 px gives the full QR 8 pixels
 * per module and the compact one 24, plenty for a screen; print from the SVG, which scales.
 */
export const QR_PNG_MAX_WIDTH = 1024;
