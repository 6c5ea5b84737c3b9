/**
 * Ed25519 signatures of release manifests (RFC 8032, through node:crypto). The manifest lists
 * every file's SHA-256, so a valid signature over the manifest's exact bytes vouches for the whole
 * bundle: its purpose, expiry, privacy record and data. Without a signature the hashes only catch
 * accidental change: anyone who edits the data can recompute them, and anyone can edit the expiry.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { DoppelError } from '../errors.js';

/** The signature's file name inside a bundle, beside manifest.json. */
export const SIGNATURE_FILE = 'manifest.sig';

export const manifestSignatureSchema = z
  .object({
    format: z.literal('doppel-manifest-signature'),
    algorithm: z.literal('ed25519'),
    signedFile: z.literal('manifest.json').describe('The file whose exact bytes are signed.'),
    publicKeySha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .describe('SHA-256 of the signing key’s public key (SPKI DER): which key to check it with.'),
    signature: z.string().min(1).describe('The Ed25519 signature, base64.'),
  })
  .strict();

export type ManifestSignature = z.infer<typeof manifestSignatureSchema>;

function keyError(path: string, what: string, detail: string): DoppelError {
  return new DoppelError('usage', `${path} is not ${what}: ${detail}`, [{ path: [path], message: detail }]);
}

function requireEd25519(key: KeyObject, path: string, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw keyError(
      path,
      what,
      `it is a ${key.asymmetricKeyType ?? 'symmetric'} key; doppel signs with Ed25519`,
    );
  }
  return key;
}

/**
 * An Ed25519 private key from PEM or DER (PKCS#8) bytes, e.g. from
 * `openssl genpkey -algorithm ed25519 -out release.key`.
 * @throws DoppelError `usage` for anything else.
 */
export function signingKeyFrom(bytes: Buffer, path: string): KeyObject {
  const what = 'an Ed25519 private key (PEM, PKCS#8)';
  try {
    return requireEd25519(createPrivateKey(bytes), path, what);
  } catch (error) {
    if (error instanceof DoppelError) throw error;
    throw keyError(path, what, 'cannot be read as a private key');
  }
}

/**
 * An Ed25519 public key from PEM (SPKI), e.g. from `openssl pkey -in release.key -pubout`.
 * @throws DoppelError `usage` for anything else.
 */
export function publicKeyFrom(bytes: Buffer, path: string): KeyObject {
  const what = 'an Ed25519 public key (PEM, SPKI)';
  try {
    return requireEd25519(createPublicKey(bytes), path, what);
  } catch (error) {
    if (error instanceof DoppelError) throw error;
    throw keyError(path, what, 'cannot be read as a public key');
  }
}

/** SHA-256 (hex) of a key's public part in SPKI DER: a short name for the key. */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * Signs the exact bytes of a manifest.
 * @example signManifest(Buffer.from(manifestJson), signingKeyFrom(pem, 'release.key')).algorithm // 'ed25519'
 */
export function signManifest(manifestBytes: Uint8Array, key: KeyObject): ManifestSignature {
  return {
    format: 'doppel-manifest-signature',
    algorithm: 'ed25519',
    signedFile: 'manifest.json',
    publicKeySha256: publicKeyFingerprint(key),
    signature: sign(null, manifestBytes, key).toString('base64'),
  };
}

/** Whether the signature is the given key's signature of exactly these manifest bytes. */
export function signatureMatches(
  manifestBytes: Uint8Array,
  signature: ManifestSignature,
  key: KeyObject,
): boolean {
  const bytes = Buffer.from(signature.signature, 'base64');
  return verify(null, manifestBytes, key, bytes);
}
