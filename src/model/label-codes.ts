/**
 * Codes a batch of labels by first appearance: each label gets the next free code the first time
 * `codes` sees it, missing labels get -1. `codes` carries over between batches, so a column read in
 * ranges is coded as if read whole.
 * A plain loop: Int32Array.from with a mapping function was half of the stratum search's time.
 * @returns `slots`, filled for the labels' positions.
 */
export function codeLabels(
  labels: readonly (string | null | undefined)[],
  codes: Map<string, number>,
  slots: Int32Array = new Int32Array(labels.length),
): Int32Array {
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r];
    if (label === null || label === undefined) {
      slots[r] = -1;
      continue;
    }
    let code = codes.get(label);
    if (code === undefined) codes.set(label, (code = codes.size));
    slots[r] = code;
  }
  return slots;
}
