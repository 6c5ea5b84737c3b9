/**
 * The design matrix of the utility models: every quality column except the target, as numbers.
 * Learned from the real training rows only and then applied unchanged to the synthetic training
 * rows and the real test rows, so both models see exactly the same features.
 */
import { isQualityColumn, type MetricColumn } from '../metric-column.js';
import { type Scale, scaleOf } from './standardise.js';

/** At most this many one-hot categories per column (the most frequent); the rest share all-zero dummies. */
export const MAX_CATEGORIES_PER_FEATURE = 30;

type Feature =
  | { readonly type: 'value'; readonly column: number; readonly scale: Scale }
  | { readonly type: 'missing'; readonly column: number; readonly scale: Scale }
  | { readonly type: 'category'; readonly column: number; readonly label: string; readonly scale: Scale };

/** Encodes rows of a table whose columns are in the same order as the one the encoder was made from. */
export interface FeatureEncoder {
  /** Number of features (columns of the design matrix, without an intercept). */
  readonly width: number;
  /** Row-major n × width matrix of the given rows. O(n · width). */
  encode(columns: readonly MetricColumn[], rows: Int32Array): Float64Array;
}

function rawValue(column: MetricColumn, feature: Feature, row: number): number {
  const value = column.values[row];
  switch (feature.type) {
    case 'value':
      return Number.isNaN(value as number) ? Number.NaN : (value as number);
    case 'missing':
      return value === null || Number.isNaN(value as number) ? 1 : 0;
    case 'category':
      return value === feature.label ? 1 : 0;
  }
}

function featureValues(column: MetricColumn, feature: Feature, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rawValue(column, feature, rows[i]!);
  return out;
}

/** Categories held by at least `minCount` training rows, most frequent first, at most {@link MAX_CATEGORIES_PER_FEATURE}. */
function frequentLabels(values: readonly (string | null)[], rows: Int32Array, minCount: number): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const label = values[row];
    if (label !== null && label !== undefined) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CATEGORIES_PER_FEATURE)
    .map(([label]) => label);
}

/**
 * Learns the features from the real training rows: a numerical or datetime column becomes its
 * standardised value (missing → the mean, i.e. 0) plus a missing indicator when the training rows
 * have gaps; a categorical or boolean column becomes one standardised dummy per category held by at
 * least `minCount` training rows (a rare category is never singled out). Key columns and
 * `excluded` (the target) are left out. O(n · width).
 */
export function makeFeatureEncoder(
  columns: readonly MetricColumn[],
  trainRows: Int32Array,
  excluded: string,
  minCount: number,
): FeatureEncoder {
  const unscaled: Feature[] = [];
  const none: Scale = { mean: 0, sd: 1 };
  columns.forEach((column, c) => {
    if (!isQualityColumn(column) || column.name === excluded) return;
    if (column.sdtype === 'numerical' || column.sdtype === 'datetime') {
      unscaled.push({ type: 'value', column: c, scale: none });
      const missing = { type: 'missing', column: c, scale: none } as const;
      if (featureValues(column, missing, trainRows).some((v) => v === 1)) unscaled.push(missing);
      return;
    }
    for (const label of frequentLabels(column.values as readonly (string | null)[], trainRows, minCount)) {
      unscaled.push({ type: 'category', column: c, label, scale: none });
    }
  });
  const features = unscaled.map((feature) => ({
    ...feature,
    scale: scaleOf(featureValues(columns[feature.column]!, feature, trainRows)),
  }));
  return {
    width: features.length,
    encode(table, rows) {
      const width = features.length;
      const out = new Float64Array(rows.length * width);
      features.forEach((feature, f) => {
        const column = table[feature.column]!;
        const { mean, sd } = feature.scale;
        for (let i = 0; i < rows.length; i++) {
          const v = rawValue(column, feature, rows[i]!);
          out[i * width + f] = Number.isNaN(v) ? 0 : (v - mean) / sd;
        }
      });
      return out;
    },
  };
}
