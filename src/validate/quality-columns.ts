/**
 * Each quality column turned, once, into what the per-column and per-pair metrics need: sorted
 * values for KS, nanosecond values for correlations, bin codes and category codes for contingency
 * tables. Doing this per column rather than per pair is what keeps 190 pairs of a million rows cheap.
 */
import type { RandomSource } from '../stats/random.js';
import type { QualityMetricColumn } from './metric-column.js';
import type { CodedColumn } from './metrics/contingency-table.js';
import { nanosecondsFromMillis } from './metrics/correlation-similarity.js';
import { binCodes, histogramBinEdges } from './metrics/histogram-bins.js';
import { codeLabels, type LabelCodes } from './metrics/label-codes.js';
import { sampleRowIndices, takeAt } from './subsample.js';

/** Bins of the QualityReport's discretisation (np.histogram_bin_edges' default). */
export const PAIR_TREND_BINS = 10;

export type QualityColumn =
  | {
      readonly shape: 'continuous';
      readonly name: string;
      readonly sdtype: 'numerical' | 'datetime';
      /** Values with NaN for missing; datetimes in nanoseconds, SDMetrics' unit. */
      readonly real: Float64Array;
      readonly synthetic: Float64Array;
      /** Own-edge bins 1..11 (NaN in 11), for pairs with a discrete column. */
      readonly discrete: CodedColumn;
    }
  | {
      readonly shape: 'discrete';
      readonly name: string;
      readonly sdtype: 'categorical' | 'boolean';
      readonly codes: LabelCodes;
      readonly discrete: CodedColumn;
    };

/**
 * The QualityReport's discretisation of a continuous column (ColumnPairTrends._discretize_column):
 * unlike the standalone metric, the real and the synthetic column are each binned with their OWN
 * 10 equal-width edges, and the finite last edge puts the maximum (and NaN) in bin 11.
 */
export function ownEdgeBins(real: Float64Array, synthetic: Float64Array): CodedColumn {
  return {
    real: binCodes(real, histogramBinEdges(real, PAIR_TREND_BINS)),
    synthetic: binCodes(synthetic, histogramBinEdges(synthetic, PAIR_TREND_BINS)),
    levels: PAIR_TREND_BINS + 2,
  };
}

/** Pairs a column's real and synthetic sides. */
export function qualityColumn(real: QualityMetricColumn, synthetic: QualityMetricColumn): QualityColumn {
  if (real.name !== synthetic.name || real.sdtype !== synthetic.sdtype) {
    throw new TypeError(`real and synthetic columns differ: "${real.name}" and "${synthetic.name}"`);
  }
  switch (real.sdtype) {
    case 'numerical':
    case 'datetime': {
      const datetime = real.sdtype === 'datetime';
      const toUnit = (values: Float64Array) => (datetime ? nanosecondsFromMillis(values) : values);
      const realValues = toUnit(real.values);
      const syntheticValues = toUnit(synthetic.values as Float64Array);
      return {
        shape: 'continuous',
        name: real.name,
        sdtype: real.sdtype,
        real: realValues,
        synthetic: syntheticValues,
        discrete: ownEdgeBins(realValues, syntheticValues),
      };
    }
    case 'categorical':
    case 'boolean': {
      const codes = codeLabels(real.values, synthetic.values as readonly (string | null)[]);
      return {
        shape: 'discrete',
        name: real.name,
        sdtype: real.sdtype,
        codes,
        discrete: { real: codes.real, synthetic: codes.synthetic, levels: codes.categories + 1 },
      };
    }
  }
}

/** Row subsets for contingency pairs; null where a side keeps all its rows. */
export interface PairSubsample {
  readonly real: Int32Array | null;
  readonly synthetic: Int32Array | null;
}

/**
 * SDMetrics subsamples a contingency pair only when the larger table exceeds `rows`, and then each
 * side to min(rows, its length). One draw serves every pair: each pair still sees a uniform random
 * subsample, and coding 190 pairs from one gather per column is what makes large tables fast.
 */
export function pairSubsample(
  realRows: number,
  syntheticRows: number,
  rows: number | null,
  random: RandomSource,
): PairSubsample | null {
  if (rows === null || Math.max(realRows, syntheticRows) <= rows) return null;
  return {
    real: realRows > rows ? sampleRowIndices(realRows, rows, random) : null,
    synthetic: syntheticRows > rows ? sampleRowIndices(syntheticRows, rows, random) : null,
  };
}

/** The discrete codes of a column restricted to the subsample rows. */
export function subsampledCodes(column: CodedColumn, subsample: PairSubsample | null): CodedColumn {
  if (!subsample) return column;
  return {
    real: subsample.real ? takeAt(column.real, subsample.real) : column.real,
    synthetic: subsample.synthetic ? takeAt(column.synthetic, subsample.synthetic) : column.synthetic,
    levels: column.levels,
  };
}
