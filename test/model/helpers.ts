/**
 * Test-only tools for the fit stage: an independent reading of the model contract (the inverse CDF
 * and interval layouts the sampler implements), table editing to plant values, and order-statistic
 * checks for the k rule.
 */
import type { Table } from 'apache-arrow';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { type ParsedColumn, tableFromColumns } from '../../src/io/table-from-columns.js';
import type { Model, PiecewiseCdf } from '../../src/model/model-format.js';
import { normalCdf } from '../../src/stats/normal.js';
import { fillStandardNormal, makeRandom } from '../../src/stats/random.js';

/** Numeric columns of the shared datasets (file, column) with ties, heavy tails and wide ranges. */
export const REAL_NUMERIC_COLUMNS: readonly (readonly [string, string])[] = [
  ['telco_churn.csv', 'monthly_charges'],
  ['telco_churn.csv', 'total_charges'],
  ['telco_churn.csv', 'tenure'],
  ['credit_data.csv', 'Income'],
  ['credit_data.csv', 'Assets'],
  ['credit_data.csv', 'Debt'],
  ['credit_data.csv', 'Price'],
  ['credit_data.csv', 'Seniority'],
  ['creditcard_aer.csv', 'share'],
  ['creditcard_aer.csv', 'expenditure'],
  ['creditcard_aer.csv', 'reports'],
];

/**
 * F⁻¹(u) exactly as model-format.ts documents it: the segment with cumulative[i] ≤ u <
 * cumulative[i + 1], interpolated linearly; flat segments are never chosen.
 */
export function inverseCdf(cdf: PiecewiseCdf, u: number): number {
  const { values, cumulative } = cdf;
  for (let i = 0; i + 1 < values.length; i++) {
    const c0 = cumulative[i]!;
    const c1 = cumulative[i + 1]!;
    if (c0 <= u && u < c1) return values[i]! + ((u - c0) / (c1 - c0)) * (values[i + 1]! - values[i]!);
  }
  return values[values.length - 1]!;
}

/** F(x): the largest cumulative level reached at or below x, interpolating between distinct values. */
export function cdfAt(cdf: PiecewiseCdf, x: number): number {
  const { values, cumulative } = cdf;
  if (x < values[0]!) return 0;
  let level = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! <= x) level = cumulative[i]!;
    else {
      const v0 = values[i - 1]!;
      const c0 = cumulative[i - 1]!;
      return c0 + ((x - v0) / (values[i]! - v0)) * (cumulative[i]! - c0);
    }
  }
  return level;
}

/** The category whose interval [sum of earlier probabilities, + own) holds u. */
export function categoryAt(probabilities: readonly number[], u: number): number {
  let upper = 0;
  for (let j = 0; j < probabilities.length; j++) {
    upper += probabilities[j]!;
    if (u < upper) return j;
  }
  return probabilities.length - 1;
}

/**
 * A minimal sampler written from the model contract alone (z ~ N(0, R) by Cholesky, u = Φ(z),
 * invert per column), so the fit's side of the contract is checked without the real sampler.
 * Numbers come back with NaN for missing, categories as labels with null for missing.
 */
export function sampleFromContract(
  model: Model,
  rows: number,
  seed: number,
): Map<string, (number | string | null)[]> {
  const { dimensions, correlation } = model.copula;
  const d = dimensions.length;
  const lower = new CholeskyDecomposition(new Matrix(correlation)).lowerTriangularMatrix;
  const random = makeRandom(seed, 0);
  const normals = new Float64Array(d);
  const out = new Map<string, (number | string | null)[]>();
  for (const column of model.columns) out.set(column.name, []);
  for (let r = 0; r < rows; r++) {
    fillStandardNormal(random, normals);
    const u = new Map<string, number>();
    for (let i = 0; i < d; i++) {
      let z = 0;
      for (let j = 0; j <= i; j++) z += lower.get(i, j) * normals[j]!;
      const dim = dimensions[i]!;
      u.set(`${dim.column}:${dim.part}`, normalCdf(z));
    }
    for (const column of model.columns) {
      const target = out.get(column.name)!;
      if (column.kind === 'identifier' || column.kind === 'personal') {
        target.push(null);
        continue;
      }
      const missingU = u.get(`${column.name}:missing`);
      const valueU = u.get(`${column.name}:value`)!;
      if (missingU !== undefined && missingU >= 1 - column.missingRate) {
        target.push(column.kind === 'categorical' || column.kind === 'boolean' ? null : Number.NaN);
        continue;
      }
      switch (column.kind) {
        case 'numeric': {
          const scale = 10 ** (column.decimals ?? 15);
          target.push(Math.round(inverseCdf(column.cdf, valueU) * scale) / scale);
          break;
        }
        case 'integer':
          target.push(Math.round(inverseCdf(column.cdf, valueU)));
          break;
        case 'datetime':
          target.push(inverseCdf(column.cdf, valueU));
          break;
        case 'categorical':
          target.push(column.categories[categoryAt(column.probabilities, valueU)]!);
          break;
        case 'boolean':
          target.push(valueU >= 1 - column.trueProbability ? 'true' : 'false');
          break;
      }
    }
  }
  return out;
}

/** Kolmogorov–Smirnov distance between two samples (NaN ignored). */
export function ksDistance(a: readonly number[], b: readonly number[]): number {
  const x = a.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  const y = b.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    distance = Math.max(distance, Math.abs(i / x.length - j / y.length));
  }
  return distance;
}

/** Spearman rank correlation of paired samples, over pairs where both are present. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const pairs = a.map((v, i) => [v, b[i]!] as const).filter(([p, q]) => !Number.isNaN(p) && !Number.isNaN(q));
  const rank = (values: number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
    const ranks = new Array<number>(values.length);
    for (let s = 0; s < order.length; ) {
      let e = s;
      while (e + 1 < order.length && order[e + 1]![0] === order[s]![0]) e++;
      for (let t = s; t <= e; t++) ranks[order[t]![1]] = (s + e) / 2;
      s = e + 1;
    }
    return ranks;
  };
  const ra = rank(pairs.map((p) => p[0]));
  const rb = rank(pairs.map((p) => p[1]));
  const n = ra.length;
  const mean = (n - 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i]! - mean) * (rb[i]! - mean);
    saa += (ra[i]! - mean) ** 2;
    sbb += (rb[i]! - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** A table's columns as plain arrays (null for missing), to edit and rebuild. */
export function columnsOf(table: Table): Map<string, (string | number | null)[]> {
  const out = new Map<string, (string | number | null)[]>();
  for (const field of table.schema.fields) {
    const vector = table.getChild(field.name)!;
    const values: (string | number | null)[] = [];
    for (let i = 0; i < vector.length; i++) {
      const cell = vector.get(i) as unknown;
      values.push(cell === null || cell === undefined ? null : (cell as string | number));
    }
    out.set(field.name, values);
  }
  return out;
}

/** Rebuilds a table from edited columns, typing each as numbers if every present cell is a number. */
export function tableOf(columns: Map<string, (string | number | null)[]>): Table {
  const names = [...columns.keys()];
  const parsed: ParsedColumn[] = names.map((name) => {
    const values = columns.get(name)!;
    return values.every((v) => v === null || typeof v === 'number')
      ? { type: 'number', values: values as (number | null)[] }
      : { type: 'string', values: values.map((v) => (v === null ? null : String(v))) };
  });
  return tableFromColumns(names, parsed);
}

/**
 * A checker of why a knot value may be stored under the k rule (see src/model/private-cdf.ts), or
 * null if it may not: held by ≥ k rows, the k-th smallest or largest value, or the mean of k
 * consecutive order statistics between those two.
 */
export function knotOriginChecker(
  sorted: Float64Array,
  k: number,
): (value: number) => 'atom' | 'end' | 'window-mean' | 'mean-of-all' | null {
  const n = sorted.length;
  const counts = new Map<number, number>();
  for (const x of sorted) counts.set(x, (counts.get(x) ?? 0) + 1);
  const means: number[] = [];
  for (let start = k - 1; start + k - 1 <= n - k; start++) {
    let sum = 0;
    for (let i = start; i < start + k; i++) sum += sorted[i]!;
    means.push(sum / k);
  }
  means.sort((a, b) => a - b);
  const meanOfAll = sorted.reduce((a, b) => a + b, 0) / n;
  return (value) => {
    const close = (mean: number) => Math.abs(mean - value) <= 1e-9 * Math.max(1, Math.abs(value));
    if ((counts.get(value) ?? 0) >= k) return 'atom';
    if (value === sorted[k - 1] || value === sorted[n - k]) return 'end';
    let low = 0;
    let high = means.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (means[mid]! < value) low = mid + 1;
      else high = mid;
    }
    if ((low < means.length && close(means[low]!)) || (low > 0 && close(means[low - 1]!)))
      return 'window-mean';
    if (n < 2 * k - 1 && close(meanOfAll)) return 'mean-of-all';
    return null;
  };
}

/**
 * A CDF's knots without its smoothed tail ends: a first knot below the k-th smallest value or a last
 * knot above the k-th largest (src/model/private-cdf.ts extrapolateTails), which must lie between
 * that order statistic and the mean of the k most extreme values. Throws if one does not.
 */
export function withoutTailEnds(values: readonly number[], sorted: Float64Array, k: number): number[] {
  const n = sorted.length;
  const mean = (from: number, to: number) => sorted.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
  const out = [...values];
  if (out.length > 2 && out[0]! < sorted[k - 1]!) {
    if (out[0]! < mean(0, k) - 1e-9 * Math.max(1, Math.abs(out[0]!)))
      throw new Error('lower tail end beyond the mean of the k smallest');
    out.shift();
  }
  if (out.length > 2 && out.at(-1)! > sorted[n - k]!) {
    if (out.at(-1)! > mean(n - k, n) + 1e-9 * Math.max(1, Math.abs(out.at(-1)!)))
      throw new Error('upper tail end beyond the mean of the k largest');
    out.pop();
  }
  return out;
}

/** The finite values of a column, sorted. */
export function sortedFinite(values: readonly (number | string | null)[]): Float64Array {
  return Float64Array.from(
    values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v)),
  ).sort();
}

/** True when the matrix has a Cholesky factor. */
export function choleskySucceeds(matrix: number[][]): boolean {
  return new CholeskyDecomposition(new Matrix(matrix)).isPositiveDefinite();
}

/** True when `value` appears in JSON text as a number token of its own (not inside another number). */
export function containsNumber(json: string, value: number): boolean {
  const token = String(value).replace('.', '\\.');
  return new RegExp(`(?<![\\d.])-?${token}(?![\\d])`).test(json);
}
