/**
 * Text an issuer controls (its name, product fields, standards, assurance and CBAM text, a
 * revocation reason) is signed, stored and shown to strangers: on the verification page, in the
 * label art, in a customs officer's terminal. One schema for all of it, so no field forgets a rule:
 *
 * - no control characters (C0, DEL, C1): they break terminals, logs and line-based tools;
 * - no bidirectional overrides, embeddings, isolates or marks (U+202A–U+202E, U+2066–U+2069,
 *   U+200E, U+200F, U+061C): they make text display in another order than it is signed
 *   ("Trojan Source", CVE-2021-42574), so a page could show a name the signature does not carry;
 * - no lone surrogates: they are not Unicode, and encode differently in every tool;
 * - at least one visible character once whitespace and invisible (zero-width, format, default
 *   ignorable) characters are set aside, so no label names a blank;
 * - trimmed and NFC-normalised before anything else sees it, and the length judged on that form:
 *   the record stores, and the token signs, exactly the NFC text.
 *
 * Joiners inside text (emoji sequences, Indic scripts) and right-to-left letters are kept: only
 * the characters that reorder display are refused, not the scripts that need no help.
 */
import * as z from 'zod';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
// In a `u` regex a surrogate code unit matches only when it is not half of a pair.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\u2800]/gu;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Where the first match of `pattern` sits, in words: `U+202E at character 6`. */
function found(value: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(value);
  if (!match) return undefined;
  return `${codePoint(match[0])} at character ${[...value.slice(0, match.index)].length + 1}`;
}

/** Why `value` is not acceptable issuer text (before normalisation), or `undefined`. */
export function unsafeTextProblem(value: string): string | undefined {
  let where = found(value, CONTROL);
  if (where) return `must not contain control characters such as line breaks, tabs or NUL (found ${where})`;
  where = found(value, BIDI_CONTROL);
  if (where) {
    return `must not contain bidirectional formatting characters (overrides, embeddings, isolates or direction marks: U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), which reorder how text is displayed (found ${where})`;
  }
  where = found(value, LONE_SURROGATE);
  if (where) return `must be well-formed Unicode, without a lone surrogate (found ${where})`;
  return undefined;
}

/** `true` when nothing is left of `value` once whitespace and invisible characters are removed. */
export function isBlankText(value: string): boolean {
  return value.replace(INVISIBLE, '').length === 0;
}

/**
 * Issuer-controlled text of at most `max` UTF-16 code units in its trimmed NFC form, which is
 * what the parsed value is.
 */
export function safeText(max: number) {
  return z
    .string({ error: 'must be text (a JSON string)' })
    .superRefine((value, ctx) => {
      const problem = unsafeTextProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, continue: false });
    })
    .trim()
    .normalize('NFC')
    .max(max, { error: `must be at most ${max} characters long (counted after Unicode NFC normalisation)` })
    .refine((value) => !isBlankText(value), {
      error: 'must contain at least one visible character (spaces, zero-width and other invisible characters do not count)',
    });
}
