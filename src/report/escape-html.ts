/**
 * Escapes text for HTML element content and double- or single-quoted attribute values: every value
 * that comes from data (column names, categories, file names) passes through here before it
 * reaches the report, so `<img src=x onerror=…>` in a category shows as text.
 * Definition: the five characters the OWASP XSS prevention cheat sheet (rule 1) escapes.
 * @example escapeHtml('<b title="x">&') // '&lt;b title=&quot;x&quot;&gt;&amp;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
