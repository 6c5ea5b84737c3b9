/**
 * How much discreteness weakens each copula dimension's correlations in a private model, for the
 * correction of discreteness-correction.ts. Post-processing: it reads only the released marginals.
 */
import { attenuationOfLayout, dimensionAttenuation } from '../discreteness-correction.js';
import type { CopulaDimension, ModelledColumnModel } from '../model-format.js';

/**
 * Smallest attenuation used: dividing by s multiplies the noise of a correlation too, and a rare
 * flag's s would multiply it many-fold.
 */
export const MIN_PRIVATE_ATTENUATION = 0.5;

/**
 * s of one dimension of a private model. Categories, booleans and missing flags as the plain fit
 * computes them; for a number column, each CDF segment no wider than one lattice step (a released
 * point mass, or a bin of one unit) is a discrete interval, since every row in it gets a random
 * score inside it, and wider segments are continuous. Floored at {@link MIN_PRIVATE_ATTENUATION}.
 * @param step the column's lattice step (1, 10^-decimals, a day or a millisecond).
 */
export function privateAttenuation(
  column: ModelledColumnModel,
  part: CopulaDimension['part'],
  step: number,
): number {
  if (part === 'missing' || !('cdf' in column)) {
    return Math.max(MIN_PRIVATE_ATTENUATION, dimensionAttenuation(column, part));
  }
  const { values, cumulative } = column.cdf;
  const breaks = [0];
  const discrete: boolean[] = [];
  for (let i = 0; i + 1 < values.length; i++) {
    if (!(cumulative[i + 1]! > cumulative[i]!)) continue;
    breaks.push(cumulative[i + 1]!);
    discrete.push(values[i + 1]! - values[i]! <= step * (1 + 1e-9));
  }
  breaks[breaks.length - 1] = 1;
  return Math.max(MIN_PRIVATE_ATTENUATION, attenuationOfLayout(breaks, discrete));
}
