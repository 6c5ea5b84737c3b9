import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnStrings, MARGARINE_SCHEMA, readArrow, referentialIntegrity } from './related-helpers.js';
import { runDoppel, runDoppelOk, temporaryDirectory } from './run-doppel.js';

/**
 * `doppel sample --where-file` and `--rebalance` / `--shares` on a relational model, through the
 * real CLI on the real margarine households and purchases: each condition set selects a segment
 * of households (rows counted in households), and their purchases follow with valid keys.
 */
const HOUSEHOLDS = 'margarine_households';
const PURCHASES = 'margarine_purchases';
let dir: string;
let model: string;

beforeAll(() => {
  dir = temporaryDirectory();
  model = join(dir, 'margarine.model.json');
  runDoppelOk(['fit', '--schema', MARGARINE_SCHEMA, '-o', model]);
});

function sample(args: readonly string[], out: string) {
  runDoppelOk(['sample', model, ...args, '--out', out, '--seed', '5']);
  const households = readArrow(join(out, `${HOUSEHOLDS}.arrow`));
  const purchases = readArrow(join(out, `${PURCHASES}.arrow`));
  const keys = columnStrings(households, 'hhid');
  // Every purchase names a household of the output.
  expect(referentialIntegrity(keys, columnStrings(purchases, 'hhid'))).toBe(1);
  return { households, purchases };
}

type Row = { income: number; size: number; college: string; retired: string };
function householdRows(households: ReturnType<typeof readArrow>): Row[] {
  const income = columnStrings(households, 'Income').map(Number);
  const size = columnStrings(households, 'Fam_Size').map(Number);
  const college = columnStrings(households, 'college');
  const retired = columnStrings(households, 'retired');
  return income.map((x, i) => ({ income: x, size: size[i]!, college: college[i]!, retired: retired[i]! }));
}

describe('doppel sample --where-file / --rebalance on related tables', () => {
  // 9000 households cross a customer chunk (8192); the file's lines are segments in order.
  const lines: readonly [number, string, (row: Row) => boolean][] = [
    [9000, 'Fam_Size >= 4', (row) => row.size >= 4],
    [300, 'college = true and Income >= 40', (row) => row.college === 'true' && row.income >= 40],
    [5000, 'retired = false and Fam_Size <= 2', (row) => row.retired === 'false' && row.size <= 2],
  ];

  it('samples each line’s households, exactly as many as it asks, byte-identical for 1 and 2 workers and over shards', () => {
    const file = join(dir, 'conditions.txt');
    writeFileSync(file, `# segments\n${lines.map(([rows, where]) => `${rows}: ${where}`).join('\n\n')}\n`);
    const two = join(dir, 'file-w2');
    const { households, purchases } = sample(['--where-file', file, '--workers', '2'], two);
    const rows = householdRows(households);
    expect(rows.length).toBe(9300 + 5000);
    let start = 0;
    for (const [count, , holds] of lines) {
      const segment = rows.slice(start, start + count);
      expect(segment.length).toBe(count);
      expect(segment.every(holds)).toBe(true);
      start += count;
    }
    expect(purchases.numRows).toBeGreaterThan(rows.length);

    const one = join(dir, 'file-w1');
    sample(['--where-file', file, '--workers', '1'], one);
    for (const table of [HOUSEHOLDS, PURCHASES])
      expect(
        readFileSync(join(one, `${table}.arrow`)).equals(readFileSync(join(two, `${table}.arrow`))),
      ).toBe(true);
    // Three shards of the three segments' four chunks: cut inside and between segments.
    const shards = [0, 1, 2].map((i) => {
      const out = join(dir, `file-shard-${i}`);
      sample(['--where-file', file, '--shard', `${i}/3`, '--workers', '1'], out);
      return out;
    });
    for (const table of [HOUSEHOLDS, PURCHASES]) {
      const whole = readArrow(join(one, `${table}.arrow`));
      const parts = shards.map((out) => readArrow(join(out, `${table}.arrow`)));
      for (const field of whole.schema.fields)
        expect(parts.flatMap((part) => columnStrings(part, field.name))).toEqual(
          columnStrings(whole, field.name),
        );
    }
  }, 300_000);

  it('rebalances a customer column to equal shares or to the shares of a file, households counted', () => {
    const equal = sample(['--rows', '10001', '--rebalance', 'retired'], join(dir, 'rebalanced'));
    const retired = columnStrings(equal.households, 'retired');
    const counts = ['false', 'true'].map((v) => retired.filter((r) => r === v).length);
    expect(counts.sort()).toEqual([5000, 5001]);
    // Real margarine: 23% of households are retired; rebalanced they are half.
    const shares = join(dir, 'shares.json');
    writeFileSync(shares, JSON.stringify({ true: 0.8, false: 0.2 }));
    const skewed = sample(
      ['--rows', '1000', '--rebalance', 'college', '--shares', shares],
      join(dir, 'shared'),
    );
    const college = columnStrings(skewed.households, 'college');
    expect(college.filter((c) => c === 'true').length).toBe(800);
    expect(college.filter((c) => c === 'false').length).toBe(200);
  }, 120_000);

  it('rebalances a categorical customer column, and refuses its suppressed category with exit 2', () => {
    // The real households with Fam_Size read as a category: sizes 7 and 8 (one household each) fall
    // under k and are merged, never stored.
    const schema = JSON.parse(readFileSync(MARGARINE_SCHEMA, 'utf8'));
    for (const table of schema.tables) table.path = resolve(dirname(MARGARINE_SCHEMA), table.path);
    const size = schema.tables[0].columns.find((c: { name: string }) => c.name === 'Fam_Size');
    size.kind = 'categorical';
    delete size.comment;
    const schemaFile = join(dir, 'categorical.schema.json');
    writeFileSync(schemaFile, JSON.stringify(schema));
    const categorical = join(dir, 'categorical.model.json');
    runDoppelOk(['fit', '--schema', schemaFile, '-o', categorical]);
    const shares = join(dir, 'size-shares.json');
    writeFileSync(shares, JSON.stringify({ '1': 3, '6': 1 }));
    const out = join(dir, 'sizes');
    runDoppelOk([
      'sample',
      categorical,
      '--rows',
      '2000',
      '--rebalance',
      'Fam_Size',
      '--shares',
      shares,
      '--out',
      out,
    ]);
    const households = readArrow(join(out, `${HOUSEHOLDS}.arrow`));
    const sizes = columnStrings(households, 'Fam_Size');
    expect(sizes.slice(0, 1500).every((s) => s === '1')).toBe(true);
    expect(sizes.slice(1500).every((s) => s === '6')).toBe(true);
    expect(sizes.length).toBe(2000);
    const purchases = readArrow(join(out, `${PURCHASES}.arrow`));
    expect(referentialIntegrity(columnStrings(households, 'hhid'), columnStrings(purchases, 'hhid'))).toBe(1);

    const file = join(dir, 'suppressed.txt');
    writeFileSync(file, "100: Fam_Size = '1'\n100: Fam_Size = '8'\n");
    const never = join(dir, 'never-suppressed');
    const result = runDoppel(['sample', categorical, '--where-file', file, '--out', never]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the condition Fam_Size = '8' cannot be met/);
    expect(result.stderr).toMatch(/fewer than k customers are never stored/);
    expect(existsSync(never)).toBe(false);
  }, 120_000);

  it('refuses an event column, a range outside the support or a row count that disagrees: exit 2, nothing written', () => {
    const cases: [string, string[], RegExp][] = [
      [
        '10: Fam_Size >= 4\n10: choice = 2\n',
        [],
        /the condition choice = 2 names choice, a column of margarine_purchases/,
      ],
      ['10: Fam_Size >= 4\n10: Income > 500\n', [], /the condition Income > 500 cannot be met/],
      ['10: Fam_Size >= 4\n10: Fam_Size <= 2\n', ['--rows', '25'], /--rows 25 differs from the 20 rows/],
      [
        '',
        ['--rows', '10', '--rebalance', 'choice'],
        /--rebalance names choice, a column of margarine_purchases/,
      ],
      [
        '',
        ['--rows', '10', '--rebalance', 'margarine_purchases.count'],
        /not a column of the customer table margarine_households/,
      ],
    ];
    cases.forEach(([text, flags, message], i) => {
      const file = join(dir, `bad-${i}.txt`);
      writeFileSync(file, text);
      const out = join(dir, `never-${i}`);
      const result = runDoppel([
        'sample',
        model,
        ...(text === '' ? [] : ['--where-file', file]),
        ...flags,
        '--out',
        out,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      expect(existsSync(out)).toBe(false);
    });
  }, 120_000);
});
