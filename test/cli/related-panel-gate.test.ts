import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { columnStrings, readArrow, readCsvRows } from './related-helpers.js';
import { ROOT, runDoppel, runDoppelOk, temporaryDirectory } from './run-doppel.js';

const PSID_SCHEMA = join(ROOT, 'test/data/psid/psid.json');
const DEFAULT_POLICY = join(ROOT, 'schemas/default-policy.json');
const YEARS = 'psid_years';

interface ReportJson {
  readonly figures: Record<string, number | null>;
  readonly policy: {
    readonly passed: boolean;
    readonly rules: readonly { figure: string; passed: boolean }[];
  };
}

interface SchemaJson {
  readonly tables: readonly {
    readonly name: string;
    readonly parent?: { readonly foreignKey: string };
    readonly columns: readonly { readonly name: string; readonly kind: string }[];
  }[];
}

/**
 * Share of parents whose events all hold the same value of a column (a history that never changes).
 * Rows of one parent are contiguous, in event order, in both the split's CSV and the sampled Arrow.
 */
function constantHistoryShare(
  parents: readonly (string | null)[],
  values: readonly (string | null)[],
): number {
  let histories = 0;
  let constant = 0;
  for (let start = 0; start < parents.length; ) {
    let end = start + 1;
    let same = true;
    while (end < parents.length && parents[end] === parents[start]) {
      if (values[end] !== values[start]) same = false;
      end++;
    }
    histories++;
    if (same) constant++;
    start = end;
  }
  return constant / histories;
}

/**
 * The release gate on the PSID panel's seed-2 split, through the built CLI (split → fit → sample →
 * validate). On this split the default policy once failed doppel's own output
 * (dcrBaselineProtectionShortfall 0.072 > 0.05 through these commands, commit 2698831): sampled job
 * and union histories never changed far more often than real ones (occupation 0.97 of workers against
 * 0.83 in training, union 0.97 against 0.86), so the customer vectors' shares sat on exactly 0 or 1,
 * on top of the many real workers with constant histories, and synthetic workers were closer to
 * training (median DCR 0.034) than unseen ones (0.053). Calibrated repeat indicators (calibrate-
 * repeats.ts) fixed it; this test keeps both the cause and the verdicts (it fails at 2698831).
 */
describe('the default policy on the PSID panel, seed-2 split', () => {
  let dir: string;
  const train = () => join(dir, 'split', 'train');
  const holdout = () => join(dir, 'split', 'holdout');
  beforeAll(() => {
    dir = temporaryDirectory();
    runDoppelOk([
      'split',
      '--schema',
      PSID_SCHEMA,
      '--holdout',
      '0.3',
      '--seed',
      '2',
      '--out-dir',
      join(dir, 'split'),
    ]);
    runDoppelOk([
      'fit',
      '--schema',
      join(train(), 'schema.json'),
      '-o',
      join(dir, 'model.json'),
      '--seed',
      '2',
    ]);
    runDoppelOk([
      'sample',
      join(dir, 'model.json'),
      '--rows',
      '179',
      '--seed',
      '2',
      '--out',
      join(dir, 'synthetic'),
    ]);
  }, 120_000);

  const validate = (synthetic: string, name: string) => {
    const json = join(dir, `${name}.json`);
    const result = runDoppel([
      'validate',
      '--schema',
      join(train(), 'schema.json'),
      '--synthetic',
      synthetic,
      '--holdout',
      holdout(),
      '--policy',
      DEFAULT_POLICY,
      '--json',
      json,
    ]);
    return { code: result.code, report: JSON.parse(readFileSync(json, 'utf8')) as ReportJson };
  };

  it('synthetic workers change jobs and places about as often as training workers', () => {
    const schema = JSON.parse(readFileSync(join(train(), 'schema.json'), 'utf8')) as SchemaJson;
    const years = schema.tables.find((t) => t.name === YEARS)!;
    const key = years.parent!.foreignKey;
    const categorical = years.columns.filter((c) => c.kind === 'categorical').map((c) => c.name);
    expect(categorical.length).toBeGreaterThanOrEqual(4);
    const real = readCsvRows(join(train(), `${YEARS}.csv`));
    const synthetic = readArrow(join(dir, 'synthetic', `${YEARS}.arrow`));
    const excess = categorical.map(
      (column) =>
        constantHistoryShare(columnStrings(synthetic, key), columnStrings(synthetic, column)) -
        constantHistoryShare(
          real.map((r) => r[key] ?? null),
          real.map((r) => r[column] ?? null),
        ),
    );
    // Measured: a mean excess of 0.063 when the gate failed, 0.008 with calibrated repeats.
    expect(excess.reduce((a, b) => a + b, 0) / excess.length).toBeLessThanOrEqual(0.03);
  });

  it('doppel’s output passes; synthetic workers sit no closer to real ones than unseen workers do', () => {
    const { code, report } = validate(join(dir, 'synthetic'), 'doppel');
    expect(code).toBe(0);
    expect(report.policy.passed).toBe(true);
    expect(report.figures['dcrBaselineProtectionShortfall']).toBeLessThanOrEqual(0.05);
  }, 120_000);

  it('a copy of the training workers with their years fails, on the same distance rules', () => {
    const { code, report } = validate(train(), 'copy');
    expect(code).toBe(3);
    const failed = report.policy.rules.filter((r) => !r.passed).map((r) => r.figure);
    expect(failed).toEqual(
      expect.arrayContaining([
        'dcrOverfittingProtection',
        'dcrBaselineProtectionShortfall',
        'exactMatchRateExcess',
      ]),
    );
  }, 120_000);
});
