import yargs, { type Argv, type CommandModule } from 'yargs';
import { DoppelError, EXIT, exitCodeFor, formatDoppelError, isDoppelError } from '../errors.js';
import { VERSION } from '../version.js';
import { exitCodeForSignal, interruptedBy, watchInterrupts } from './interrupts.js';
import { type Output, processOutput } from './output.js';
import { assertNoUnknownFlags, type KnownOptions } from './unknown-options.js';

/** Adds one command to the parser. */
type Registration = (cli: Argv) => Argv;
type CommandLoader = (output: Output) => Promise<Registration>;

/** The options of the command being parsed, as its builder left them (for the unknown-flag check). */
let commandOptions: KnownOptions | null = null;

function lazy<U>(load: () => Promise<(output: Output) => CommandModule<object, U>>): CommandLoader {
  return async (output) => {
    const command = (await load())(output);
    const build = command.builder;
    return (cli) =>
      cli.command({
        ...command,
        builder: (y: Argv<object>) => {
          const built = (typeof build === 'function' ? build(y as never) : y.options(build ?? {})) as Argv;
          commandOptions = (built as unknown as { getOptions(): KnownOptions }).getOptions();
          return built as never;
        },
      } as CommandModule<object, U>);
  };
}

/**
 * The commands, in help order, each imported only when needed: a command's module loads what it
 * runs (validation and the HTML report alone take ~0.35 s), so `doppel sample` does not wait for
 * the code of the other seven.
 */
const COMMANDS: Record<string, CommandLoader> = {
  infer: lazy(async () => (await import('./commands/infer.js')).inferCommand),
  fit: lazy(async () => (await import('./commands/fit.js')).fitCommand),
  sample: lazy(async () => (await import('./commands/sample.js')).sampleCommand),
  validate: lazy(async () => (await import('./commands/validate.js')).validateCommand),
  run: lazy(async () => (await import('./commands/run.js')).runCommand),
  seed: lazy(async () => (await import('./commands/seed.js')).seedCommand),
  split: lazy(async () => (await import('./commands/split.js')).splitCommand),
  release: lazy(async () => (await import('./commands/release.js')).releaseCommand),
  verify: lazy(async () => (await import('./commands/verify.js')).verifyCommand),
};

/** The commands to register: the one named first in `argv`, or all (for help, a typo or none). */
async function commandsFor(argv: readonly string[], output: Output): Promise<Registration[]> {
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
  return Promise.all(names.map((name) => (COMMANDS[name] as CommandLoader)(output)));
}

/** True when the arguments ask for help (the only time yargs prints it: parse failures throw). */
function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/**
 * Parses arguments, runs one command and returns the exit code: the single place where errors
 * become exit codes (0 ok, 1 internal, 2 usage or input, 3 release gate failed; 130 or 143 when
 * interrupted by SIGINT or SIGTERM, see interrupts.ts).
 */
export async function runCli(argv: readonly string[], output: Output = processOutput): Promise<number> {
  commandOptions = null;
  const parser = yargs([...argv])
    .scriptName('doppel')
    .usage('doppel <command> [options]\n\nSynthetic customers from real behaviour data, safe to share.');
  const cli = (await commandsFor(argv, output))
    .reduce((withCommands, register) => register(withCommands), parser)
    .demandCommand(
      1,
      'Name a command: infer, fit, sample, validate, run, seed, split, release or verify (see --help).',
    )
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    // Wrapping only for help: yargs renders (and caches) the command's help on every run, and
    // measuring each line's width for the wrap took ~0.1 s of a loaded machine's CLI start.
    .wrap(wantsHelp(argv) ? Math.min(110, process.stdout.columns ?? 100) : null)
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      // A misspelt flag is the likely cause of any parse failure (a typo of a required flag reads
      // "Missing required argument"): name it first.
      assertNoUnknownFlags(argv, commandOptions);
      throw new DoppelError('usage', `${message ?? 'invalid arguments'} (see doppel --help)`);
    });
  const stopWatching = watchInterrupts();
  try {
    await cli.parseAsync();
    return EXIT.ok;
  } catch (error) {
    const signal = interruptedBy();
    if (signal !== null) {
      // An interrupted run exits 128 + the signal's number, whatever error the stop caused.
      output.err(isDoppelError(error) ? formatDoppelError(error) : `interrupted by ${signal}`);
      return exitCodeForSignal(signal);
    }
    if (isDoppelError(error)) {
      output.err(formatDoppelError(error));
      return exitCodeFor(error);
    }
    output.err(`internal error: ${(error as Error)?.stack ?? String(error)}`);
    output.err('This is a bug in doppel; please report it with the command you ran (not your data).');
    return EXIT.internal;
  } finally {
    stopWatching();
  }
}
