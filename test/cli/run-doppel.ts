import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const BIN = join(ROOT, 'dist/src/cli/main.js');
export const TELCO_CSV = join(ROOT, 'samples/telco_churn.csv');
export const TELCO_SCHEMA = join(ROOT, 'schemas/telco.json');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `doppel` binary (dist/, built by the global setup) as a user would. */
export function runDoppel(args: readonly string[], cwd = ROOT): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** {@link runDoppel} for a step that must succeed: throws with the command and its stderr otherwise. */
export function runDoppelOk(args: readonly string[], cwd = ROOT): CliResult {
  const result = runDoppel(args, cwd);
  if (result.code !== 0) throw new Error(`doppel ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result;
}

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'doppel-test-'));
}
