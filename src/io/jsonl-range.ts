/**
 * One byte range of a JSON Lines file, scanned block by block through one reused buffer into
 * column builders: the work of one thread of the fast JSON Lines reader (jsonl-scan.ts), in a
 * worker (workers/read-jsonl-range.ts) or in the main thread. Imports no Arrow, so a worker starts
 * fast. See jsonl-scan.ts for what it reads and what it leaves to the line-by-line reader.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { classify, ISO_DATE_OR_TIME, MISSING, PLAIN } from './csv-classify.js';
import {
  type ColumnPart,
  NumberColumnBuilder,
  type TextColumnBuilder,
  textBuilderFromMarkers,
} from './csv-column-builders.js';
import { MAX_ROW_CHARACTERS } from './csv-delimiter.js';
import { isUtf8Chosen, type TextEncodingChoice } from './decode-text.js';
import { isTextCell } from './number-text.js';
import { isNumericDate } from './numeric-dates.js';

/**
 * One column of a range's rows as plain typed arrays (they may come from a worker thread):
 * booleans as states (0 false, 1 true, 2 missing) per row, numbers or text as a column part,
 * whose `markers` flag says missing-marker strings were met in a column not (yet) text.
 */
export interface JsonlRangeColumn {
  readonly name: string;
  readonly booleans: Uint8Array | null;
  readonly part: ColumnPart | null;
}

/** A range's rows: its columns in first-seen order. */
export interface JsonlRangeResult {
  readonly rows: number;
  readonly columns: JsonlRangeColumn[];
}

/** What a thread reads: bytes `[from, to)` of the file, whole lines; the first range checks the encoding and BOM. */
export interface JsonlRangeTask {
  readonly path: string;
  readonly from: number;
  readonly to: number;
  readonly first: boolean;
  readonly encoding: TextEncodingChoice;
  readonly blockBytes: number;
}

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_REMEMBERED_MARKERS = 4096;

/** What ends a string for TextColumnBuilder.pushMatchAt: its closing quote. */
const STRING_END = new Uint8Array(256);
STRING_END[QUOTE] = 1;

const UNDECIDED = 0;
const NUMBERS = 1;
const BOOLEANS = 2;
const TEXT = 3;

/** Signals that the line-by-line reader must read the file. */
export class NotFlat extends Error {}
const NOT_FLAT = new NotFlat();

class JsonColumn {
  kind = UNDECIDED;
  numbers: NumberColumnBuilder;
  /** 0 false, 1 true, 2 missing, per row, once the column holds booleans. */
  booleans: Uint8Array | null = null;
  text: TextColumnBuilder | null = null;
  /** Rows filled so far (a row without this key is filled as missing when the next value comes). */
  length = 0;
  /** The row whose value was last set: a key twice in one object is the line-by-line reader's. */
  lastRow = -1;
  markerRows: number[] = [];
  markerBytes: Buffer[] = [];

  constructor(
    readonly name: string,
    readonly nameBytes: Buffer,
    private readonly capacity: number,
  ) {
    this.numbers = new NumberColumnBuilder(capacity);
  }

  /** Fills rows up to `row` (exclusive) as missing. */
  padTo(row: number): void {
    while (this.length < row) this.pushMissing();
  }

  pushMissing(): void {
    if (this.kind === TEXT) this.text!.pushNull();
    else if (this.kind === BOOLEANS) this.setBoolean(2);
    else this.numbers.pushMissing();
    this.length++;
  }

  pushNumber(value: number): void {
    if (this.kind === UNDECIDED) {
      if (this.markerRows.length > 0) throw NOT_FLAT;
      this.kind = NUMBERS;
    } else if (this.kind !== NUMBERS) throw NOT_FLAT;
    this.numbers.push(value);
    this.length++;
  }

  /** A boolean: 1 true, 0 false. */
  pushBoolean(state: number): void {
    if (this.kind === UNDECIDED) {
      if (this.markerRows.length > 0) throw NOT_FLAT;
      this.kind = BOOLEANS;
      this.booleans = new Uint8Array(Math.max(this.capacity, this.length + 1));
      this.booleans.fill(2, 0, this.length);
    } else if (this.kind !== BOOLEANS) throw NOT_FLAT;
    this.setBoolean(state);
    this.length++;
  }

  private setBoolean(state: number): void {
    if (this.length === this.booleans!.length) {
      const bigger = new Uint8Array(this.booleans!.length * 2);
      bigger.set(this.booleans!);
      this.booleans = bigger;
    }
    this.booleans![this.length] = state;
  }

  /**
   * A text column's usual string matched where it stands (TextColumnBuilder.pushMatchAt): where
   * its closing quote is, or -1 when the string must be scanned and given to {@link pushString}.
   */
  pushMatchedString(bytes: Buffer, start: number): number {
    if (this.kind !== TEXT) return -1;
    const quote = this.text!.pushMatchAt(bytes, start, STRING_END);
    if (quote !== -1) this.length++;
    return quote;
  }

  /** A string's bytes, `bytes[start, end)` without quotes or escapes. */
  pushString(bytes: Buffer, start: number, end: number): void {
    if (this.kind === TEXT) {
      // An empty string is a present value, but the builders store present cells as bytes: leave it.
      if (start === end) throw NOT_FLAT;
      this.text!.push(bytes, start, end);
      this.length++;
      return;
    }
    if (this.kind !== UNDECIDED) throw NOT_FLAT;
    const kind = start === end ? MISSING : classify(bytes, start, end, false);
    if (kind === PLAIN) throw NOT_FLAT; // a column of numbers written as strings: parseTextColumn's
    if (kind === MISSING) {
      if (start === end || this.markerRows.length === MAX_REMEMBERED_MARKERS) throw NOT_FLAT;
      this.markerRows.push(this.length);
      this.markerBytes.push(Buffer.from(bytes.subarray(start, end)));
      this.numbers.pushMissing();
      this.length++;
      return;
    }
    const text = bytes.toString('utf8', start, end).trim();
    if (!isTextCell(text, false) || ISO_DATE_OR_TIME.test(text) || isNumericDate(text)) throw NOT_FLAT;
    const builder = textBuilderFromMarkers(this.capacity, this.length, this.markerRows, this.markerBytes);
    this.text = builder;
    this.kind = TEXT;
    builder.push(bytes, start, end);
    this.length++;
  }

  /** The column's rows so far as plain typed arrays (see {@link JsonlRangeColumn}). */
  rangeColumn(rows: number): JsonlRangeColumn {
    this.padTo(rows);
    if (this.kind === TEXT) return { name: this.name, booleans: null, part: this.text!.part() };
    if (this.kind === BOOLEANS)
      return { name: this.name, booleans: this.booleans!.subarray(0, rows), part: null };
    return {
      name: this.name,
      booleans: null,
      part: this.numbers.part(this.kind === NUMBERS, this.markerRows.length > 0),
    };
  }
}

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function matches(bytes: Buffer, at: number, word: readonly number[]): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Bytes that end the fast scan of a string: its closing quote, and what this reader leaves to the
 * line-by-line one (an escape, a control character JSON forbids). One table look-up per byte
 * instead of three comparisons: strings are most of a JSON Lines file's bytes.
 */
const STRING_STOP = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) STRING_STOP[b] = 1;
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;

/** Whether `bytes` holds `word` from `at`. */
function startsWith(bytes: Buffer, at: number, word: Uint8Array): boolean {
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
}

/**
 * Scans flat JSON objects, one a line, into columns. Throws NOT_FLAT at the first thing it does
 * not read exactly as JSON.parse and read-jsonl.ts would.
 */
export class Scanner {
  readonly columns: JsonColumn[] = [];
  private readonly byName = new Map<string, JsonColumn>();
  /** The column met at each key position of the last object: the next object usually has the same. */
  private readonly order: JsonColumn[] = [];
  rows = 0;
  private pos = 0;

  constructor(private readonly capacity: number) {}

  /** Scans `bytes[from, to)`, whole lines. */
  scan(bytes: Buffer, from: number, to: number): void {
    let at = from;
    while (at < to) {
      let end = bytes.indexOf(LF, at);
      if (end === -1 || end > to) end = to;
      // A line over the line-by-line reader's limit (a line of fewer bytes has fewer characters): its refusal names the line.
      if (end - at > MAX_ROW_CHARACTERS) throw NOT_FLAT;
      this.line(bytes, at, end);
      at = end + 1;
    }
  }

  private line(bytes: Buffer, start: number, end: number): void {
    let p = start;
    while (p < end && isSpace(bytes[p])) p++;
    if (p === end) return; // an empty line
    if (bytes[p] !== 0x7b) throw NOT_FLAT;
    p++;
    const row = this.rows;
    let k = 0;
    for (;;) {
      while (isSpace(bytes[p])) p++;
      if (bytes[p] === 0x7d && k === 0) {
        p++;
        break;
      }
      if (bytes[p] !== QUOTE) throw NOT_FLAT;
      const keyStart = ++p;
      // The key at this place in the previous object, if this one has it too (the usual case):
      // matched against its bytes at once instead of scanning the key and then comparing it.
      let column = this.order[k];
      const nameBytes = column?.nameBytes;
      if (
        column !== undefined &&
        keyStart + nameBytes!.length < end &&
        bytes[keyStart + nameBytes!.length] === QUOTE &&
        startsWith(bytes, keyStart, nameBytes!)
      ) {
        p = keyStart + nameBytes!.length;
      } else {
        while (p < end && STRING_STOP[bytes[p]!] === 0) p++;
        if (p >= end || bytes[p] !== QUOTE) throw NOT_FLAT;
        column = this.columnFor(bytes, keyStart, p, k);
      }
      p++;
      while (isSpace(bytes[p])) p++;
      if (bytes[p] !== 0x3a) throw NOT_FLAT;
      p++;
      while (isSpace(bytes[p])) p++;
      if (column.lastRow === row) throw NOT_FLAT;
      column.lastRow = row;
      column.padTo(row);
      this.pos = p;
      this.value(bytes, end, column);
      p = this.pos;
      k++;
      while (isSpace(bytes[p])) p++;
      if (bytes[p] === 0x2c) {
        p++;
        continue;
      }
      if (bytes[p] === 0x7d) {
        p++;
        break;
      }
      throw NOT_FLAT;
    }
    while (p < end && isSpace(bytes[p])) p++;
    if (p !== end) throw NOT_FLAT;
    this.rows++;
  }

  private columnFor(bytes: Buffer, start: number, end: number, k: number): JsonColumn {
    const expected = this.order[k];
    if (expected !== undefined && expected.nameBytes.length === end - start) {
      let same = true;
      for (let i = 0; same && i < end - start; i++) same = expected.nameBytes[i] === bytes[start + i];
      if (same) return expected;
    }
    const name = bytes.toString('utf8', start, end);
    let column = this.byName.get(name);
    if (column === undefined) {
      // Object.keys lists integer-like keys first, whatever their place: the line-by-line reader's.
      if (/^(0|[1-9]\d*)$/.test(name)) throw NOT_FLAT;
      column = new JsonColumn(name, Buffer.from(bytes.subarray(start, end)), this.capacity);
      this.byName.set(name, column);
      this.columns.push(column);
    }
    this.order[k] = column;
    return column;
  }

  private value(bytes: Buffer, end: number, column: JsonColumn): void {
    let p = this.pos;
    const b = bytes[p];
    if (b === QUOTE) {
      const start = ++p;
      const quote = column.pushMatchedString(bytes, start);
      if (quote !== -1) {
        this.pos = quote + 1;
        return;
      }
      while (p < end && STRING_STOP[bytes[p]!] === 0) p++;
      if (p >= end || bytes[p] !== QUOTE) throw NOT_FLAT;
      column.pushString(bytes, start, p);
      this.pos = p + 1;
      return;
    }
    if (b === 0x74 && matches(bytes, p, TRUE)) {
      column.pushBoolean(1);
      this.pos = p + 4;
      return;
    }
    if (b === 0x66 && matches(bytes, p, FALSE)) {
      column.pushBoolean(0);
      this.pos = p + 5;
      return;
    }
    if (b === 0x6e && matches(bytes, p, NULL)) {
      column.pushMissing();
      this.pos = p + 4;
      return;
    }
    column.pushNumber(this.number(bytes, end));
  }

  /** A JSON number at `this.pos`, as JSON.parse reads it. */
  private number(bytes: Buffer, end: number): number {
    const start = this.pos;
    let p = start;
    const negative = bytes[p] === 0x2d;
    if (negative) p++;
    const intStart = p;
    let mantissa = 0;
    let digits = 0;
    while (p < end && bytes[p]! >= 0x30 && bytes[p]! <= 0x39) {
      mantissa = mantissa * 10 + (bytes[p]! - 0x30);
      p++;
      digits++;
    }
    if (digits === 0 || (digits > 1 && bytes[intStart] === 0x30)) throw NOT_FLAT;
    let fraction = 0;
    if (bytes[p] === 0x2e) {
      p++;
      while (p < end && bytes[p]! >= 0x30 && bytes[p]! <= 0x39) {
        mantissa = mantissa * 10 + (bytes[p]! - 0x30);
        p++;
        fraction++;
      }
      if (fraction === 0) throw NOT_FLAT;
    }
    const exponent = bytes[p] === 0x65 || bytes[p] === 0x45;
    if (exponent) {
      p++;
      if (bytes[p] === 0x2b || bytes[p] === 0x2d) p++;
      const expStart = p;
      while (p < end && bytes[p]! >= 0x30 && bytes[p]! <= 0x39) p++;
      if (p === expStart) throw NOT_FLAT;
    }
    this.pos = p;
    if (!exponent && digits + fraction <= 15 && fraction <= 22) {
      // Clinger's fast path, as csv-classify.ts: exact, so equal to JSON.parse's number.
      const value = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction]!;
      return negative ? -value : value;
    }
    return Number(bytes.toString('latin1', start, p));
  }
}

/**
 * Scans one range of the file; null when the line-by-line reader must read the file (see
 * jsonl-scan.ts), including when it cannot be opened.
 */
export function readJsonlRange(task: JsonlRangeTask): JsonlRangeResult | null {
  let fd: number;
  try {
    fd = openSync(task.path, 'r');
  } catch {
    return null;
  }
  try {
    return scanBlocks(fd, task);
  } catch (error) {
    if (error instanceof NotFlat) return null;
    throw error;
  } finally {
    closeSync(fd);
  }
}

function scanBlocks(
  fd: number,
  { from: start, to: size, first, encoding, blockBytes }: JsonlRangeTask,
): JsonlRangeResult | null {
  let buffer = Buffer.allocUnsafe(Math.max(16, Math.min(blockBytes, size - start)));
  let filled = 0;
  let position = start;
  let scanner: Scanner | null = null;
  for (;;) {
    const got = readSync(fd, buffer, filled, Math.min(buffer.length - filled, size - position), position);
    filled += got;
    position += got;
    const last = position >= size || got === 0;
    let from = 0;
    if (scanner === null) {
      const head = buffer.subarray(0, filled);
      if (first) {
        // Binary files (Arrow, Parquet) start with no `{` and so go to the whole-file path.
        if (!isUtf8Chosen(head, encoding)) return null;
        // decodeTextAsUtf8 drops one byte-order mark, read-jsonl.ts a second.
        while (from < 6 && buffer[from] === 0xef && buffer[from + 1] === 0xbb && buffer[from + 2] === 0xbf)
          from += 3;
      }
      const firstLf = head.indexOf(LF);
      if (firstLf === -1 && !last) return null; // a first line longer than the buffer
      // Rows per byte from every line of the first block, plus a tenth: from the first line alone,
      // a long first line made the columns too short, and growing them cost a tenth of the scan.
      let lines = 0;
      for (let at = firstLf; at !== -1; at = head.indexOf(LF, at + 1)) lines++;
      const rowsPerByte = lines > 0 ? (1.1 * lines) / (head.lastIndexOf(LF) + 1) : 1 / 64;
      scanner = new Scanner(Math.ceil((size - start) * rowsPerByte) + 1024);
    }
    const end = last ? filled : buffer.lastIndexOf(LF, filled - 1) + 1;
    if (end === 0) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
      continue;
    }
    const block = buffer.subarray(0, end);
    if (!isUtf8(block) || block.indexOf(0) !== -1) return null;
    scanner.scan(buffer, from, end);
    if (last) break;
    buffer.copy(buffer, 0, end, filled);
    filled -= end;
  }
  return { rows: scanner.rows, columns: scanner.columns.map((column) => column.rangeColumn(scanner.rows)) };
}
