/**
 * Reused output buffers. A chunk's column buffers travel to the main thread by transfer and, once
 * their bytes are in the file, back to a worker with a later task, which samples into them instead
 * of allocating. Without this every chunk leaves megabytes of external memory on the main thread
 * that V8 frees only at a full collection, so memory grew with the row count unless the sampler
 * forced one every few chunks, and those collections cost more CPU than writing the file.
 */

/** A typed array constructor the sampler allocates column buffers with. */
type TypedArrayOf<T> = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/** Spare ArrayBuffers by byte length; {@link BufferBag.take} zero-fills, as a fresh allocation is. */
export class BufferBag {
  private readonly spare = new Map<number, ArrayBuffer[]>();
  private bytes = 0;

  /** @param limit bytes kept at most; buffers beyond it are left to the garbage collector. */
  constructor(private readonly limit = 64 * 1024 * 1024) {}

  add(buffers: readonly ArrayBuffer[]): void {
    for (const buffer of buffers) {
      const length = buffer.byteLength;
      // A detached buffer (already transferred away) has no bytes left to reuse.
      if (length === 0 || this.bytes + length > this.limit) continue;
      const list = this.spare.get(length);
      if (list === undefined) this.spare.set(length, [buffer]);
      else list.push(buffer);
      this.bytes += length;
    }
  }

  /** A zeroed `length`-element array of `type`, on a spare buffer of exactly that size when one is here. */
  take<T>(type: TypedArrayOf<T>, length: number): T {
    const byteLength = length * type.BYTES_PER_ELEMENT;
    const buffer = this.spare.get(byteLength)?.pop();
    if (buffer === undefined) return new type(length);
    this.bytes -= byteLength;
    new Uint8Array(buffer).fill(0);
    return new type(buffer, 0, length);
  }

  /** Every spare buffer, handed over (the bag is empty afterwards). */
  drain(): ArrayBuffer[] {
    const all = [...this.spare.values()].flat();
    this.spare.clear();
    this.bytes = 0;
    return all;
  }
}
