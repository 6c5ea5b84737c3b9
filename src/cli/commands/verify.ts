import type { CommandModule } from 'yargs';
import { dateFlag, todayUtc } from '../../release/dates.js';
import { describeManifest } from '../../release/describe-manifest.js';
import { assertBundleValid, checkBundle } from '../../release/verify-bundle.js';
import type { Output } from '../output.js';

interface VerifyArgs {
  bundle: string;
  today?: string;
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
        .example('doppel verify out/release-2026-q4', '') as never,
    handler: async (args) => {
      const today = args.today === undefined ? todayUtc() : dateFlag(args.today, 'today');
      const check = await checkBundle(args.bundle, today);
      output.out(describeManifest(check.manifest));
      output.out('');
      assertBundleValid(args.bundle, check);
      output.out(
        `OK: all ${check.manifest.files.length} file(s) match their SHA-256, nothing unlisted, valid until ${check.manifest.expires} (today ${today}).`,
      );
    },
  };
}
