import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { DoppelError } from '../../errors.js';
import { maybeTextEncoding } from '../../io/decode-text.js';
import { describeFileError, errnoOf, writeFailed } from '../../io/file-errors.js';
import { parseJsonFile, readInputFile } from '../../io/read-input-file.js';
import { readTable } from '../../io/read-table.js';
import {
  releaseTemporary,
  removeStaleTemporaries,
  removeTemporary,
  temporaryPathFor,
} from '../../io/temporary-files.js';
import { parseAnyModel } from '../../model/load-model.js';
import { isRelationalModel } from '../../model/relational/relational-model-format.js';
import { buildManifest } from '../../release/build-manifest.js';
import { dateFlag, todayUtc } from '../../release/dates.js';
import { describeManifest } from '../../release/describe-manifest.js';
import { hashBytes, hashFile } from '../../release/hash-file.js';
import { type BundleFile, MANIFEST_FILE } from '../../release/manifest-format.js';
import { SIGNATURE_FILE, signingKeyFrom, signManifest } from '../../release/sign-manifest.js';
import { sampleRelational } from '../../sample/relational/sample-relational.js';
import { loadDatasetSchema } from '../../schema/load-schema.js';
import { type ReleaseValidationReport, validateRelease } from '../../validate/validate-release.js';
import { VERSION } from '../../version.js';
import { emitReport, enforceGate, readPolicy } from '../emit-report.js';
import { encodingOption, parseSamplingFlags, samplingFlags } from '../options.js';
import type { Output } from '../output.js';
import { sampleWithProgress } from '../sample-with-progress.js';

/** The data file's name inside a bundle. */
export const DATA_FILE = 'data.arrow';

interface ReleaseArgs {
  encoding: string;
  model: string;
  rows: number;
  seed: number;
  workers?: number;
  quiet: boolean;
  out: string;
  purpose: string;
  expires: string;
  recipient?: string;
  licence?: string;
  'permitted-use'?: string[];
  real?: string;
  holdout?: string;
  schema?: string;
  policy?: string;
  today?: string;
  'sign-key'?: string;
}

/**
 * Creates the staging folder of a bundle beside its final place, first removing stale ones of
 * killed runs.
 * @throws DoppelError `write-failed` naming the bundle folder.
 */
async function makeStaging(staging: string, out: string): Promise<void> {
  try {
    await mkdir(dirname(staging), { recursive: true });
    await removeStaleTemporaries(dirname(staging));
    await mkdir(staging);
  } catch (error) {
    throw writeFailed(out, error);
  }
}

/** The bundle directory must not exist or be empty: a release never mixes with other files. */
async function assertEmptyOrAbsent(dir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw new DoppelError(
      'usage',
      `--out ${dir} cannot be used as a bundle directory: ${describeFileError(error)}`,
    );
  }
  if (entries.length > 0) {
    throw new DoppelError(
      'usage',
      `--out ${dir} is not empty: a release bundle goes into a new or empty directory`,
    );
  }
}

function text(value: unknown, flag: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') throw new DoppelError('usage', `--${flag} must not be empty`);
  return trimmed;
}

/** Samples a governed release bundle: data files plus a manifest that documents and fingerprints them. */
export function releaseCommand(output: Output): CommandModule<object, ReleaseArgs> {
  return {
    command: 'release <model>',
    describe:
      'Sample a release bundle: synthetic data plus manifest.json (purpose, recipient, expiry, hashes, privacy, validation)',
    builder: (yargs) =>
      yargs
        .positional('model', { type: 'string', demandOption: true, describe: 'Model file from `doppel fit`' })
        .options(samplingFlags)
        .option('encoding', {
          ...encodingOption,
          describe: `${encodingOption.describe} (for --real and --holdout)`,
        })
        .option('out', {
          alias: 'o',
          type: 'string',
          demandOption: true,
          describe: `Bundle directory (new or empty): ${DATA_FILE} (for a relational model, <table>.arrow per table) and ${MANIFEST_FILE}`,
        })
        .option('purpose', { type: 'string', demandOption: true, describe: 'What the data is released for' })
        .option('expires', {
          type: 'string',
          demandOption: true,
          describe: 'Last day the release may be used (YYYY-MM-DD, UTC, inclusive)',
        })
        .option('recipient', { type: 'string', describe: 'Who receives the data' })
        .option('licence', { type: 'string', describe: 'Licence or data agreement reference' })
        .option('permitted-use', {
          type: 'string',
          array: true,
          describe: 'A use the recipient may make of the data (repeatable)',
        })
        .option('real', { type: 'string', describe: 'Validate against this real data (the training rows)' })
        .option('holdout', {
          type: 'string',
          describe: 'Real rows the model never saw, for the privacy tests',
        })
        .option('schema', { alias: 's', type: 'string', describe: 'Dataset schema (needed with --real)' })
        .option('policy', {
          type: 'string',
          describe: 'Release policy: exit 3, writing no bundle, when the release must not go out',
        })
        .option('today', {
          type: 'string',
          describe: "The release date (YYYY-MM-DD; default: today's UTC date)",
        })
        .option('sign-key', {
          type: 'string',
          describe: `Ed25519 private key (PEM) to sign ${MANIFEST_FILE} with (writes ${SIGNATURE_FILE}); without it the bundle only detects accidental change`,
        })
        .example(
          'doppel release out/telco.model.json --rows 100000 --seed 7 --out out/release-2026-q4 --purpose "churn model research" --expires 2027-06-30 --recipient "Acme Analytics" --licence DSA-2026-014',
          '',
        ) as never,
    handler: async (args) => {
      const { rows, seed, workers } = parseSamplingFlags(args, availableParallelism());
      const encoding = maybeTextEncoding(args.encoding);
      const today = args.today === undefined ? todayUtc() : dateFlag(args.today, 'today');
      const expires = dateFlag(args.expires, 'expires');
      if (expires < today) {
        throw new DoppelError('usage', `--expires ${expires} is in the past (today is ${today})`);
      }
      const purpose = text(args.purpose, 'purpose');
      const permittedUses = (args['permitted-use'] ?? []).map((use) => text(use, 'permitted-use'));
      const recipient = args.recipient === undefined ? null : text(args.recipient, 'recipient');
      const licence = args.licence === undefined ? null : text(args.licence, 'licence');
      const validating = args.real !== undefined || args.holdout !== undefined || args.policy !== undefined;
      if (validating && (args.real === undefined || args.schema === undefined)) {
        throw new DoppelError('usage', '--holdout and --policy need --real and --schema to validate against');
      }
      const out = resolve(args.out);
      await assertEmptyOrAbsent(out);
      // Read the key before sampling, so a wrong key fails in a second, not after the whole run.
      const signingKey =
        args['sign-key'] === undefined
          ? null
          : signingKeyFrom(await readInputFile(args['sign-key'], 'signing key'), args['sign-key']);

      const modelBytes = await readInputFile(args.model, 'model file');
      const modelJson = parseJsonFile(modelBytes.toString('utf8'), args.model, 'model file', 'invalid-model');
      const model = parseAnyModel(modelJson, `model file ${args.model}`);
      if (isRelationalModel(model) && validating)
        throw new DoppelError(
          'usage',
          '--real, --holdout and --policy are not yet available for a release of related tables: judge the sample with `doppel validate --schema SCHEMA --synthetic DIR --holdout DIR --policy POLICY`, then release the same model, seed and --rows without them',
        );
      const [schemaBytes, schema, policy] = await Promise.all([
        args.schema === undefined ? undefined : readInputFile(args.schema, 'schema file'),
        args.schema === undefined || !validating ? undefined : loadDatasetSchema(args.schema),
        args.policy === undefined ? undefined : readPolicy(args.policy),
      ]);

      // The bundle is built beside its final place and renamed into it only when complete: a failed
      // run or a failed policy leaves nothing under the final name.
      const staging = temporaryPathFor(out);
      try {
        await makeStaging(staging, args.out);
        const dataPath = join(staging, DATA_FILE);
        // Messages name the file where it will end up, not the staging directory.
        const finalDataPath = join(args.out, DATA_FILE);
        const shown: Output = {
          out: (line) => output.out(line.replaceAll(dataPath, finalDataPath)),
          err: (line) => output.err(line.replaceAll(dataPath, finalDataPath)),
          interactive: output.interactive,
        };
        let files: BundleFile[];
        if (isRelationalModel(model)) {
          // One Arrow file per table, written into the staging folder and renamed with it.
          const result = await sampleRelational(model, {
            rows,
            seed,
            workers,
            out: staging,
            format: 'arrow',
          });
          files = await Promise.all(
            model.tables.map(async (table) => {
              const path = `${table.name}.arrow`;
              const hashed = await hashFile(join(staging, path));
              return {
                path,
                role: 'data' as const,
                rows: result.rows.get(table.name) ?? 0,
                bytes: hashed.bytes,
                sha256: hashed.sha256,
              };
            }),
          );
          for (const file of files) output.out(`  ${file.path}: ${file.rows.toLocaleString('en')} rows`);
        } else {
          await sampleWithProgress(shown, model, { rows, seed, workers, out: dataPath, quiet: args.quiet });
          const data = await hashFile(dataPath);
          files = [{ path: DATA_FILE, role: 'data', rows, bytes: data.bytes, sha256: data.sha256 }];
        }

        let report: ReleaseValidationReport | null = null;
        if (validating && schema && args.real !== undefined && !isRelationalModel(model)) {
          output.out('');
          const [real, synthetic, holdout] = await Promise.all([
            readTable(args.real, { encoding }),
            readTable(dataPath),
            args.holdout === undefined ? undefined : readTable(args.holdout, { encoding }),
          ]);
          report = await validateRelease(real, synthetic, schema, {
            seed,
            workers,
            ...(holdout ? { holdout } : {}),
            ...(policy ? { policy } : {}),
            inputs: {
              real: args.real,
              synthetic: finalDataPath,
              schema: args.schema as string,
              ...(args.holdout === undefined ? {} : { holdout: args.holdout }),
            },
          });
          await emitReport(output, report, undefined);
          if (report.policy && !report.policy.passed) {
            await removeTemporary(staging);
            output.err(`no bundle was written to ${args.out}`);
            enforceGate(report);
          }
        }

        const manifest = buildManifest({
          model,
          modelFile: { name: basename(args.model), sha256: hashBytes(modelBytes) },
          files,
          generatorVersion: VERSION,
          seed,
          purpose,
          permittedUses,
          recipient,
          licence,
          created: today,
          expires,
          schemaFile:
            args.schema === undefined || schemaBytes === undefined
              ? null
              : { name: basename(args.schema), sha256: hashBytes(schemaBytes) },
          validation: report,
        });
        const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
        try {
          await writeFile(join(staging, MANIFEST_FILE), manifestBytes);
          if (signingKey !== null) {
            const signature = signManifest(manifestBytes, signingKey);
            await writeFile(join(staging, SIGNATURE_FILE), `${JSON.stringify(signature, null, 2)}\n`);
          }
        } catch (error) {
          throw writeFailed(join(args.out, MANIFEST_FILE), error);
        }
        await assertEmptyOrAbsent(out);
        try {
          await rename(staging, out);
          releaseTemporary(staging);
        } catch (error) {
          throw writeFailed(args.out, error);
        }
        output.out('');
        output.out(describeManifest(manifest));
        output.out('');
        if (manifest.privacyCheck?.status !== 'passed') {
          output.err(
            `warning: ${manifest.privacyCheck?.note ?? 'no privacy check'}; the manifest records this. Release with --real, --holdout, --schema and --policy to record a passing privacy check.`,
          );
        }
        if (signingKey === null) {
          output.err(
            `warning: the bundle is not signed: its hashes only detect accidental change (anyone can edit ${MANIFEST_FILE}, e.g. its expiry, and recompute them). Sign it with --sign-key.`,
          );
        }
        output.out(
          `release bundle written to ${args.out} (check it with: doppel verify ${args.out}${signingKey === null ? '' : ' --public-key KEY.pub'})`,
        );
      } finally {
        await removeTemporary(staging);
      }
    },
  };
}
