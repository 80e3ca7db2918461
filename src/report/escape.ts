/**
 * Escaping for every output format. Anything that comes from a scenario file,
 * a suite file or a rule name goes through one of these before it is written.
 */

/** Characters XML 1.0 forbids outright (C0 controls other than tab, LF, CR; lone surrogates; U+FFFE/F). */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * HTML text and attribute values (quoted with either quote): `& < > " '`
 * become entities, and characters no document may hold are dropped.
 */
export function escapeHtml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** XML text and attribute values: the same rules as {@link escapeHtml} (`&#39;` is valid XML). */
export const escapeXml = escapeHtml;

/**
 * Text inside a GitHub-flavoured Markdown table cell or line: HTML-escaped (GitHub
 * renders raw HTML), Markdown punctuation backslash-escaped, newlines and
 * pipes made harmless.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(XML_INVALID, '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ENTITIES[c]!);
}
