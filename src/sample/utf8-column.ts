/**
 * Strings → the two buffers of an Arrow Utf8 column (int32 offsets and UTF-8 bytes), each in its own
 * ArrayBuffer so both can be transferred from a worker.
 */

/** @example utf8ColumnFromStrings(['a', 'é']) // { offsets: Int32Array [0, 1, 3], bytes: Uint8Array [97, 195, 169] } */
export function utf8ColumnFromStrings(strings: readonly string[]): {
  offsets: Int32Array;
  bytes: Uint8Array;
} {
  const offsets = new Int32Array(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    total += Buffer.byteLength(strings[i] as string, 'utf8');
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  // A Buffer view over the same memory writes UTF-8 in place, with no intermediate copies.
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < strings.length; i++) view.write(strings[i] as string, offsets[i] as number, 'utf8');
  return { offsets, bytes };
}
