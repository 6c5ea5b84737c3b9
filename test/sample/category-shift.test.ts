import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { takeRows } from '../../src/io/take-rows.js';
import { categoryMeans } from '../../src/model/category-means.js';
import { fit } from '../../src/model/fit.js';
import type { ColumnModel, CopulaDimension, Model } from '../../src/model/model-format.js';
import {
  type CategoryShift,
  discreteScore,
  insideOutcome,
} from '../../src/sample/conditions/category-shift.js';
import { rowsMatching } from '../../src/sample/conditions/matching-rows.js';
import { parseWhere } from '../../src/sample/conditions/parse-where.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import type { DatasetSchema } from '../../src/schema/dataset-schema.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';
import { makeRandom } from '../../src/stats/random.js';
import { TELCO_CSV, TELCO_SCHEMA } from '../cli/run-doppel.js';

describe('discreteScore', () => {
  it('gives a draw the outcome its cuts enclose, as a score inside that outcome’s interval', () => {
    const random = makeRandom(11, 0);
    for (let trial = 0; trial < 200; trial++) {
      const outcomes = 2 + Math.floor(random.nextDouble() * 4);
      const sorted = (spread: number) =>
        Float64Array.from({ length: outcomes - 1 }, () => (random.nextDouble() - 0.5) * spread).sort();
      const cuts = sorted(6);
      const thresholds = sorted(4);
      // Edge cases of the sampler's thresholds: an outcome with no room, at either end.
      if (trial % 10 === 0) thresholds[0] = Number.NEGATIVE_INFINITY;
      if (trial % 10 === 1) thresholds[outcomes - 2] = Number.POSITIVE_INFINITY;
      // Dimension 1 of two: dimension 0 is continuous (no cuts, one placeholder target).
      const shift: CategoryShift = {
        offset: new Float64Array(2),
        scale: new Float64Array(2),
        cutStart: Int32Array.of(0, 0, outcomes - 1),
        cuts,
        targets: Float64Array.from([
          0,
          ...Array.from({ length: outcomes }, (_, b) => insideOutcome(thresholds, b)),
        ]),
      };
      const outcome = (cutPoints: Float64Array, z: number) => cutPoints.filter((t) => t <= z).length;
      for (let n = 0; n < 50; n++) {
        const y = (random.nextDouble() - 0.5) * 10;
        const wanted = outcome(cuts, y);
        const low = wanted === 0 ? Number.NEGATIVE_INFINITY : (thresholds[wanted - 1] as number);
        const high = wanted === outcomes - 1 ? Number.POSITIVE_INFINITY : (thresholds[wanted] as number);
        // An outcome with an empty interval is never given a share (category-shift.ts checks).
        if (low < high) expect(outcome(thresholds, discreteScore(y, shift, 1))).toBe(wanted);
      }
    }
  });
});

/** Share of each label of `column` among the rows of a table (yes/no read from the CSV as 0/1). */
function shares(table: Table, column: string): Map<string, number> {
  const out = new Map<string, number>();
  const vector = table.getChild(column);
  for (let i = 0; i < table.numRows; i++) {
    const value: unknown = vector?.get(i);
    const key = typeof value === 'boolean' ? String(Number(value)) : String(value);
    out.set(key, (out.get(key) ?? 0) + 1 / table.numRows);
  }
  return out;
}

/** The model as it was before it held the categories' statistics. */
function withoutCategoryStatistics(model: Model): Model {
  const strip = (copula: Model['copula']): Model['copula'] => ({
    dimensions: copula.dimensions,
    correlation: copula.correlation,
  });
  return {
    ...model,
    copula: strip(model.copula),
    ...(model.mixture === undefined
      ? {}
      : {
          mixture: {
            ...model.mixture,
            components: model.mixture.components.map((c) => ({ ...c, copula: strip(c.copula) })),
          },
        }),
  };
}

describe('a condition on one category follows that category’s own customers', () => {
  let real: Table;
  let schema: DatasetSchema;
  let model: Model;
  beforeAll(async () => {
    real = await readTable(TELCO_CSV);
    schema = await loadDatasetSchema(TELCO_SCHEMA);
    model = fit(real, schema, { seed: 1 });
  });

  const conditioned = (m: Model, where: string) =>
    sampleTable(m, { rows: 20_000, seed: 3, conditions: [{ where: parseWhere(where), rows: 20_000 }] });

  it.each([
    "payment_method = 'Electronic check'",
    "contract = 'Two year'",
    "payment_method in ('Mailed check', 'Bank transfer (automatic)')",
    'partner = true',
  ])('%s: the other columns’ shares are the matching real customers’', (where) => {
    const condition = parseWhere(where);
    const subset = takeRows(real, rowsMatching(real, schema, condition));
    const synthetic = conditioned(model, where);
    expect(rowsMatching(synthetic, schema, condition).length).toBe(synthetic.numRows);
    for (const column of [
      'contract',
      'payment_method',
      'churn',
      'tech_support',
      'paperless_billing',
      'partner',
    ]) {
      const expected = shares(subset, column);
      const got = shares(synthetic, column);
      for (const [label, share] of expected) {
        // The subset's own sampling error (≥ 1,500 customers) is below 0.013 per share.
        expect(Math.abs((got.get(label) ?? 0) - share), `${column} = ${label}`).toBeLessThan(0.03);
      }
    }
  });

  it('where the copula alone misses them: a category in the middle of its column’s order', () => {
    // Electronic check lies between Mailed check and the automatic payments: the copula's regression
    // on its interval gives it about the table's contract mix, not its own (78% month-to-month).
    const where = "payment_method = 'Electronic check'";
    const subset = takeRows(real, rowsMatching(real, schema, parseWhere(where)));
    const monthly = (t: Table) => shares(t, 'contract').get('Month-to-month') ?? 0;
    const plain = monthly(conditioned(withoutCategoryStatistics(model), where));
    const own = monthly(conditioned(model, where));
    expect(monthly(subset) - plain).toBeGreaterThan(0.05);
    expect(Math.abs(monthly(subset) - own)).toBeLessThan(0.02);
  });

  it('are in no differentially private model (its budget covers only what it spends on)', () => {
    const priv = fit(real, schema, { seed: 1, epsilon: 1 });
    expect(priv.copula.categoryMeans).toBeUndefined();
    expect(model.mixture?.components.every((c) => (c.copula.categoryMeans?.length ?? 0) > 0)).toBe(true);
    // ... and a private model's category condition is the copula's conditional, still exact.
    const where = parseWhere("payment_method = 'Electronic check'");
    const synthetic = sampleTable(priv, { rows: 2000, seed: 4, conditions: [{ where, rows: 2000 }] });
    expect(rowsMatching(synthetic, schema, where).length).toBe(2000);
  });

  it('leaves unconditioned sampling and conditions on several columns as they were', () => {
    const plain = withoutCategoryStatistics(model);
    const same = (a: Table, b: Table) => {
      for (const field of a.schema.fields)
        expect(a.getChild(field.name)?.toArray(), field.name).toEqual(b.getChild(field.name)?.toArray());
    };
    same(sampleTable(model, { rows: 5000, seed: 8 }), sampleTable(plain, { rows: 5000, seed: 8 }));
    const where = parseWhere("payment_method = 'Electronic check' and tenure < 24");
    const conditions = [{ where, rows: 5000 }];
    same(
      sampleTable(model, { rows: 5000, seed: 8, conditions }),
      sampleTable(plain, { rows: 5000, seed: 8, conditions }),
    );
  });
});

describe('categoryMeans', () => {
  // Two yes/no columns on 200 rows: a (true on the last 100 rows) and b (true on rows 95-99 and
  // 150-199: 5 of a's false rows, 50 of its true rows).
  const rows = 200;
  const columns: ColumnModel[] = [
    { kind: 'boolean', name: 'a', missingRate: 0, trueProbability: 0.5 },
    { kind: 'boolean', name: 'b', missingRate: 0, trueProbability: 55 / rows },
  ];
  const dimensions: CopulaDimension[] = [
    { column: 'a', part: 'value' },
    { column: 'b', part: 'value' },
  ];
  // A score inside each outcome's interval: below or above the threshold Φ⁻¹(1 − p).
  const a = Float64Array.from({ length: rows }, (_, r) => (r >= 100 ? 1 : -1));
  const b = Float64Array.from({ length: rows }, (_, r) => ((r >= 95 && r < 100) || r >= 150 ? 2 : -2));

  it('stores each category’s outcome shares, means and spreads', () => {
    const [entry] = categoryMeans(columns, dimensions, [a, b], 5, 1);
    expect(entry?.dimension).toBe(0);
    expect(entry?.shares[0]?.[1]).toEqual([0.95, 0.05]);
    expect(entry?.shares[1]?.[1]).toEqual([0.5, 0.5]);
    expect(entry?.means[1]?.[1]).toBe(0);
    expect(entry?.deviations[1]?.[1]).toBeCloseTo(Math.sqrt((4 * 100) / 99), 4);
  });

  it('stores no share that rests on fewer than k rows (the k rule)', () => {
    const [entry] = categoryMeans(columns, dimensions, [a, b], 10, 1);
    // a = false holds b = true on 5 rows, fewer than k = 10: not described.
    expect(entry?.shares[0]?.[1]).toBeNull();
    expect(entry?.shares[1]?.[1]).toEqual([0.5, 0.5]);
  });
});
