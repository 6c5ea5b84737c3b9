/**
 * The sensitivities the ledger states, checked on neighbouring tables: the real table D and D plus
 * one row. Each statistic's true value vector (before noise) is recorded on D; on D + row, every
 * earlier release is replayed with D's noisy output, so each statistic is asked exactly as it was
 * on D (adaptive composition fixes the earlier outputs), and the change of its true values must be
 * within the stated L1 and L2 sensitivity. The row is appended last so that the other rows keep
 * their random score draws (the coupling the copula's analysis relies on).
 */
import type { Table } from 'apache-arrow';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeasureRequest } from '../../../src/model/dp/accountant.js';
import { type Accountant, makeAccountant, type PrivacyParameters } from '../../../src/model/dp/accountant.js';
import { fitPrivate, type PrivateFitOptions } from '../../../src/model/dp/fit-private.js';
import { prepareTable } from '../../../src/schema/prepare-table.js';
import { columnsOf, tableOf } from '../helpers.js';
import { type Dataset, loadCredit, loadTelco } from './dp-helpers.js';

interface Recorded {
  readonly request: MeasureRequest;
  readonly values: Float64Array;
  readonly noisy: Float64Array;
}

const OPTIONS: PrivateFitOptions = {
  seed: 5,
  minCount: 5,
  rareCategories: 'merge',
  locale: 'en',
  privacy: { epsilon: 1, delta: 1e-9 },
};

const keyOf = (request: MeasureRequest) => `${request.column ?? '*'}: ${request.statistic}`;

/** An accountant that records what it measures, and optionally answers with recorded outputs. */
function recording(log: Map<string, Recorded>, replay?: ReadonlyMap<string, Recorded>) {
  return (parameters: PrivacyParameters, seed: number): Accountant => {
    const real = makeAccountant(parameters, seed);
    return {
      ...real,
      measure(request) {
        const measured = real.measure(request);
        log.set(keyOf(request), {
          request,
          values: Float64Array.from(request.values),
          noisy: measured.noisy,
        });
        const earlier = replay?.get(keyOf(request));
        if (earlier === undefined) return measured;
        return { noisy: aligned(earlier, request.values), scale: measured.scale };
      },
    };
  };
}

/**
 * D's noisy output laid over D + row's cells. A histogram over values read from the data has one
 * more cell when the row brings a new value; that cell gets −∞ (never released), as on D, where
 * the value was absent.
 */
function aligned(earlier: Recorded, values: Float64Array): Float64Array {
  if (values.length === earlier.noisy.length) return earlier.noisy;
  const at = insertedAt(earlier.values, values);
  const out = new Float64Array(values.length);
  out.set(earlier.noisy.subarray(0, at), 0);
  out[at] = Number.NEGATIVE_INFINITY;
  out.set(earlier.noisy.subarray(at), at + 1);
  return out;
}

/** Where `longer` has one cell more than `shorter`: the first index at which they differ. */
function insertedAt(shorter: Float64Array, longer: Float64Array): number {
  let i = 0;
  while (i < shorter.length && shorter[i] === longer[i]) i++;
  return i;
}

/** L1 and L2 norm of the change between D's and D + row's true values of one statistic. */
function change(before: Float64Array, after: Float64Array): { l1: number; l2: number } {
  let diff: number[];
  if (after.length === before.length) diff = Array.from(after, (x, i) => x - before[i]!);
  else {
    expect(after.length).toBe(before.length + 1);
    const at = insertedAt(before, after);
    diff = Array.from(after, (x, i) => (i < at ? x - before[i]! : i === at ? x : x - before[i - 1]!));
  }
  return {
    l1: diff.reduce((sum, d) => sum + Math.abs(d), 0),
    l2: Math.sqrt(diff.reduce((sum, d) => sum + d * d, 0)),
  };
}

function withRow(table: Table, row: (columns: Map<string, (string | number | null)[]>) => void): Table {
  const columns = columnsOf(table);
  for (const values of columns.values()) values.push(values[0]!);
  row(columns);
  return tableOf(columns);
}

/** Fits D and D + row with replay, and returns each statistic's change and stated sensitivities. */
function neighbours(dataset: Dataset, extended: Table) {
  const onD = new Map<string, Recorded>();
  const onNeighbour = new Map<string, Recorded>();
  const prepare = (table: Table) =>
    prepareTable(table, dataset.schema, { columns: 'modelled', applyConsent: true });
  fitPrivate(prepare(dataset.table), dataset.schema, OPTIONS, recording(onD));
  fitPrivate(prepare(extended), dataset.schema, OPTIONS, recording(onNeighbour, onD));
  expect([...onNeighbour.keys()]).toEqual([...onD.keys()]);
  return [...onD].map(([key, before]) => {
    const after = onNeighbour.get(key)!;
    return { key, ...change(before.values, after.values), request: before.request };
  });
}

let telco: Dataset;
let credit: Dataset;

beforeAll(async () => {
  [telco, credit] = await Promise.all([loadTelco(), loadCredit()]);
});

describe('every release stays within its stated sensitivity on neighbouring tables', () => {
  it('telco plus a copy of an existing row', () => {
    const changes = neighbours(
      telco,
      withRow(telco.table, () => {}),
    );
    expect(changes.length).toBeGreaterThan(30);
    for (const { key, l1, l2, request } of changes) {
      expect({ key, l1: l1 <= request.l1Sensitivity + 1e-9 }).toEqual({ key, l1: true });
      expect({ key, l2: l2 <= request.l2Sensitivity + 1e-9 }).toEqual({ key, l2: true });
    }
    // Histograms change by exactly one row.
    expect(changes.find((c) => c.key === '*: row counts')!.l1).toBe(1);
    expect(changes.find((c) => c.key === 'churn: category histogram')!.l1).toBe(1);
    expect(changes.find((c) => c.key === 'tenure: magnitude histogram')!.l1).toBe(1);
  });

  it('telco plus an extreme row: new labels, huge values, a missing value', () => {
    const extended = withRow(telco.table, (columns) => {
      const last = (name: string) => columns.get(name)!.length - 1;
      columns.get('payment_method')![last('payment_method')] = 'Gold bars';
      columns.get('contract')![last('contract')] = 'Lifetime';
      columns.get('monthly_charges')![last('monthly_charges')] = 98765.43;
      columns.get('total_charges')![last('total_charges')] = null;
      columns.get('tenure')![last('tenure')] = 9999;
    });
    const changes = neighbours(telco, extended);
    for (const { key, l1, l2, request } of changes) {
      expect({ key, l1: l1 <= request.l1Sensitivity + 1e-9 }).toEqual({ key, l1: true });
      expect({ key, l2: l2 <= request.l2Sensitivity + 1e-9 }).toEqual({ key, l2: true });
    }
    // The copula's moments move by the row's clipped outer product, which the clip bounds.
    const moments = changes.find((c) => c.key === '*: score second moments')!;
    expect(moments.l2).toBeGreaterThan(0);
    expect(moments.l2).toBeLessThanOrEqual(moments.request.l2Sensitivity);
  });

  it('credit plus an extreme row, with missing values in several columns', () => {
    const extended = withRow(credit.table, (columns) => {
      const set = (name: string, value: string | number | null) => {
        const values = columns.get(name)!;
        values[values.length - 1] = value;
      };
      set('Home', null);
      set('Job', 'astronaut');
      set('Income', 123456);
      set('Assets', -5);
      set('Debt', null);
      set('Age', 120);
    });
    for (const { key, l1, l2, request } of neighbours(credit, extended)) {
      expect({ key, l1: l1 <= request.l1Sensitivity + 1e-9 }).toEqual({ key, l1: true });
      expect({ key, l2: l2 <= request.l2Sensitivity + 1e-9 }).toEqual({ key, l2: true });
    }
  });
});
