/**
 * Making untrusted text safe to print on a terminal. Label claims, reasons and ids come from
 * issuers or from whoever made a token; control characters in them could move the cursor, rewrite
 * earlier lines (e.g. turn "REVOKED" into "VALID") or reorder text (bidi overrides).
 */

// C0 and C1 controls, DEL, and Unicode bidi embedding/override/isolate controls.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character replaced by U+FFFD. */
export function printable(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}
