import type { NumericColumnModel } from '../../model/model-format.js';
import { fastNormalCdf } from '../../stats/normal-cdf-table.js';
import { type InverseCdfTable, inverseCdfAt, makeInverseCdfTable } from '../inverse-cdf.js';
import { roundHalfUp } from '../round-half-up.js';
import type { CopulaParts } from './missing.js';

const TWO_POW_52 = 2 ** 52;

export interface PreparedNumeric extends CopulaParts {
  readonly kind: 'numeric';
  readonly table: InverseCdfTable;
  /** 10^decimals, or 0 when values are not rounded. */
  readonly scale: number;
}

export function prepareNumeric(column: NumericColumnModel, parts: CopulaParts): PreparedNumeric {
  return {
    kind: 'numeric',
    ...parts,
    table: makeInverseCdfTable(column.cdf, column.name),
    scale: column.decimals === null ? 0 : 10 ** column.decimals,
  };
}

/** x = F⁻¹(Φ(z)) rounded to the model's decimals, for one block of scores, to rows `at` of the chunk. */
export function sampleNumeric(
  column: PreparedNumeric,
  z: Float64Array,
  rows: number,
  out: Float64Array,
  at: Int32Array,
): void {
  const base = column.dimension * rows;
  const { table, scale } = column;
  for (let r = 0; r < rows; r++) {
    const x = inverseCdfAt(table, fastNormalCdf(z[base + r] as number));
    // Beyond 2⁵² a double has no decimals to round, and x · scale could overflow to ±Infinity.
    out[at[r] as number] = scale === 0 || !(Math.abs(x) < TWO_POW_52) ? x : roundHalfUp(x * scale) / scale;
  }
}
