/**
 * Escaping for HTML and XML (SVG). Every string that reaches a page or an image goes through
 * here, whether it came from a label, a token or our own messages: one rule, no exceptions.
 */

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// C0 controls other than tab, newline and carriage return are not allowed in XML 1.0 at all,
// not even as references, and lone surrogates cannot be encoded: drop them rather than emit a
// document a strict parser rejects.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for HTML or XML content and quoted attribute values. */
export function escapeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
