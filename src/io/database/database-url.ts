/**
 * The `--db` URL: `postgres://user:password@host:port/database` (or postgresql://) and
 * `sqlite:path.db` (or sqlite://path, sqlite:///absolute/path). Parsed once; the password is kept out
 * of every label, message and log.
 */
import { DoppelError } from '../../errors.js';

export type DatabaseUrl =
  | {
      readonly kind: 'postgres';
      readonly connectionString: string;
      readonly label: string;
      readonly password: string | null;
    }
  | { readonly kind: 'sqlite'; readonly path: string; readonly label: string };

/** A postgres URL with its password replaced by `***` (for messages). */
export function redactedUrl(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password !== '') copy.password = '***';
  return copy.href;
}

/**
 * @throws DoppelError `usage` for a URL that is neither postgres:// nor sqlite:.
 * @example parseDatabaseUrl('postgres://me:secret@localhost:5432/app').label // 'postgres://me:***@localhost:5432/app'
 */
export function parseDatabaseUrl(text: string): DatabaseUrl {
  if (/^sqlite:/i.test(text)) {
    const path = text.replace(/^sqlite:(\/\/)?/i, '');
    if (path.length === 0) {
      throw new DoppelError('usage', '--db sqlite: needs a file path, e.g. --db sqlite:test.db');
    }
    return { kind: 'sqlite', path, label: `sqlite:${path}` };
  }
  if (/^postgres(ql)?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new DoppelError(
        'usage',
        '--db is not a valid postgres:// URL: use postgres://user:password@host:port/database',
      );
    }
    const password = url.password === '' ? null : decodeURIComponent(url.password);
    return { kind: 'postgres', connectionString: text, label: redactedUrl(url), password };
  }
  throw new DoppelError(
    'usage',
    '--db must be a postgres://user:password@host:port/database URL or sqlite:path.db',
  );
}

/** `text` with every occurrence of the URL's password replaced by `***`. */
export function withoutPassword(text: string, url: DatabaseUrl): string {
  if (url.kind !== 'postgres' || url.password === null) return text;
  let out = text;
  for (const form of new Set([url.password, encodeURIComponent(url.password)])) {
    out = out.replaceAll(form, '***');
  }
  return out;
}
