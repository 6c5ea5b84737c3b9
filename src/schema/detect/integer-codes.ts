/**
 * Telling integer codes (product 1-10, region 1-4) from counts (children 0-6, family size 1-8) by
 * the values alone. Both are small runs of consecutive integers; they differ in shape. A count's
 * frequencies rise to one peak and fall away (Poisson-, binomial- or geometric-like), while codes
 * number unrelated things, so their frequencies jump up and down with several separate peaks.
 */

/** Codes are few: more than this many distinct values is a measurement, whatever its shape. */
export const MAX_CODE_VALUES = 20;

/** A dip between two peaks counts when it falls below this share of the lower peak. */
const DIP_RATIO = 0.5;

/**
 * The number of clearly separate peaks in a frequency sequence (frequencies of consecutive
 * values): a new peak counts only if the dip before it is below half of both peaks around it and
 * the peak holds at least `minPeak` rows (so a few stray rows do not make a peak).
 * @example separatePeaks([1766, 699, 243, 593, 315, 74, 319, 203, 225, 33], 90) // 3
 * @example separatePeaks([58, 173, 108, 122, 41, 12, 1, 1], 10) // 1
 */
export function separatePeaks(frequencies: readonly number[], minPeak: number): number {
  let peaks = 0;
  let peak = -1; // height of the current peak, -1 before the first
  let dip = Number.POSITIVE_INFINITY; // lowest point since the current peak
  for (let i = 0; i < frequencies.length; i++) {
    const f = frequencies[i]!;
    const next = frequencies[i + 1] ?? -1;
    if (f < dip) dip = f;
    const isLocalMax = f >= (frequencies[i - 1] ?? -1) && f > next;
    if (!isLocalMax || f < minPeak) continue;
    if (peak < 0) {
      peaks = 1;
      peak = f;
    } else if (dip < DIP_RATIO * Math.min(peak, f)) {
      peaks++;
      peak = f;
    } else {
      peak = Math.max(peak, f);
    }
    dip = Number.POSITIVE_INFINITY;
  }
  return peaks;
}

/**
 * Whether integer values look like category codes: 3 to {@link MAX_CODE_VALUES} distinct values that
 * fill a run starting at 0 or 1, with at least two separate peaks in their frequencies.
 * @param counts rows per distinct value.
 */
export function looksLikeIntegerCodes(counts: ReadonlyMap<number, number>): boolean {
  const values = [...counts.keys()].sort((a, b) => a - b);
  const k = values.length;
  if (k < 3 || k > MAX_CODE_VALUES) return false;
  const min = values[0]!;
  if ((min !== 0 && min !== 1) || values[k - 1]! - min !== k - 1) return false;
  const rows = [...counts.values()].reduce((a, b) => a + b, 0);
  const frequencies = values.map((v) => counts.get(v)!);
  return separatePeaks(frequencies, Math.max(5, 0.02 * rows)) >= 2;
}
