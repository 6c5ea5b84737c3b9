/**
 * Column builders for the block-by-block CSV reader (csv-stream.ts): a column of numbers and a
 * column of text, appended to cell by cell from the file's bytes, with no string per cell.
 * Text is dictionary-encoded from the bytes (a hash over each cell's bytes), with indices as narrow
 * as the dictionary allows: a category column of a million rows is a million bytes, not a string
 * per row, which matters because on the machines doppel runs on every fresh page of memory costs
 * (3 ms per MB measured on the 2-core VM, more than parsing it). A column with more distinct
 * values than {@link MAX_DICTIONARY} becomes plain Utf8, as the whole-file reader builds it.
 * These are the reader's hot loops, so they are written by hand over typed arrays. They run in
 * worker threads too, so they hand back plain typed arrays (a {@link ColumnPart}), not Arrow.
 */

/** One column of one byte range of the file, as built (csv-column-parts.ts makes the Arrow vector). */
export type ColumnPart =
  | {
      readonly kind: 'numbers';
      /** NaN for missing cells. */
      readonly values: Float64Array;
      /** False while no cell was a number: the column may still be text (see csv-range.ts). */
      readonly decided: boolean;
      /** Missing markers (`NA`, spaces) met while undecided: text if the column is text. */
      readonly markers: boolean;
    }
  | {
      readonly kind: 'dictionary';
      /** -1 for null. */
      readonly indices: Int8Array | Int16Array | Int32Array;
      readonly entryOffsets: Int32Array;
      readonly entryBytes: Uint8Array;
    }
  | { readonly kind: 'plain'; readonly offsets: Int32Array; readonly bytes: Uint8Array };

import { ByteBuilder } from './byte-builder.js';

/** Distinct values past which a text column is stored as plain Utf8 rather than a dictionary. */
export const MAX_DICTIONARY = 1 << 16;

function grownTo<T extends Float64Array | Int8Array | Int16Array | Int32Array>(old: T, capacity: number): T {
  const bigger = new (old.constructor as new (n: number) => T)(capacity);
  bigger.set(old);
  return bigger;
}

/** Numbers, NaN for a missing cell (a present number is never NaN: "NaN" is a missing marker). */
export class NumberColumnBuilder {
  values: Float64Array;
  length = 0;
  missing = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(Math.max(1, capacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.values = grownTo(this.values, this.length * 2);
    this.values[this.length++] = value;
  }

  pushMissing(): void {
    this.push(Number.NaN);
    this.missing++;
  }

  /** The numbers so far (a view of the builder's array). */
  part(decided: boolean, markers: boolean): ColumnPart {
    return { kind: 'numbers', values: this.values.subarray(0, this.length), decided, markers };
  }
}

const FNV_OFFSET = 0x811c9dc5;
/** Dictionaries of at most this many entries are searched entry by entry rather than hashed (see push). */
const SMALL_DICTIONARY = 16;
const FNV_PRIME = 16777619;

/**
 * Bytes that keep an entry out of {@link TextColumnBuilder.pushMatchAt}: any that could quote,
 * escape or end a field in the formats whose tokenizers call it (control characters, the quote,
 * backslash, and the CSV delimiters other than tab).
 */
const UNMATCHABLE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) UNMATCHABLE[b] = 1;
for (const b of [0x22, 0x5c, 0x2c, 0x3b, 0x7c]) UNMATCHABLE[b] = 1;
const LF = 0x0a;

/** Text cells as byte strings, null for an empty field. */
export class TextColumnBuilder {
  length = 0;
  /** Dictionary indices per row (-1 for null), widened from Int8 as the dictionary grows. */
  private indices: Int8Array | Int16Array | Int32Array;
  private readonly entryBytes = new ByteBuilder(1 << 12);
  private entryOffsets = new Int32Array(257);
  /** Per entry, 1 when it holds no {@link UNMATCHABLE} byte. */
  private entryMatchable = new Uint8Array(256);
  private entries = 0;
  /** The entry the last present cell matched, -1 before any. */
  private lastEntry = -1;
  /** Open addressing: entry index + 1 per slot, 0 for empty. */
  private slots = new Int32Array(1024);
  private slotHashes = new Int32Array(1024);
  /** Plain Utf8 once the dictionary is too big: offsets per row and the bytes. */
  private plainOffsets: Int32Array | null = null;
  private plainBytes: ByteBuilder | null = null;

  constructor(private capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.indices = new Int8Array(this.capacity);
  }

  pushNull(): void {
    if (this.plainOffsets !== null) {
      this.ensurePlainRoom();
      this.plainOffsets[this.length + 1] = this.plainBytes!.length;
      this.length++;
      return;
    }
    this.ensureRoom();
    this.indices[this.length++] = -1;
  }

  /** Appends `bytes[start, end)` (UTF-8, already unescaped, at least one byte) as one present cell. */
  push(bytes: Uint8Array, start: number, end: number): void {
    if (this.plainOffsets !== null) {
      this.ensurePlainRoom();
      this.plainBytes!.append(bytes, start, end);
      this.plainOffsets[this.length + 1] = this.plainBytes!.length;
      this.length++;
      return;
    }
    // The previous row's value first: in a category column it is often the same, and a length
    // or first-byte mismatch is found at once, so this costs less than the hash it saves.
    const last = this.lastEntry;
    if (last >= 0 && this.sameBytes(last, bytes, start, end)) {
      this.append(last);
      return;
    }
    // A small dictionary (most category columns: yes/no, a handful of plans) is searched entry by
    // entry, where comparing lengths rejects most entries at once: cheaper than hashing every byte
    // of every cell (a third of the CSV reader's time went to this method). Larger ones are hashed.
    const entries = this.entries;
    if (entries <= SMALL_DICTIONARY) {
      const offsets = this.entryOffsets;
      const length = end - start;
      for (let entry = 0; entry < entries; entry++) {
        if (offsets[entry + 1]! - offsets[entry]! === length && this.sameBytes(entry, bytes, start, end)) {
          this.append(entry);
          this.lastEntry = entry;
          return;
        }
      }
    }
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const held = this.slots[slot]!;
      if (held === 0) break;
      if (this.slotHashes[slot] === hash && this.sameBytes(held - 1, bytes, start, end)) {
        this.append(held - 1);
        this.lastEntry = held - 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (this.entries === MAX_DICTIONARY) {
      this.becomePlain();
      this.push(bytes, start, end);
      return;
    }
    const entry = this.addEntry(bytes, start, end);
    this.slots[slot] = entry + 1;
    this.slotHashes[slot] = hash;
    if (this.entries * 2 > this.slots.length) this.rehash();
    this.append(entry);
    this.lastEntry = entry;
  }

  /**
   * For a tokenizer that has not yet found where the field at `at` ends: if the bytes there are
   * the last cell's value or a small dictionary's entry, followed by a byte `ends` marks (1: ends
   * the field; 2: ends it when a line feed follows, CR of CR LF), pushes that entry and returns
   * where its bytes end; else -1, and the caller scans the field and calls {@link push}. One pass
   * over a category cell's bytes instead of two (the scan for its end, then the comparison): text
   * columns were a quarter of reading a CSV file. Entries holding a byte that could end or quote a
   * field are never matched, so a match is exactly the field the tokenizer would have found.
   */
  pushMatchAt(bytes: Uint8Array, at: number, ends: Uint8Array): number {
    if (this.plainOffsets !== null) return -1;
    const last = this.lastEntry;
    if (last >= 0) {
      const after = this.matchEnd(last, bytes, at, ends);
      if (after !== -1) {
        this.append(last);
        return after;
      }
    }
    const entries = this.entries;
    if (entries > SMALL_DICTIONARY) return -1;
    for (let entry = 0; entry < entries; entry++) {
      if (entry === last) continue;
      const after = this.matchEnd(entry, bytes, at, ends);
      if (after !== -1) {
        this.append(entry);
        this.lastEntry = entry;
        return after;
      }
    }
    return -1;
  }

  /** Where `entry`'s bytes end if they are at `at` and followed by a byte `ends` marks, else -1. */
  private matchEnd(entry: number, bytes: Uint8Array, at: number, ends: Uint8Array): number {
    if (this.entryMatchable[entry] === 0) return -1;
    const from = this.entryOffsets[entry]!;
    const after = at + this.entryOffsets[entry + 1]! - from;
    if (after >= bytes.length) return -1;
    const stop = ends[bytes[after]!]!;
    if (stop === 0 || (stop === 2 && bytes[after + 1] !== LF)) return -1;
    const held = this.entryBytes.bytes;
    for (let i = at, j = from; i < after; i++, j++) if (held[j] !== bytes[i]) return -1;
    return after;
  }

  private append(entry: number): void {
    if (this.length === this.capacity) this.ensureRoom();
    this.indices[this.length++] = entry;
  }

  private sameBytes(entry: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.entryOffsets[entry]!;
    if (this.entryOffsets[entry + 1]! - from !== end - start) return false;
    const held = this.entryBytes.bytes;
    for (let i = start, j = from; i < end; i++, j++) if (held[j] !== bytes[i]) return false;
    return true;
  }

  private addEntry(bytes: Uint8Array, start: number, end: number): number {
    const entry = this.entries++;
    this.entryBytes.append(bytes, start, end);
    if (this.entries + 1 > this.entryOffsets.length) {
      const bigger = new Int32Array(this.entryOffsets.length * 2);
      bigger.set(this.entryOffsets);
      this.entryOffsets = bigger;
    }
    this.entryOffsets[this.entries] = this.entryBytes.length;
    if (entry === this.entryMatchable.length) {
      const bigger = new Uint8Array(entry * 2);
      bigger.set(this.entryMatchable);
      this.entryMatchable = bigger;
    }
    let matchable = 1;
    for (let i = start; i < end; i++) if (UNMATCHABLE[bytes[i]!] === 1) matchable = 0;
    this.entryMatchable[entry] = matchable;
    // Indices stay signed (Arrow's dictionary index types are signed) with -1 for null.
    if (this.entries === 128 && this.indices instanceof Int8Array) {
      this.indices = Int16Array.from(this.indices.subarray(0, this.capacity));
    } else if (this.entries === 32_768 && this.indices instanceof Int16Array) {
      this.indices = Int32Array.from(this.indices.subarray(0, this.capacity));
    }
    return entry;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const slots = new Int32Array(size);
    const hashes = new Int32Array(size);
    for (let s = 0; s < this.slots.length; s++) {
      const held = this.slots[s]!;
      if (held === 0) continue;
      let slot = this.slotHashes[s]! & (size - 1);
      while (slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      slots[slot] = held;
      hashes[slot] = this.slotHashes[s]!;
    }
    this.slots = slots;
    this.slotHashes = hashes;
  }

  private ensureRoom(): void {
    if (this.length < this.capacity) return;
    this.capacity *= 2;
    this.indices = grownTo(this.indices, this.capacity);
  }

  private ensurePlainRoom(): void {
    if (this.length + 1 < this.plainOffsets!.length) return;
    const bigger = new Int32Array(this.plainOffsets!.length * 2);
    bigger.set(this.plainOffsets!);
    this.plainOffsets = bigger;
  }

  /** Rewrites the rows so far as plain Utf8 and keeps appending that way. */
  private becomePlain(): void {
    const offsets = new Int32Array(Math.max(this.capacity, this.length + 1) + 1);
    const out = new ByteBuilder(Math.max(1 << 16, this.entryBytes.length * 4));
    const held = this.entryBytes.bytes;
    for (let r = 0; r < this.length; r++) {
      const entry = this.indices[r]!;
      if (entry >= 0) out.append(held, this.entryOffsets[entry]!, this.entryOffsets[entry + 1]!);
      offsets[r + 1] = out.length;
    }
    this.plainOffsets = offsets;
    this.plainBytes = out;
  }

  /** The cells so far: a dictionary, or plain Utf8 past {@link MAX_DICTIONARY} distinct values. */
  part(): ColumnPart {
    if (this.plainOffsets !== null) {
      return {
        kind: 'plain',
        offsets: this.plainOffsets.subarray(0, this.length + 1),
        bytes: this.plainBytes!.view(),
      };
    }
    return {
      kind: 'dictionary',
      indices: this.indices.subarray(0, this.length),
      entryOffsets: this.entryOffsets.subarray(0, this.entries + 1),
      entryBytes: this.entryBytes.view(),
    };
  }
}

/**
 * A text column for a column that was undecided for its first `rows` rows: nulls, except the
 * missing markers met there (`NA`, spaces), which are its text now that it is text.
 */
export function textBuilderFromMarkers(
  capacity: number,
  rows: number,
  markerRows: readonly number[],
  markerBytes: readonly Uint8Array[],
): TextColumnBuilder {
  const text = new TextColumnBuilder(capacity);
  let next = 0;
  for (let r = 0; r < rows; r++) {
    if (markerRows[next] === r) {
      const bytes = markerBytes[next++]!;
      text.push(bytes, 0, bytes.length);
    } else text.pushNull();
  }
  return text;
}
