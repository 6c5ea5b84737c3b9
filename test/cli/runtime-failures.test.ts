/**
 * Issue 12, runtime defects, through the real CLI: work that cannot fit the disk or memory, full
 * and read-only disks, killed and interrupted runs, misspelt and contradictory flags. Each case
 * checks the exit code, that the message names the file or flag, that no data value is printed and
 * that nothing is left under a final name (nor a temporary one).
 *
 * Full and read-only disks are real: small tmpfs mounts (root only; skipped otherwise, since root
 * ignores file permissions and /dev/full cannot stand in for a folder).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliResult, runDoppel, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

const isRoot = process.getuid?.() === 0;

/** Values of real rows (total charges of the first customers): no message may contain one. */
const REAL_VALUES = readFileSync(TELCO_CSV, 'utf8')
  .split('\n')
  .slice(1, 40)
  .map((line) => line.split(',').at(-1)?.trim() ?? '')
  .filter((value) => value.length >= 6);

const TELCO_ROWS = readFileSync(TELCO_CSV, 'utf8').trim().split('\n').length - 1;

/** A refusal as users must see it: exit 2, one message matching `message`, no stack, no data. */
function expectRefused(result: CliResult, message: RegExp): string {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  for (const value of REAL_VALUES) expect(`${result.stdout}${result.stderr}`).not.toContain(value);
  return result.stderr;
}

/** Files in `dir` other than `keep`, temporary ones included. */
function leftovers(dir: string, keep: readonly string[] = []): string[] {
  return readdirSync(dir).filter((name) => !keep.includes(name));
}

function mountTmpfs(dir: string, size: string, readOnly = false): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
}

function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir]);
  } catch {
    // Not mounted (a skipped or failed setup).
  }
}

let dir: string;
let model: string;

beforeAll(() => {
  dir = temporaryDirectory();
  model = join(dir, 'telco.model.json');
  expect(runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', model]).code).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('work that cannot fit is refused before it starts', () => {
  it('--rows 1e12 names the estimated output size and the free space, and writes nothing', () => {
    const out = join(dir, 'fits', 'huge.arrow');
    const stderr = expectRefused(
      runDoppel(['sample', model, '--rows', '1e12', '--out', out, '--quiet']),
      /1,000,000,000,000 rows would write about [\d.]+ TB to .*huge\.arrow .*bytes a row as arrow.*free there/,
    );
    expect(stderr).toMatch(/--shard/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'fits')) ? leftovers(join(dir, 'fits')) : []).toEqual([]);
  });

  it('a model with millions of categories is refused with the limit and the memory it would take', () => {
    // A private fit is one copula (no mixture): blow one categorical column up to 1.2 million labels.
    const privatePath = join(dir, 'private.model.json');
    expect(
      runDoppel(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '--epsilon', '5', '-o', privatePath]).code,
    ).toBe(0);
    const private_ = JSON.parse(readFileSync(privatePath, 'utf8'));
    const column = private_.columns.find((c: { kind: string }) => c.kind === 'categorical');
    const n = 1_200_000;
    column.categories = Array.from({ length: n }, (_, i) => `label-${i}`);
    column.probabilities = new Array(n).fill(1 / n);
    const path = join(dir, 'categories.model.json');
    writeFileSync(path, JSON.stringify(private_));
    const out = join(dir, 'categories.arrow');
    expectRefused(
      runDoppel(['sample', path, '--rows', '10', '--out', out, '--quiet']),
      new RegExp(
        `the model holds [\\d,]+ categories \\("${column.name}" 1,200,000.*doppel samples at most 1,000,000.*threads.*bytes each`,
      ),
    );
    expect(
      leftovers(dir).filter((f) => f.startsWith('categories.arrow') || f.startsWith('.doppel-tmp')),
    ).toEqual([]);
  });
});

describe.skipIf(!isRoot)('full and read-only disks', () => {
  let full: string;
  let readOnly: string;
  let synthetic: string;

  beforeAll(() => {
    full = join(dir, 'full');
    readOnly = join(dir, 'read-only');
    // 256 kB: the JSON report (~100 kB) fits, the HTML report (~400 kB) does not.
    mountTmpfs(full, '256k');
    mountTmpfs(readOnly, '64k', true);
    synthetic = join(dir, 'synthetic.arrow');
    expect(runDoppel(['sample', model, '--rows', '2000', '--out', synthetic, '--quiet']).code).toBe(0);
  });

  afterAll(() => {
    unmount(full);
    unmount(readOnly);
  });

  it('release into a read-only folder says so, naming the folder, with no stack trace', () => {
    const out = join(readOnly, 'bundle');
    expectRefused(
      runDoppel([
        'release',
        model,
        '--rows',
        '100',
        '--out',
        out,
        '--purpose',
        'test',
        '--expires',
        '2999-01-01',
        '--quiet',
      ]),
      new RegExp(`cannot write ${out}: the file system is read-only \\(EROFS\\); write to a writable folder`),
    );
    expect(leftovers(readOnly)).toEqual([]);
  });

  it('validate --json --html on a full disk leaves neither report', () => {
    const json = join(full, 'report.json');
    const html = join(full, 'report.html');
    const args = ['validate', '--real', TELCO_CSV, '--synthetic', synthetic, '--schema', TELCO_SCHEMA];
    expectRefused(
      runDoppel([...args, '--no-utility', '--json', json, '--html', html]),
      /cannot write .*report\.html: the disk is full \(ENOSPC\); free space there or write to another disk/,
    );
    expect(leftovers(full)).toEqual([]);
  });

  it.each([
    ['fit', (out: string) => ['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', join(out, 'm.json')]],
    ['infer', (out: string) => ['infer', TELCO_CSV, '-o', join(out, 'schema.json')]],
    ['split', (out: string) => ['split', TELCO_CSV, '--out-dir', out]],
    ['sample', (out: string) => ['sample', model, '--rows', '100', '--out', join(out, 's.csv'), '--quiet']],
  ])('%s into a read-only folder: exit 2 naming the file, nothing left', (_, argsFor) => {
    expectRefused(
      runDoppel(argsFor(readOnly)),
      new RegExp(`cannot write ${readOnly}/\\S+: the file system is read-only`),
    );
    expect(leftovers(readOnly)).toEqual([]);
  });

  it.each([
    ['fit', (out: string) => ['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', join(out, 'm.json')]],
    ['split', (out: string) => ['split', TELCO_CSV, '--out-dir', out]],
  ])('%s onto a full disk: exit 2 naming the file, nothing left', (_, argsFor) => {
    // Fill the disk to the last few kilobytes, so the first output cannot fit.
    const filler = join(full, 'filler');
    try {
      writeFileSync(filler, Buffer.alloc(250 * 1024));
    } catch {
      // ENOSPC once the disk is full: that is the point.
    }
    try {
      expectRefused(
        runDoppel(argsFor(full)),
        new RegExp(`cannot write ${full}/\\S+: the disk is full \\(ENOSPC\\)`),
      );
      expect(leftovers(full, ['filler'])).toEqual([]);
    } finally {
      rmSync(filler, { force: true });
    }
  });

  it('sample refuses up front when the estimate exceeds the free space of a small disk', () => {
    const out = join(full, 'sample.arrow');
    expectRefused(
      runDoppel(['sample', model, '--rows', '100000', '--out', out, '--quiet']),
      /100,000 rows would write about [\d.]+ MB to .*sample\.arrow .*but only \d+ kB is free there/,
    );
    expect(leftovers(full)).toEqual([]);
  });
});

/** Starts a long `sample` and resolves once its temporary file holds more than a megabyte. */
async function startLongSample(out: string): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [
    BIN,
    'sample',
    model,
    '--rows',
    '50000000',
    '--out',
    out,
    '--quiet',
  ]);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const folder = join(out, '..');
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const temporary = readdirSync(folder).find((f) => f.startsWith('.doppel-tmp'));
    if (temporary && statSync(join(folder, temporary)).size > 1_000_000) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(readdirSync(folder).some((f) => f.startsWith('.doppel-tmp'))).toBe(true);
  return { child, stderr: () => stderr };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
}

describe('killed and interrupted runs', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s exits %i and removes the temporary file', async (signal, expected) => {
    const folder = join(dir, `interrupted-${signal}`);
    mkdirSync(folder);
    const out = join(folder, 'big.arrow');
    const { child, stderr } = await startLongSample(out);
    child.kill(signal);
    const { code } = await exited(child);
    expect(code).toBe(expected);
    expect(stderr()).toMatch(
      new RegExp(`sampling into .*big\\.arrow was interrupted \\(${signal}\\); no file was written`),
    );
    expect(leftovers(folder)).toEqual([]);
  });

  it('a SIGKILLed sample leaves a temporary file that the next run in that folder removes', async () => {
    const folder = join(dir, 'killed');
    mkdirSync(folder);
    const { child } = await startLongSample(join(folder, 'big.arrow'));
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    // SIGKILL cannot be caught: the partial file stays, under a name that records its process.
    const stale = leftovers(folder);
    expect(stale).toHaveLength(1);
    expect(stale[0]).toMatch(new RegExp(`^\\.doppel-tmp-${child.pid}-[0-9a-f]{8}-`));
    const out = join(folder, 'small.arrow');
    expect(runDoppel(['sample', model, '--rows', '100', '--out', out, '--quiet']).code).toBe(0);
    expect(leftovers(folder)).toEqual(['small.arrow']);
  });
});

describe('flags', () => {
  it('a misspelt flag is named, with the flag it likely means', () => {
    const out = join(dir, 'typo.arrow');
    const stderr = expectRefused(
      runDoppel(['sample', model, '--row', '10', '--out', out]),
      /unknown option --row, did you mean --rows\?/,
    );
    expect(stderr).not.toMatch(/Missing required argument/);
    expect(existsSync(out)).toBe(false);
    expectRefused(
      runDoppel([
        'validate',
        '--real',
        TELCO_CSV,
        '--synthetic',
        out,
        '--schema',
        TELCO_SCHEMA,
        '--jsn',
        'x',
      ]),
      /unknown option --jsn, did you mean --json\?/,
    );
  });

  it('--format contradicting the extension of --out is refused; the extension alone still decides', () => {
    const out = join(dir, 'contradiction.csv');
    expectRefused(
      runDoppel(['sample', model, '--rows', '10', '--format', 'parquet', '--out', out, '--quiet']),
      /--format parquet contradicts the extension of .*contradiction\.csv \(\.csv\)/,
    );
    expect(
      leftovers(dir).filter((f) => f.startsWith('contradiction') || f.startsWith('.doppel-tmp')),
    ).toEqual([]);
    const derived = join(dir, 'derived.csv');
    expect(runDoppel(['sample', model, '--rows', '10', '--out', derived, '--quiet']).code).toBe(0);
    expect(readFileSync(derived, 'utf8').split('\n')[0]).toMatch(/^churn,/);
  });

  it('a table lacking schema columns is named by its file, with the missing columns', () => {
    const lines = readFileSync(TELCO_CSV, 'utf8').split('\n');
    const dropLast = (line: string) => line.split(',').slice(0, -1).join(',');
    const lacking = join(dir, 'lacking.csv');
    writeFileSync(lacking, lines.map(dropLast).join('\n'));
    const stderr = expectRefused(
      runDoppel([
        'validate',
        '--real',
        TELCO_CSV,
        '--synthetic',
        lacking,
        '--schema',
        TELCO_SCHEMA,
        '--json',
        '',
      ]),
      /synthetic data .*lacking\.csv lacks 1 column\(s\) the schema names: "total_charges"/,
    );
    expect(stderr).not.toMatch(/real data/);
    expectRefused(
      runDoppel(['fit', lacking, '--schema', TELCO_SCHEMA, '-o', join(dir, 'lacking.model.json')]),
      /data file .*lacking\.csv lacks 1 column\(s\) the schema names: "total_charges"/,
    );
    expect(existsSync(join(dir, 'lacking.model.json'))).toBe(false);
  });

  it('a private fit labels its row counts as noisy, with the ε spent', () => {
    const result = runDoppel([
      'fit',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--epsilon',
      '1',
      '-o',
      join(dir, 'dp.model.json'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /fit: about \d+ of about \d+ rows used; noisy counts released under differential privacy \(part of the ε = 1 spent\)/,
    );
    const plain = runDoppel([
      'fit',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '-o',
      join(dir, 'plain.model.json'),
    ]);
    expect(plain.stdout).toMatch(new RegExp(`fit: ${TELCO_ROWS} of ${TELCO_ROWS} rows used\n`));
  });

  it('split and run hold out the same default share', () => {
    const out = join(dir, 'split');
    const result = runDoppel(['split', TELCO_CSV, '--out-dir', out]);
    expect(result.code).toBe(0);
    const held = Math.round(0.3 * TELCO_ROWS);
    expect(result.stdout).toMatch(
      new RegExp(`split ${TELCO_ROWS} rows: ${TELCO_ROWS - held} to .*, ${held} to `),
    );
    const help = (command: string) => runDoppel([command, '--help']).stdout.replace(/\s+/g, ' ');
    expect(help('split')).toMatch(/--holdout .*\[default: 0\.3\]/);
    expect(help('run')).toMatch(/--holdout .*\[default: 0\.3\]/);
  });
});
