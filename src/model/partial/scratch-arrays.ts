/**
 * Typed arrays handed out afresh for each batch but backed by the same memory batch after batch:
 * the copula pass codes every column of every batch (and of each group's rows) into new arrays,
 * tens of MB a batch that the collector then had to reclaim. Each array is valid until the next
 * {@link ScratchArrays.reset}; its contents are whatever was there: the caller writes every element.
 */
export class ScratchArrays {
  private readonly floats: Float64Array[] = [];
  private readonly ints: Int32Array[] = [];
  private nextFloat = 0;
  private nextInt = 0;

  /** Hands the same arrays out again, from the first. */
  reset(): void {
    this.nextFloat = 0;
    this.nextInt = 0;
  }

  float(length: number): Float64Array {
    let buffer = this.floats[this.nextFloat];
    if (buffer === undefined || buffer.length < length) {
      buffer = new Float64Array(length);
      this.floats[this.nextFloat] = buffer;
    }
    this.nextFloat++;
    return buffer.subarray(0, length);
  }

  int(length: number): Int32Array {
    let buffer = this.ints[this.nextInt];
    if (buffer === undefined || buffer.length < length) {
      buffer = new Int32Array(length);
      this.ints[this.nextInt] = buffer;
    }
    this.nextInt++;
    return buffer.subarray(0, length);
  }
}

/** New arrays each time: for callers that keep what they get. */
export const FRESH_ARRAYS = {
  float: (length: number) => new Float64Array(length),
  int: (length: number) => new Int32Array(length),
};

export type ArraySource = Pick<ScratchArrays, 'float' | 'int'>;
