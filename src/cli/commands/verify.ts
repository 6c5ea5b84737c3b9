import type { CommandModule } from 'yargs';
import { readInputFile } from '../../io/read-input-file.js';
import { dateFlag, todayUtc } from '../../release/dates.js';
import { describeManifest } from '../../release/describe-manifest.js';
import { MANIFEST_FILE } from '../../release/manifest-format.js';
import { publicKeyFrom } from '../../release/sign-manifest.js';
import { assertBundleValid, type BundleCheck, checkBundle } from '../../release/verify-bundle.js';
import type { Output } from '../output.js';

interface VerifyArgs {
  bundle: string;
  today?: string;
  'public-key'?: string;
}

/** What the signature says about the bundle, in words. */
function signatureWords(check: BundleCheck): string {
  const { signature } = check;
  switch (signature.status) {
    case 'valid':
      return `Signature: valid Ed25519 signature of ${MANIFEST_FILE} by the given key (SHA-256 ${signature.publicKeySha256}): the manifest and every file it lists are as the key holder released them.`;
    case 'unchecked':
      return `Signature: signed by key SHA-256 ${signature.publicKeySha256}, NOT checked: pass the sender's public key with --public-key to check it.`;
    case 'unsigned':
      return `Signature: none. An unsigned bundle only detects accidental change: anyone can edit ${MANIFEST_FILE} (its expiry, purpose or privacy record) and recompute the hashes.`;
    case 'invalid':
      return `Signature: INVALID (${signature.reason}).`;
  }
}

/** Checks a release bundle's files and expiry and says what it is. Exit 4 when altered, 5 when expired. */
export function verifyCommand(output: Output): CommandModule<object, VerifyArgs> {
  return {
    command: 'verify <bundle>',
    describe: 'Check a release bundle (file hashes, expiry) and print its manifest in words',
    builder: (yargs) =>
      yargs
        .positional('bundle', {
          type: 'string',
          demandOption: true,
          describe: 'Bundle directory from `doppel release`',
        })
        .option('today', {
          type: 'string',
          describe: "Check the expiry against this date (YYYY-MM-DD; default: today's UTC date)",
        })
        .option('public-key', {
          type: 'string',
          describe: `The sender's Ed25519 public key (PEM): the bundle must carry its signature of ${MANIFEST_FILE}`,
        })
        .example('doppel verify out/release-2026-q4', '') as never,
    handler: async (args) => {
      const today = args.today === undefined ? todayUtc() : dateFlag(args.today, 'today');
      const publicKey =
        args['public-key'] === undefined
          ? null
          : publicKeyFrom(await readInputFile(args['public-key'], 'public key'), args['public-key']);
      const check = await checkBundle(args.bundle, today, publicKey);
      output.out(describeManifest(check.manifest));
      output.out('');
      output.out(signatureWords(check));
      assertBundleValid(args.bundle, check);
      output.out(
        `OK: all ${check.manifest.files.length} file(s) match their SHA-256, nothing unlisted, valid until ${check.manifest.expires} (today ${today})${check.signature.status === 'valid' ? ', signed by the given key' : ''}.`,
      );
    },
  };
}
