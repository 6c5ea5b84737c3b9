/**
 * A growable byte buffer for the hand-written encoders (CSV, JSON Lines, Parquet pages): appends
 * into one Uint8Array, doubling it when full, so encoding a record batch makes no per-cell object.
 */
const ENCODER = new TextEncoder();

export class ByteBuilder {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(value: number): void {
    if (this.length === this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** Appends bytes; short runs by a loop, since `set` costs more than it copies below ~16 bytes. */
  append(source: Uint8Array, start = 0, end = source.length): void {
    const n = end - start;
    this.reserve(n);
    if (n < 16) {
      const bytes = this.bytes;
      let at = this.length;
      for (let i = start; i < end; i++) bytes[at++] = source[i]!;
    } else {
      this.bytes.set(source.subarray(start, end), this.length);
    }
    this.length += n;
  }

  /** Appends an ASCII string (number and date text) one char code a byte. */
  ascii(text: string): void {
    const n = text.length;
    this.reserve(n);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) bytes[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Appends a string as UTF-8: ASCII char by char, anything else through TextEncoder. */
  utf8(text: string): void {
    const n = text.length;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(n * 3);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) {
        this.length += ENCODER.encodeInto(text, bytes.subarray(this.length)).written;
        return;
      }
      bytes[at++] = code;
    }
    this.length = at;
  }

  /** Appends a non-negative integer below 2^53 in decimal. */
  unsigned(value: number): void {
    if (value < 10) {
      this.byte(48 + value);
      return;
    }
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    this.reserve(digits);
    let at = this.length + digits;
    this.length = at;
    for (let v = value; digits > 0; digits--) {
      const next = Math.floor(v / 10);
      this.bytes[--at] = 48 + (v - next * 10);
      v = next;
    }
  }

  /** Appends a safe integer in decimal, as `String(value)` writes it. */
  integer(value: number): void {
    if (value < 0) {
      this.byte(45);
      this.unsigned(-value);
    } else this.unsigned(value);
  }

  /** The bytes written so far (a view, valid until the next append). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** The bytes written so far in a buffer of their own, exactly sized (for a transfer list). */
  take(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}
