import { ksComplementSorted, sortedForKs } from './metrics/ks-complement.js';
import { tvComplementCoded } from './metrics/tv-complement.js';
import type { QualityColumn } from './quality-columns.js';

export type ColumnShapeMetric = 'KSComplement' | 'TVComplement';

/** One row of SDMetrics' Column Shapes details; score NaN with an error when incomputable. */
export interface ColumnShape {
  readonly metric: ColumnShapeMetric;
  readonly score: number;
  readonly error?: string;
}

/**
 * Column Shapes for one column (metrics.md §1.5): KSComplement for numerical and datetime columns,
 * TVComplement for categorical and boolean ones. O(n log n) for KS, O(n) for TV.
 */
export function columnShape(column: QualityColumn): ColumnShape {
  switch (column.shape) {
    case 'continuous': {
      const round = column.sdtype === 'numerical';
      const score = ksComplementSorted(sortedForKs(column.real, round), sortedForKs(column.synthetic, round));
      return { metric: 'KSComplement', score };
    }
    case 'discrete': {
      const score = tvComplementCoded(column.codes);
      if (!Number.isNaN(score)) return { metric: 'TVComplement', score };
      return {
        metric: 'TVComplement',
        score,
        error: 'IncomputableMetricError: The TVComplement metric must have 1 or more non-null values.',
      };
    }
  }
}
