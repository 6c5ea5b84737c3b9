import yargs from 'yargs';
import { DoppelError, EXIT, exitCodeFor, formatDoppelError, isDoppelError } from '../errors.js';
import { VERSION } from '../version.js';
import { fitCommand } from './commands/fit.js';
import { inferCommand } from './commands/infer.js';
import { releaseCommand } from './commands/release.js';
import { runCommand } from './commands/run.js';
import { sampleCommand } from './commands/sample.js';
import { splitCommand } from './commands/split.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';
import { type Output, processOutput } from './output.js';

/**
 * Parses arguments, runs one command and returns the exit code: the single place where errors
 * become exit codes (0 ok, 1 internal, 2 usage or input, 3 release gate failed).
 */
export async function runCli(argv: readonly string[], output: Output = processOutput): Promise<number> {
  const cli = yargs([...argv])
    .scriptName('doppel')
    .usage('doppel <command> [options]\n\nSynthetic customers from real behaviour data, safe to share.')
    .command(inferCommand(output))
    .command(fitCommand(output))
    .command(sampleCommand(output))
    .command(validateCommand(output))
    .command(runCommand(output))
    .command(splitCommand(output))
    .command(releaseCommand(output))
    .command(verifyCommand(output))
    .demandCommand(
      1,
      'Name a command: infer, fit, sample, validate, run, split, release or verify (see --help).',
    )
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new DoppelError('usage', `${message ?? 'invalid arguments'} (see doppel --help)`);
    });
  try {
    await cli.parseAsync();
    return EXIT.ok;
  } catch (error) {
    if (isDoppelError(error)) {
      output.err(formatDoppelError(error));
      return exitCodeFor(error);
    }
    output.err(`internal error: ${(error as Error)?.stack ?? String(error)}`);
    output.err('This is a bug in doppel; please report it with the command you ran (not your data).');
    return EXIT.internal;
  }
}
