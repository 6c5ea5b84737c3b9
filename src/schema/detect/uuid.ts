const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a UUID in its canonical 8-4-4-4-12 hex form (RFC 9562), any version.
 * @example isUuid('3f1c2a9e-5b7d-4e2a-9c1b-0d6f8e4a2b71') // true
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
