/**
 * How each verdict looks: a tone (colour family) and an icon shape. Every status maps to exactly
 * one; the words come from the language files. Only `valid` gets the green tick.
 */
import type { VerdictStatus } from '../../verification/verdict.ts';

/** Colour family of a verdict (CSS class). */
export type VerdictTone = 'ok' | 'bad' | 'warn' | 'unknown';

/** Icon shape of a verdict, so the verdict never rests on colour alone. */
export type VerdictIcon = 'tick' | 'cross' | 'ban' | 'clock' | 'question' | 'alert';

/** Tone and icon per status. */
export const VERDICT_VIEWS: Readonly<Record<VerdictStatus, { readonly tone: VerdictTone; readonly icon: VerdictIcon }>> = {
  valid: { tone: 'ok', icon: 'tick' },
  revoked: { tone: 'bad', icon: 'ban' },
  expired: { tone: 'warn', icon: 'clock' },
  not_yet_valid: { tone: 'warn', icon: 'clock' },
  bad_signature: { tone: 'bad', icon: 'cross' },
  unknown_key: { tone: 'bad', icon: 'cross' },
  malformed: { tone: 'bad', icon: 'cross' },
  key_compromised: { tone: 'bad', icon: 'cross' },
  record_mismatch: { tone: 'bad', icon: 'cross' },
  unknown_label: { tone: 'unknown', icon: 'question' },
  // Never green: a genuine signature with unknown revocation status is not a pass.
  status_unavailable: { tone: 'warn', icon: 'alert' },
  untrusted_scheme: { tone: 'bad', icon: 'cross' },
  accreditation_withdrawn: { tone: 'bad', icon: 'ban' },
};

/** Inline SVG markup of each icon (constant, no user data), drawn in `currentColor`. */
export const ICON_SVG: Readonly<Record<VerdictIcon, string>> = {
  tick: '<circle cx="24" cy="24" r="22" fill="currentColor"/><path d="M13 25l7 7 15-16" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>',
  cross:
    '<path d="M15 2h18l13 13v18L33 46H15L2 33V15z" fill="currentColor"/><path d="M16 16l16 16M32 16L16 32" stroke="#fff" stroke-width="5" stroke-linecap="round"/>',
  ban: '<circle cx="24" cy="24" r="19" fill="none" stroke="currentColor" stroke-width="6"/><path d="M11 37L37 11" stroke="currentColor" stroke-width="6"/>',
  clock:
    '<circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" stroke-width="5"/><path d="M24 12v13l8 6" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round"/>',
  question:
    '<circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" stroke-width="4"/><path d="M17 18a7 7 0 1 1 10 6c-2 1-3 2-3 5" fill="none" stroke="currentColor" stroke-width="4.5" stroke-linecap="round"/><circle cx="24" cy="36" r="3" fill="currentColor"/>',
  alert:
    '<path d="M24 3L46 43H2z" fill="currentColor"/><path d="M24 17v13" stroke="#fff" stroke-width="5" stroke-linecap="round"/><circle cx="24" cy="37" r="3" fill="#fff"/>',
};
