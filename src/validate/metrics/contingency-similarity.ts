import type { RandomSource } from '../../stats/random.js';
import { sampleRowIndices, takeAt } from '../subsample.js';
import { type CodedColumn, type ContingencyTable, contingencyTable } from './contingency-table.js';
import { cramersV } from './cramers-v.js';
import { binCodes, histogramBinEdges } from './histogram-bins.js';
import { codeLabels, codeNumbers } from './label-codes.js';
import { pairwiseSum } from './pairwise-sum.js';

/**
 * 1 − ½ Σ |P_real(a, b) − P_synthetic(a, b)| over the cells present on either side, the shares being
 * counts over all rows (missing values are cells too). O(cells).
 */
export function contingencySimilarityFromTable(table: ContingencyTable): number {
  const { real, synthetic, realRows, syntheticRows } = table;
  const halves = new Float64Array(real.length);
  // SDMetrics: diff = |real − synthetic|; variation = diff / 2; score = 1 − variation.sum().
  for (let k = 0; k < real.length; k++) {
    halves[k] = Math.abs(real[k]! / realRows - synthetic[k]! / syntheticRows) / 2;
  }
  return 1 - pairwiseSum(halves);
}

/** A column for the standalone metric: labels (null = missing) or numbers (NaN = missing). */
export type ContingencyValues = readonly (string | null)[] | Float64Array;

export interface ContingencySimilarityOptions {
  /** Which of the two columns are continuous and get binned (SDMetrics `continuous_column_names`). */
  readonly continuous?: readonly [boolean, boolean];
  /** Equal-width bins of a continuous column, edges from the real data (default 10). */
  readonly numDiscreteBins?: number;
  /** The pair is scored only when the real Cramér's V exceeds this (default 0: always scored). */
  readonly realAssociationThreshold?: number;
  /** Score a random subsample of this many rows of each side (SDMetrics `num_rows_subsample`). */
  readonly subsample?: { readonly rows: number; readonly random: RandomSource };
}

export interface ContingencySimilarityResult {
  readonly score: number;
  /** Cramér's V of the real pair; NaN unless a positive threshold asked for it (as in SDMetrics). */
  readonly realAssociation: number;
}

function subsampled(values: ContingencyValues, indices: Int32Array | null): ContingencyValues {
  if (!indices) return values;
  if (values instanceof Float64Array) return takeAt(values, indices);
  return Array.from(indices, (i) => values[i] ?? null);
}

function codedColumn(
  real: ContingencyValues,
  synthetic: ContingencyValues,
  bins: number | null,
): CodedColumn {
  if (real instanceof Float64Array && synthetic instanceof Float64Array) {
    if (bins !== null) {
      // `sdmetrics.utils.discretize_column`: edges from the real data only, outer edges ±∞.
      const edges = histogramBinEdges(real, bins);
      edges[0] = Number.NEGATIVE_INFINITY;
      edges[bins] = Number.POSITIVE_INFINITY;
      return { real: binCodes(real, edges), synthetic: binCodes(synthetic, edges), levels: bins + 2 };
    }
    const codes = codeNumbers(real, synthetic);
    return { real: codes.real, synthetic: codes.synthetic, levels: codes.categories + 1 };
  }
  if (real instanceof Float64Array || synthetic instanceof Float64Array || bins !== null) {
    throw new TypeError('a continuous column must be numbers on both sides, a categorical one labels');
  }
  const codes = codeLabels(real, synthetic);
  return { real: codes.real, synthetic: codes.synthetic, levels: codes.categories + 1 };
}

/**
 * ContingencySimilarity (SDMetrics, metrics.md §1.4), the standalone metric: 1 − total variation
 * distance between the real and synthetic joint distributions of two discrete columns, missing
 * values being a category of their own. A continuous column is first cut into `numDiscreteBins`
 * equal-width bins with edges from the real data and open outer ends. With a positive
 * `realAssociationThreshold` the pair is scored only when the real Cramér's V exceeds it.
 * (The QualityReport bins differently; see `qualityReport`.) O(n + m + cells).
 * @example contingencySimilarity(
 *   [Float64Array.of(1.0, 2.4, 2.6, 0.8), Float64Array.of(1, 2, 3, 4)],
 *   [Float64Array.of(1.0, 1.8, 2.6, 1.0), Float64Array.of(2, 3, 7, -10)],
 *   { continuous: [false, true], numDiscreteBins: 4 }).score // 0.25
 */
export function contingencySimilarity(
  real: readonly [ContingencyValues, ContingencyValues],
  synthetic: readonly [ContingencyValues, ContingencyValues],
  options: ContingencySimilarityOptions = {},
): ContingencySimilarityResult {
  const bins = options.numDiscreteBins ?? 10;
  const threshold = options.realAssociationThreshold ?? 0;
  const continuous = options.continuous ?? [false, false];
  let realIndices: Int32Array | null = null;
  let syntheticIndices: Int32Array | null = null;
  if (options.subsample) {
    const { rows, random } = options.subsample;
    realIndices = sampleRowIndices(real[0].length, rows, random);
    syntheticIndices = sampleRowIndices(synthetic[0].length, rows, random);
  }
  const [a, b] = ([0, 1] as const).map((c) =>
    codedColumn(
      subsampled(real[c], realIndices),
      subsampled(synthetic[c], syntheticIndices),
      continuous[c] ? bins : null,
    ),
  ) as [CodedColumn, CodedColumn];
  const table = contingencyTable(a, b);
  let realAssociation = Number.NaN;
  if (threshold > 0) {
    realAssociation = cramersV(table);
    if (Number.isNaN(realAssociation) || realAssociation <= threshold) {
      return { score: Number.NaN, realAssociation };
    }
  }
  return { score: contingencySimilarityFromTable(table), realAssociation };
}
