import { beforeAll, describe, expect, it } from 'vitest';
import { isDoppelError } from '../../../src/errors.js';
import { makeAccountant, privacyParameters } from '../../../src/model/dp/accountant.js';
import { cdpEpsilon, cdpRho } from '../../../src/model/dp/cdp.js';
import { formatPrivacyBudget, privacyBudgetSpent } from '../../../src/model/dp/privacy-summary.js';
import { fit } from '../../../src/model/fit.js';
import { parseModel } from '../../../src/model/load-model.js';
import type { Model } from '../../../src/model/model-format.js';
import { normalCdf } from '../../../src/stats/normal.js';
import {
  choleskySucceeds,
  columnsOf,
  ksDistance,
  sampleFromContract,
  spearman,
  tableOf,
} from '../helpers.js';
import { type Dataset, jsonLeaves, loadCredit, loadTelco } from './dp-helpers.js';

let telco: Dataset;
let credit: Dataset;
let telcoModel: Model;
let creditModel: Model;

beforeAll(async () => {
  [telco, credit] = await Promise.all([loadTelco(), loadCredit()]);
  telcoModel = fit(telco.table, telco.schema, { epsilon: 1, seed: 1 });
  creditModel = fit(credit.table, credit.schema, { epsilon: 1, seed: 1 });
});

function privacyOf(model: Model) {
  if (!model.privacy.differentialPrivacy) throw new Error('expected a differentially private model');
  return model.privacy;
}

function column<K extends Model['columns'][number]['kind']>(m: Model, name: string, kind: K) {
  const found = m.columns.find((c) => c.name === name);
  if (found?.kind !== kind) throw new Error(`no ${kind} column ${name}`);
  return found as Extract<Model['columns'][number], { kind: K }>;
}

const seenOnce = new Map<Dataset, Set<string | number>>();

/** Every value, as a number or a label, that occurs in exactly one row of its column. */
function valuesSeenOnce(dataset: Dataset): Set<string | number> {
  const cached = seenOnce.get(dataset);
  if (cached) return cached;
  const once = new Set<string | number>();
  seenOnce.set(dataset, once);
  for (const [, values] of columnsOf(dataset.table)) {
    const counts = new Map<string | number, number>();
    for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    for (const [value, count] of counts) if (count === 1) once.add(value);
  }
  return once;
}

describe('a differentially private fit', () => {
  it.each(['telco', 'credit'])(
    'on %s: a valid model whose privacy section states ε, δ and the relation',
    (name) => {
      const model = name === 'telco' ? telcoModel : creditModel;
      const parsed = parseModel(JSON.parse(JSON.stringify(model)));
      expect(parsed).toEqual(model);
      const privacy = privacyOf(model);
      expect(privacy).toMatchObject({
        differentialPrivacy: true,
        epsilon: 1,
        delta: 1e-9,
        neighbouring: 'add-remove-one-row',
        accounting: 'zcdp',
      });
      expect(choleskySucceeds(model.copula.correlation)).toBe(true);
    },
  );

  it.each(['telco', 'credit'])('on %s: the ledger composes to exactly the requested budget', (name) => {
    const privacy = privacyOf(name === 'telco' ? telcoModel : creditModel);
    // Both datasets release labels from the data, so half of δ goes to the stability thresholds.
    expect(privacy.conversionDelta).toBe(5e-10);
    expect(privacy.rho).toBe(cdpRho(1, 5e-10));
    const rho = privacy.ledger.reduce((sum, entry) => sum + entry.rho!, 0);
    expect(Math.abs(rho / privacy.rho! - 1)).toBeLessThan(1e-12);
    const thresholds = privacy.ledger.reduce((sum, entry) => sum + entry.thresholdDelta, 0);
    expect(Math.abs(thresholds / 5e-10 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(cdpEpsilon(rho, privacy.conversionDelta) - 1)).toBeLessThan(1e-9);
    expect(privacy.spent.epsilon).toBeLessThanOrEqual(1);
    expect(privacy.spent.epsilon).toBeGreaterThan(1 - 1e-9);
    expect(privacy.spent.delta).toBe(1e-9);
    for (const entry of privacy.ledger) {
      expect(entry.mechanism).toBe('gaussian');
      expect(entry.epsilon).toBeNull();
      // The stated noise scale is the Gaussian mechanism's for the stated sensitivity and ρ share.
      expect(entry.scale).toBeCloseTo(entry.sensitivity / Math.sqrt(2 * entry.rho!), 9);
    }
  });

  it('releases every statistic the model stores: the ledger names each modelled column and the copula', () => {
    const privacy = privacyOf(telcoModel);
    const measured = new Set(privacy.ledger.map((entry) => entry.column));
    for (const spec of telco.schema.columns) expect(measured.has(spec.name)).toBe(true);
    const statistics = privacy.ledger.map((e) => `${e.column ?? '*'}: ${e.statistic}`);
    expect(statistics).toContain('*: row counts');
    expect(statistics).toContain('*: score second moments');
    expect(statistics).toContain('tenure: magnitude histogram');
    expect(statistics).toContain('tenure: frequent values');
    expect(statistics).toContain('tenure: value histogram');
    expect(statistics).toContain('monthly_charges: decimals histogram');
    expect(statistics).toContain('payment_method: category histogram');
    expect(statistics).toContain('female: boolean histogram');
  });

  it.each(['telco', 'credit'])(
    'on %s: holds no value that occurs in exactly one row of the real data, as a number or a string',
    (name) => {
      const dataset = name === 'telco' ? telco : credit;
      const once = valuesSeenOnce(dataset);
      expect(once.size).toBeGreaterThan(500);
      for (const seed of [1, 2]) {
        const model =
          seed === 1
            ? name === 'telco'
              ? telcoModel
              : creditModel
            : fit(dataset.table, dataset.schema, { epsilon: 1, seed });
        // The privacy section is a function of the schema and the budget alone (next test), so a
        // number in it that equals a data value (a sensitivity of 12, say) is a coincidence, not a
        // leak; everything else is scanned.
        const { privacy: _, ...released } = JSON.parse(JSON.stringify(model)) as Model;
        const { numbers, strings } = jsonLeaves(released);
        expect(numbers.filter((x) => once.has(x))).toEqual([]);
        expect(strings.filter((s) => once.has(s) || once.has(Number(s)))).toEqual([]);
      }
      // The check can fail: a model that kept the real maximum of a column is caught.
      const planted = JSON.parse(JSON.stringify(creditModel)) as Model;
      const price = column(planted, 'Price', 'integer');
      price.cdf.values[price.cdf.values.length - 1] = 11140;
      expect(jsonLeaves(planted.columns).numbers.filter((x) => valuesSeenOnce(credit).has(x))).toEqual([
        11140,
      ]);
    },
  );

  it('states a privacy section that depends on the schema and budget only, never on the data', () => {
    // Another table under the same schema: its first 3,500 rows, in reverse order.
    const columns = columnsOf(telco.table);
    const half = new Map([...columns].map(([name, values]) => [name, values.slice(0, 3500).reverse()]));
    const other = fit(tableOf(half), telco.schema, { epsilon: 1, seed: 1 });
    expect(other.privacy).toEqual(telcoModel.privacy);
    expect(JSON.stringify(other.columns)).not.toBe(JSON.stringify(telcoModel.columns));
  });

  it('never stores a planted unique category or extreme value, nor lets it move an edge', () => {
    const columns = columnsOf(telco.table);
    columns.get('payment_method')![100] = 'ZZ-marker-q7Xw';
    columns.get('monthly_charges')![200] = 987654.321;
    columns.get('tenure')![300] = 8675309;
    const planted = tableOf(columns);
    const model = fit(planted, telco.schema, { epsilon: 1, seed: 1 });
    const json = JSON.stringify(model);
    expect(json).not.toContain('marker');
    const { numbers } = jsonLeaves(JSON.parse(json));
    for (const extreme of [987654.321, 8675309]) expect(numbers).not.toContain(extreme);
    // One row cannot pull a range past the noise: the edges stay where the other rows put them.
    expect(column(model, 'monthly_charges', 'numeric').cdf.values.at(-1)!).toBeLessThan(200);
    expect(column(model, 'tenure', 'integer').cdf.values.at(-1)!).toBeLessThan(128);
    expect(column(model, 'payment_method', 'categorical').categories).not.toContain('ZZ-marker-q7Xw');
  });

  it('reproduces the same noisy model byte for byte from the same seed, and another from another', () => {
    const again = fit(telco.table, telco.schema, { epsilon: 1, seed: 1 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(telcoModel));
    const other = fit(telco.table, telco.schema, { epsilon: 1, seed: 2 });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(telcoModel));
    expect(other.copula.correlation).not.toEqual(telcoModel.copula.correlation);
    expect(column(other, 'churn', 'categorical').probabilities).not.toEqual(
      column(telcoModel, 'churn', 'categorical').probabilities,
    );
  });

  it('draws a fresh secret seed when none is given, so two fits differ', () => {
    const a = fit(telco.table, telco.schema, { epsilon: 1 });
    const b = fit(telco.table, telco.schema, { epsilon: 1 });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  it('without epsilon says it is not differentially private; with it, reports the spent budget', () => {
    const plain = fit(telco.table, telco.schema, { seed: 1 });
    expect(plain.privacy).toEqual({ differentialPrivacy: false });
    expect(privacyBudgetSpent(plain)).toBeNull();
    expect(formatPrivacyBudget(plain)).toBe('differential privacy: none (fitted without --epsilon)');
    expect(privacyBudgetSpent(telcoModel)).toMatchObject({ epsilon: 1, delta: 1e-9, accounting: 'zcdp' });
    expect(formatPrivacyBudget(telcoModel)).toMatch(
      /^differential privacy: \(ε = 1, δ = 1e-9\) spent by \d+ releases \(zCDP ρ = 0\.0144\d*, add\/remove one row\)$/,
    );
  });

  it('with δ = 0 and declared categories, is pure ε-DP: Laplace everywhere, ε shares adding up', () => {
    const columns = columnsOf(telco.table);
    const declared = {
      ...telco.schema,
      columns: telco.schema.columns.map((spec) =>
        spec.kind === 'categorical'
          ? {
              ...spec,
              categories: [
                ...new Set(
                  columns
                    .get(spec.name)!
                    .filter((v) => v !== null)
                    .map(String),
                ),
              ],
            }
          : spec,
      ),
    };
    const model = fit(telco.table, declared, { epsilon: 2, delta: 0, seed: 3 });
    const privacy = privacyOf(model);
    expect(privacy).toMatchObject({ accounting: 'pure', delta: 0, rho: null, conversionDelta: 0 });
    expect(privacy.ledger.every((e) => e.mechanism === 'laplace' && e.rho === null)).toBe(true);
    expect(privacy.ledger.every((e) => e.thresholdDelta === 0)).toBe(true);
    for (const entry of privacy.ledger)
      expect(entry.scale).toBeCloseTo(entry.sensitivity / entry.epsilon!, 9);
    expect(privacy.ledger.reduce((sum, e) => sum + e.epsilon!, 0)).toBeCloseTo(2, 12);
    expect(privacy.spent).toEqual({ epsilon: 2, delta: 0, rho: null });
    parseModel(JSON.parse(JSON.stringify(model)));
  });

  it('refuses pure ε-DP when labels must be read from the data', () => {
    const error = (() => {
      try {
        fit(telco.table, telco.schema, { epsilon: 1, delta: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(isDoppelError(error) && error.code).toBe('usage');
    expect((error as Error).message).toMatch(/declare the "categories"/);
  });

  it.each([
    [{ epsilon: 0 }, /epsilon must be a positive number/],
    [{ epsilon: -1 }, /epsilon must be a positive number/],
    [{ epsilon: Number.NaN }, /epsilon must be a positive number/],
    [{ epsilon: Number.POSITIVE_INFINITY }, /epsilon must be a positive number/],
    [{ epsilon: 1, delta: 1 }, /delta must be at least 0 and below 1/],
    [{ epsilon: 1, delta: -0.5 }, /delta must be at least 0 and below 1/],
    [{ delta: 1e-6 }, /give epsilon with it/],
  ])('rejects %o as a usage error', (options, message) => {
    expect(() => fit(telco.table, telco.schema, options)).toThrow(
      expect.objectContaining({ code: 'usage', message: expect.stringMatching(message) }),
    );
  });

  it('keeps the sampler contract: integers stay integers inside the released range', () => {
    const sample = sampleFromContract(creditModel, 3000, 5);
    for (const name of ['Seniority', 'Age', 'Amount', 'Price']) {
      const cdf = column(creditModel, name, 'integer').cdf;
      const values = sample.get(name)!.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
      expect(values.every(Number.isInteger)).toBe(true);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(Math.ceil(cdf.values[0]!));
      expect(Math.max(...values)).toBeLessThanOrEqual(Math.floor(cdf.values.at(-1)!));
    }
  });

  it('stays close to the data at ε = 1 (telco): shares within a few points', () => {
    const real = columnsOf(telco.table);
    for (const spec of telco.schema.columns) {
      if (spec.kind !== 'categorical') continue;
      const model = column(telcoModel, spec.name, 'categorical');
      const values = real.get(spec.name)!;
      model.categories.forEach((label, i) => {
        const share = values.filter((v) => v === label).length / values.length;
        expect(Math.abs(model.probabilities[i]! - share)).toBeLessThan(0.03);
      });
    }
    expect(Math.abs(telcoModel.fit.rowsUsed - 7043)).toBeLessThan(100);
  });

  it('reproduces the data closely when the budget is loose (ε = 10⁴)', () => {
    const loose = fit(telco.table, telco.schema, { epsilon: 1e4, seed: 1 });
    expect(loose.fit.rowsUsed).toBe(7043);
    const real = columnsOf(telco.table);
    const sample = sampleFromContract(loose, 7043, 9);
    const numbers = ['tenure', 'monthly_charges', 'total_charges'];
    for (const name of numbers) {
      expect(ksDistance(sample.get(name) as number[], real.get(name) as number[])).toBeLessThan(0.03);
    }
    for (const [a, b] of [
      ['tenure', 'total_charges'],
      ['monthly_charges', 'total_charges'],
      ['tenure', 'monthly_charges'],
    ] as const) {
      const synthetic = spearman(sample.get(a) as number[], sample.get(b) as number[]);
      expect(Math.abs(synthetic - spearman(real.get(a) as number[], real.get(b) as number[]))).toBeLessThan(
        0.05,
      );
    }
    const churn = column(loose, 'churn', 'categorical');
    expect(churn.probabilities[churn.categories.indexOf('Yes')]).toBeCloseTo(1869 / 7043, 3);
  });
});

describe('the stability threshold', () => {
  it('releases a value held by one row with probability at most δᵢ (Gaussian and Laplace noise)', () => {
    const gaussian = makeAccountant(privacyParameters(1, 1e-9, { labels: 1, values: 0 }), 1);
    for (const [sigma, delta] of [
      [36.9, 3.6e-11],
      [5, 1e-9],
      [0.1, 1e-6],
    ] as const) {
      const tau = gaussian.stabilityThreshold(sigma, delta, 1);
      // A count of 1 plus N(0, σ²) reaches τ with probability Φ(−(τ − 1)/σ).
      expect(normalCdf(-(tau - 1) / sigma)).toBeLessThanOrEqual(delta);
      expect(normalCdf(-(tau - 1) / sigma)).toBeGreaterThan(delta * 0.999);
      expect(-normalQuantileOf(delta) * sigma + 1).toBeCloseTo(tau, 6);
    }
    expect(gaussian.stabilityThreshold(0.01, 1e-9, 5)).toBe(5);
    const laplace = makeAccountant(privacyParameters(1, 0, { labels: 0, values: 0 }), 1);
    const tau = laplace.stabilityThreshold(3, 1e-9, 1);
    // P(Lap(b) ≥ t) = ½·exp(−t/b).
    expect(0.5 * Math.exp(-(tau - 1) / 3)).toBeLessThanOrEqual(1e-9);
    expect(0.5 * Math.exp(-(tau - 1) / 3)).toBeGreaterThan(0.999e-9);
  });

  it('is what the fit used: no released label or point mass has a noisy count below it', () => {
    const privacy = privacyOf(telcoModel);
    const labelled = privacy.ledger.filter((e) => e.thresholdDelta > 0);
    // One threshold per categorical column (labels read from the data) and per number column.
    expect(labelled.map((e) => e.statistic).sort()).toEqual([
      ...Array(11).fill('category histogram'),
      ...Array(3).fill('frequent values'),
    ]);
    for (const entry of labelled) expect(entry.thresholdDelta).toBeCloseTo(5e-10 / 14, 20);
  });
});

/** Φ⁻¹ by bisection on Φ: an independent check of the stats module's quantile. */
function normalQuantileOf(p: number): number {
  let low = -40;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return high;
}
