/**
 * Checks a release bundle: the manifest parses, every listed file is there with its recorded size
 * and SHA-256, no unlisted file sits beside them, the release has not expired, and, given the
 * sender's public key, the manifest carries that key's Ed25519 signature (sign-manifest.ts).
 */
import type { KeyObject } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DoppelError, type DoppelIssue } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { issuesFromZod } from '../schema/load-schema.js';
import { hashFile } from './hash-file.js';
import { MANIFEST_FILE, type Manifest, manifestSchema } from './manifest-format.js';
import {
  type ManifestSignature,
  manifestSignatureSchema,
  publicKeyFingerprint,
  SIGNATURE_FILE,
  signatureMatches,
} from './sign-manifest.js';

export interface BundleCheck {
  readonly manifest: Manifest;
  /** One entry per problem with the files: the file name as path, what is wrong as message. */
  readonly tampered: readonly DoppelIssue[];
  /** Whether `today` is after the last permitted day. */
  readonly expired: boolean;
  readonly today: string;
  /** The signature's state; `unchecked` when signed but no public key was given. */
  readonly signature: SignatureState;
}

export type SignatureState =
  | { readonly status: 'valid'; readonly publicKeySha256: string }
  | { readonly status: 'invalid'; readonly reason: string }
  | { readonly status: 'unsigned' }
  | { readonly status: 'unchecked'; readonly publicKeySha256: string };

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

async function readSignature(dir: string): Promise<ManifestSignature | 'absent' | 'malformed'> {
  let text: string;
  try {
    text = await readFile(join(dir, SIGNATURE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    return 'malformed';
  }
  try {
    const parsed = manifestSignatureSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'malformed';
  } catch {
    return 'malformed';
  }
}

/** The signature of the manifest's exact bytes, checked with `publicKey` when given. */
async function checkSignature(dir: string, publicKey: KeyObject | null): Promise<SignatureState> {
  const signature = await readSignature(dir);
  if (signature === 'absent') {
    return publicKey === null
      ? { status: 'unsigned' }
      : {
          status: 'invalid',
          reason: `the bundle is not signed (no ${SIGNATURE_FILE}), so it cannot be the key holder's`,
        };
  }
  if (signature === 'malformed')
    return { status: 'invalid', reason: `${SIGNATURE_FILE} is not a doppel manifest signature` };
  if (publicKey === null) return { status: 'unchecked', publicKeySha256: signature.publicKeySha256 };
  const fingerprint = publicKeyFingerprint(publicKey);
  if (signature.publicKeySha256 !== fingerprint) {
    return {
      status: 'invalid',
      reason: `signed with another key (SHA-256 ${signature.publicKeySha256}), not the one given (${fingerprint})`,
    };
  }
  const bytes = await readFile(join(dir, MANIFEST_FILE));
  return signatureMatches(bytes, signature, publicKey)
    ? { status: 'valid', publicKeySha256: fingerprint }
    : { status: 'invalid', reason: `${MANIFEST_FILE} was changed after it was signed` };
}

/**
 * Recomputes every file's hash and compares the bundle with its manifest, and checks the
 * manifest's signature with `publicKey` (null: reports whether there is one); does not throw on problems.
 */
export async function checkBundle(
  dir: string,
  today: string,
  publicKey: KeyObject | null = null,
): Promise<BundleCheck> {
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
  const signature = await checkSignature(dir, publicKey);
  if (signature.status === 'invalid')
    tampered.unshift({ path: [MANIFEST_FILE], message: `signature check failed: ${signature.reason}` });
  const listed = new Set([MANIFEST_FILE, SIGNATURE_FILE, ...manifest.files.map((file) => file.path)]);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!listed.has(entry.name)) {
      tampered.push({
        path: [entry.name],
        message: `${entry.isDirectory() ? 'directory' : 'file'} not listed in the manifest`,
      });
    }
  }
  return { manifest, tampered, expired: today > manifest.expires, today, signature };
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
