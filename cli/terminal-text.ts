/**
 * Making untrusted text safe to print on a terminal. Label claims, reasons, issuer names, key ids
 * and problem text come from issuers, from whoever made a token or from a server; control
 * characters in them could clear the screen, plant a hyperlink (OSC 8), move the cursor and rewrite
 * earlier lines (e.g. turn "REVOKED" into "VALID"), reorder text (bidi overrides) or hide
 * characters (zero-width), so two different names look the same.
 *
 * Every byte the CLI prints goes through this module: {@link writeOut} and {@link writeErr} for
 * text, {@link writeJson} for `--json`. Fields are passed through {@link printable} when a message
 * is built, so a line break inside a field cannot start a line of its own; the writers then
 * replace anything unsafe that is left (keeping only the line breaks the CLI wrote itself).
 * `test/unit/cli/terminal-text.test.ts` checks that nothing in `cli/` writes around them.
 */

// C0 and C1 controls, DEL; Arabic letter mark, Mongolian vowel separator, zero-width space,
// non-joiner and joiner, LRM/RLM; line and paragraph separators; bidi embeddings, overrides and
// isolates; word joiner, invisible operators and deprecated format controls (U+2060–206F);
// zero-width no-break space (BOM); interlinear annotation controls; tag characters.
const UNSAFE_CLASS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}';
const UNSAFE = new RegExp(`[${UNSAFE_CLASS}]`, 'gu');
/** The same set without the line feed, for whole messages and for JSON text. */
const UNSAFE_EXCEPT_LF = new RegExp(`(?!\\n)[${UNSAFE_CLASS}]`, 'gu');

/** `text` with every control, bidi and invisible formatting character replaced by U+FFFD (line breaks too). */
export function printable(text: string): string {
  return String(text).replace(UNSAFE, '\ufffd');
}

/** A whole message for the terminal: like {@link printable}, but the line breaks are kept. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_EXCEPT_LF, '\ufffd');
}

/**
 * `value` as indented JSON in which every unsafe character inside a string is a `\uXXXX` escape.
 * `JSON.stringify` escapes C0 controls but leaves DEL, C1, bidi and zero-width characters raw; the
 * escapes keep the JSON equal in value (a parser reads back exactly what the server sent) while
 * the bytes on the terminal are harmless.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_EXCEPT_LF, (ch) =>
    Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** Writes text to stdout, made safe by {@link terminalText}. */
export function writeOut(text: string): void {
  process.stdout.write(terminalText(text));
}

/** Writes text to stderr, made safe by {@link terminalText}. */
export function writeErr(text: string): void {
  process.stderr.write(terminalText(text));
}

/** Writes `value` to stdout as {@link safeJson} and a line break. */
export function writeJson(value: unknown): void {
  process.stdout.write(`${safeJson(value)}\n`);
}

/** `value` as one line of JSON, escaped like {@link safeJson} (for JSON Lines output). */
export function safeJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_EXCEPT_LF, (ch) =>
    Array.from({ length: ch.length }, (_, i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}

/** Writes text to `stream` (e.g. a progress line on stderr), made safe by {@link terminalText}. */
export function writeTo(stream: NodeJS.WritableStream, text: string): void {
  stream.write(terminalText(text));
}

/** The stream progress goes to: stderr, so stdout stays clean for results. */
export const progressStream = (): NodeJS.WriteStream => process.stderr;

/** `true` when stdout is a terminal (images are then refused: their bytes would reach it). */
export const stdoutIsTerminal = (): boolean => process.stdout.isTTY === true;

/** Writes bytes that are not text (an image) to stdout; callers refuse when stdout is a terminal. */
export function writeBinary(bytes: Uint8Array): void {
  if (stdoutIsTerminal()) throw new TypeError('binary output to a terminal');
  process.stdout.write(bytes);
}

/** Resolves once everything written to stdout so far has been handed to the OS (before exiting). */
export function flushStdout(): Promise<void> {
  return new Promise((resolve) => process.stdout.write('', () => resolve()));
}

/**
 * Resolves once everything written to stdout and stderr so far has been handed to the OS. The CLI
 * awaits it before `process.exit`, which would otherwise drop output still queued for a pipe: a
 * 100-label `--json` batch is hundreds of kilobytes, and a slow reader leaves most of it queued.
 */
export function flushStdio(): Promise<void> {
  const flush = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
  return Promise.all([flush(process.stdout), flush(process.stderr)]).then(() => undefined);
}
