/**
 * Checks a release bundle: the manifest parses, every listed file is there with its recorded size
 * and SHA-256, no unlisted file sits beside them, and the release has not expired.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DoppelError, type DoppelIssue } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { issuesFromZod } from '../schema/load-schema.js';
import { hashFile } from './hash-file.js';
import { MANIFEST_FILE, type Manifest, manifestSchema } from './manifest-format.js';

export interface BundleCheck {
  readonly manifest: Manifest;
  /** One entry per problem with the files: the file name as path, what is wrong as message. */
  readonly tampered: readonly DoppelIssue[];
  /** Whether `today` is after the last permitted day. */
  readonly expired: boolean;
  readonly today: string;
}

/**
 * Reads and checks the manifest of the bundle in `dir`.
 * @throws DoppelError `file-not-found` (no manifest), `malformed-input` (a manifest that is not
 * valid JSON or not a doppel release manifest).
 */
export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  const json = await readJsonFile(path, 'release manifest', 'malformed-input');
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new DoppelError(
      'malformed-input',
      `${path} is not a valid doppel release manifest`,
      issuesFromZod(parsed.error),
    );
  }
  return parsed.data;
}

/** Recomputes every file's hash and compares the bundle with its manifest; does not throw on problems. */
export async function checkBundle(dir: string, today: string): Promise<BundleCheck> {
  const manifest = await readManifest(dir);
  const tampered: DoppelIssue[] = [];
  for (const file of manifest.files) {
    let actual: { sha256: string; bytes: number };
    try {
      actual = await hashFile(join(dir, file.path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      tampered.push({
        path: [file.path],
        message:
          code === 'ENOENT' ? 'listed in the manifest but missing' : `cannot be read (${code ?? 'error'})`,
      });
      continue;
    }
    if (actual.bytes !== file.bytes) {
      tampered.push({
        path: [file.path],
        message: `size changed: ${actual.bytes} bytes, the manifest says ${file.bytes}`,
      });
    } else if (actual.sha256 !== file.sha256) {
      tampered.push({
        path: [file.path],
        message: `contents changed: SHA-256 ${actual.sha256}, the manifest says ${file.sha256}`,
      });
    }
  }
  const listed = new Set([MANIFEST_FILE, ...manifest.files.map((file) => file.path)]);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!listed.has(entry.name)) {
      tampered.push({
        path: [entry.name],
        message: `${entry.isDirectory() ? 'directory' : 'file'} not listed in the manifest`,
      });
    }
  }
  return { manifest, tampered, expired: today > manifest.expires, today };
}

/**
 * {@link checkBundle}, then one error for anything wrong.
 * @throws DoppelError `bundle-altered` (exit 4) for a tampered bundle, issues naming each file;
 *   `bundle-expired` (exit 5) for an intact bundle past its expiry date.
 */
export function assertBundleValid(dir: string, check: BundleCheck): void {
  const { tampered, expired, manifest, today } = check;
  if (tampered.length > 0) {
    const names = [...new Set(tampered.map((issue) => String(issue.path[0])))];
    throw new DoppelError(
      'bundle-altered',
      `bundle ${dir} has been altered (${names.join(', ')}): do not use it; ask the sender for a fresh copy`,
      expired
        ? [...tampered, { path: [MANIFEST_FILE, 'expires'], message: `also expired on ${manifest.expires}` }]
        : tampered,
    );
  }
  if (expired) {
    throw new DoppelError(
      'bundle-expired',
      `bundle ${dir} expired: it could be used until ${manifest.expires} and today is ${today}; it must no longer be used`,
    );
  }
}
