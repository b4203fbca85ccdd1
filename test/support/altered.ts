/**
 * The same text with its last character replaced by a different one. Flipping to a fixed letter
 * is not enough: a base64url secret ends in 'A' one time in sixteen, and then "the wrong key" is
 * the right key and the test fails at random.
 */
export function withLastCharacterChanged(text: string): string {
  return `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
}
