/**
 * CSV and JSON Lines bytes straight from an Arrow record batch's buffers.
 *
 * Hand-written because it is the hot loop of sampling into text: csv-stringify over row objects
 * made from `Vector.get` ran at ~60 k rows/s, this at several million, and it runs inside the
 * sample workers (src/sample/worker-task.ts), so text output scales with them. The bytes are
 * exactly what csv-stringify and `JSON.stringify` make of today's text rows (src/io/text-rows.ts):
 * test/io/encode-text-rows.test.ts checks that against both on every column type, and reads the
 * files back with csv-parse.
 * - missing: an empty CSV field, JSON `null`;
 * - booleans `true`/`false`; dates `YYYY-MM-DD`; timestamps ISO 8601 with milliseconds and `Z`;
 * - 64-bit integers as numbers while exact, else (JSON) as a string of digits;
 * - CSV text quoted (quotes doubled) when it holds a comma, a quote or a line break.
 */
import { type Data, DataType, type RecordBatch, type Schema, Type } from 'apache-arrow';
import { ByteBuilder } from './byte-builder.js';
import { escapeFormula } from './escape-formula.js';

export type TextFormat = 'csv' | 'jsonl';

const QUOTE = 34;
const NEWLINE = 10;
const RETURN = 13;
const TWO_32 = 4294967296;
const DAY_MS = 86_400_000;
const ENCODER = new TextEncoder();

/**
 * One text cell of CSV as csv-stringify writes it: quoted, quotes doubled, when it holds a comma,
 * a quote or a line break. Every CSV text cell (header names, categories, strings) passes here, so
 * this is the one place for any further treatment of text cells (formula escaping).
 */
export function csvTextCell(text: string): string {
  const safe = escapeFormula(text);
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The first bytes that make a spreadsheet read a cell as a formula (escape-formula.ts): = + - @ tab CR. */
function startsLikeFormula(c: number | undefined): boolean {
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === RETURN;
}

/** The header line of a CSV file with these columns. */
export function csvHeader(schema: Schema): Uint8Array {
  return ENCODER.encode(`${schema.fields.map((field) => csvTextCell(field.name)).join(',')}\n`);
}

/** Hinnant's days-from-civil inverse: the ISO date text of a day count since 1970-01-01. */
function appendDate(out: ByteBuilder, days: number): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    // Outside four-digit years toISOString writes an expanded year (+010000-01-01); rare, so slow.
    out.ascii(new Date(days * DAY_MS).toISOString().slice(0, -14));
    return;
  }
  out.reserve(10);
  const b = out.bytes;
  let at = out.length;
  b[at++] = 48 + Math.floor(year / 1000);
  b[at++] = 48 + (Math.floor(year / 100) % 10);
  b[at++] = 48 + (Math.floor(year / 10) % 10);
  b[at++] = 48 + (year % 10);
  b[at++] = 45;
  b[at++] = 48 + Math.floor(month / 10);
  b[at++] = 48 + (month % 10);
  b[at++] = 45;
  b[at++] = 48 + Math.floor(day / 10);
  b[at++] = 48 + (day % 10);
  out.length = at;
}

function appendTwoDigits(b: Uint8Array, at: number, value: number): void {
  b[at] = 48 + Math.floor(value / 10);
  b[at + 1] = 48 + (value % 10);
}

/** `new Date(ms).toISOString()` without the Date. */
function appendTimestamp(out: ByteBuilder, ms: number): void {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const start = out.length;
  appendDate(out, days);
  if (out.length - start !== 10) {
    out.length = start;
    out.ascii(new Date(ms).toISOString());
    return;
  }
  out.reserve(14);
  const b = out.bytes;
  const at = out.length;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  b[at] = 84; // T
  appendTwoDigits(b, at + 1, hours);
  b[at + 3] = 58;
  appendTwoDigits(b, at + 4, minutes);
  b[at + 6] = 58;
  appendTwoDigits(b, at + 7, seconds);
  b[at + 9] = 46;
  b[at + 10] = 48 + Math.floor(millis / 100);
  appendTwoDigits(b, at + 11, millis % 100);
  b[at + 13] = 90; // Z
  out.length = at + 14;
}

const POWERS = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Writes a non-negative integer below 2^53 at `at`; returns the end. */
function writeUnsigned(b: Uint8Array, at: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let end = at + digits;
  for (let v = value; end > at; ) {
    const next = Math.floor(v / 10);
    b[--end] = 48 + (v - next * 10);
    v = next;
  }
  return at + digits;
}

/** Writes a safe integer as `String(value)` does; returns the end. */
function writeInteger(b: Uint8Array, at: number, value: number): number {
  if (value < 0) {
    b[at] = 45;
    return writeUnsigned(b, at + 1, -value);
  }
  return writeUnsigned(b, at, value);
}

/** The most bytes {@link writeNumber} writes ("-1.2345678901234567e-300"). */
const NUMBER_BYTES = 25;

/**
 * Writes a double as `String(value)` does; returns the end. Sampled amounts carry a few decimals,
 * and V8's shortest round-trip conversion is the slowest step of a CSV row, so a value that is
 * exactly k / 10^d for the smallest d ≤ 6 is written as those digits: that text parses back to the
 * value, and below 1e9 no other text of d decimals does, so it is the shortest round-trip text
 * String would choose.
 */
function writeNumber(b: Uint8Array, at: number, value: number): number {
  const magnitude = value < 0 ? -value : value;
  if (magnitude < 1e9 && magnitude >= 1e-6) {
    for (let d = 0; d <= 6; d++) {
      const scale = POWERS[d]!;
      const k = Math.round(magnitude * scale);
      if (k / scale !== magnitude) continue;
      let end = at;
      if (value < 0) b[end++] = 45;
      if (d === 0) return writeUnsigned(b, end, k);
      const whole = Math.floor(k / scale);
      end = writeUnsigned(b, end, whole);
      b[end] = 46;
      let fraction = k - whole * scale;
      for (let digit = d; digit > 0; digit--) {
        const next = Math.floor(fraction / 10);
        b[end + digit] = 48 + (fraction - next * 10);
        fraction = next;
      }
      return end + d + 1;
    }
  }
  if (Number.isSafeInteger(value)) return writeInteger(b, at, value);
  const text = String(value);
  for (let i = 0; i < text.length; i++) b[at + i] = text.charCodeAt(i);
  return at + text.length;
}

/** How one column is written; `write` appends row `i`'s present value. */
interface ColumnWriter {
  readonly data: Data;
  write(out: ByteBuilder, i: number): void;
}

/** A 64-bit integer at `i` as a number while exact, else null. */
function int64At(pairs: Int32Array, i: number): number | null {
  const high = pairs[2 * i + 1]!;
  // |x| < 2^53 exactly when the high word is within ±2^21.
  if (high >= 2097152 || high < -2097152) return null;
  return high * TWO_32 + (pairs[2 * i]! >>> 0);
}

function int64Pairs(data: Data): Int32Array {
  const values = data.values as BigInt64Array;
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** Strings: the bytes as they are unless CSV must quote them (JSON always goes through stringify). */
function utf8Writer(data: Data, format: TextFormat): ColumnWriter {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    data,
    write(out, i) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      if (format === 'jsonl') {
        out.utf8(JSON.stringify(text.toString('utf8', start, end)));
        return;
      }
      if (startsLikeFormula(bytes[start])) {
        out.utf8(csvTextCell(text.toString('utf8', start, end)));
        return;
      }
      for (let k = start; k < end; k++) {
        const c = bytes[k]!;
        if (c === 44 || c === QUOTE || c === NEWLINE || c === RETURN) {
          out.utf8(csvTextCell(text.toString('utf8', start, end)));
          return;
        }
      }
      out.append(bytes, start, end);
    },
  };
}

const TRUE = ENCODER.encode('true');
const NULL = ENCODER.encode('null');
const FALSE = ENCODER.encode('false');

function columnWriter(data: Data, format: TextFormat): ColumnWriter {
  const type = data.type as DataType;
  switch (type.typeId) {
    case Type.Utf8:
      return utf8Writer(data, format);
    case Type.Date: {
      const values = data.values as Int32Array;
      const quote = format === 'jsonl';
      // DateDay stores days; DateMillisecond (never sampled, but readable) milliseconds.
      const days = DataType.isDate(type) && type.unit === 0;
      return {
        data,
        write(out, i) {
          if (quote) out.byte(QUOTE);
          if (days) appendDate(out, values[i]!);
          else appendTimestamp(out, Number((data.values as unknown as BigInt64Array)[i]));
          if (quote) out.byte(QUOTE);
        },
      };
    }
    case Type.Timestamp: {
      const pairs = int64Pairs(data);
      const quote = format === 'jsonl';
      return {
        data,
        write(out, i) {
          if (quote) out.byte(QUOTE);
          appendTimestamp(out, int64At(pairs, i) ?? Number((data.values as BigInt64Array)[i]));
          if (quote) out.byte(QUOTE);
        },
      };
    }
    case Type.Int: {
      // 8-32 bit integers are written inline by the row loop; this is the 64-bit one.
      const pairs = int64Pairs(data);
      return {
        data,
        write(out, i) {
          const exact = int64At(pairs, i);
          if (exact !== null) out.integer(exact);
          else {
            const digits = String((data.values as BigInt64Array)[i]);
            out.ascii(format === 'jsonl' ? `"${digits}"` : digits);
          }
        },
      };
    }
    default:
      throw new Error(`encodeTextRows: no text form for Arrow type ${type}`);
  }
}

/** Column kinds the row loop writes inline (one switch per cell, no call); the rest by closure. */
enum Inline {
  None = 0,
  Dictionary = 1,
  Bool = 2,
  Int32 = 3,
  Float64 = 4,
}

interface ColumnPlan {
  readonly inline: Inline;
  readonly writer: ColumnWriter;
  /** The validity bitmap, or null when every value is present. */
  readonly validity: Uint8Array | null;
  readonly offset: number;
  /**
   * The values by element type, one typed field each, so every read in the row loop sees one array
   * type (a read through a field holding Int8Array here and Float64Array there is megamorphic and
   * costs several times the copy): dictionary indices and 32-bit integers widened to Int32, doubles,
   * boolean bits.
   */
  readonly codes: Int32Array;
  readonly floats: Float64Array;
  readonly bits: Uint8Array;
  /** Dictionary entries' bytes end to end, and where each starts (entry k: starts[k]..starts[k+1]). */
  readonly entryBytes: Uint8Array;
  readonly entryStarts: Int32Array;
  /** The most bytes an inline cell of this column takes (0 for closure-written columns). */
  readonly maxBytes: number;
}

const EMPTY_CODES = new Int32Array(0);
const EMPTY_FLOATS = new Float64Array(0);
const EMPTY_BITS = new Uint8Array(0);

function planColumn(data: Data, format: TextFormat): ColumnPlan {
  const type = data.type as DataType;
  const bitmap = data.nullBitmap;
  const validity =
    data.nullCount > 0 && bitmap !== undefined && bitmap !== null && bitmap.length > 0 ? bitmap : null;
  let inline = Inline.None;
  let entryBytes = new Uint8Array(0);
  let entryStarts = new Int32Array(1);
  let maxBytes = 0;
  if (DataType.isDictionary(type)) {
    inline = Inline.Dictionary;
    const dictionary = data.dictionary!;
    const entries: Uint8Array[] = [];
    for (let k = 0; k < dictionary.length; k++) {
      const text = dictionary.get(k) as string | null;
      const cell =
        text === null
          ? format === 'csv'
            ? ''
            : 'null'
          : format === 'csv'
            ? csvTextCell(text)
            : JSON.stringify(text);
      entries.push(ENCODER.encode(cell));
    }
    entryStarts = new Int32Array(entries.length + 1);
    for (let k = 0; k < entries.length; k++) {
      entryStarts[k + 1] = entryStarts[k]! + entries[k]!.length;
      maxBytes = Math.max(maxBytes, entries[k]!.length);
    }
    entryBytes = new Uint8Array(entryStarts[entries.length]!);
    for (let k = 0; k < entries.length; k++) entryBytes.set(entries[k]!, entryStarts[k]!);
  } else if (DataType.isBool(type)) {
    inline = Inline.Bool;
    maxBytes = 5;
  } else if (DataType.isInt(type) && type.bitWidth <= 32) {
    inline = Inline.Int32;
    maxBytes = 11;
  } else if (DataType.isFloat(type)) {
    inline = Inline.Float64;
    maxBytes = NUMBER_BYTES;
  }
  return {
    inline,
    writer: inline === Inline.None ? columnWriter(data, format) : { data, write() {} },
    validity,
    offset: data.offset,
    codes:
      inline === Inline.Dictionary || inline === Inline.Int32
        ? data.values instanceof Int32Array
          ? data.values
          : Int32Array.from(data.values as Int8Array | Int16Array)
        : EMPTY_CODES,
    floats:
      inline !== Inline.Float64
        ? EMPTY_FLOATS
        : data.values instanceof Float64Array
          ? data.values
          : Float64Array.from(data.values as Float32Array),
    bits: inline === Inline.Bool ? (data.values as Uint8Array) : EMPTY_BITS,
    entryBytes,
    entryStarts,
    maxBytes: Math.max(maxBytes, NULL.length),
  };
}

function isPresent(plan: ColumnPlan, i: number): boolean {
  const validity = plan.validity;
  if (validity === null) return true;
  const bit = plan.offset + i;
  return ((validity[bit >> 3]! >> (bit & 7)) & 1) === 1;
}

/**
 * The rows of a record batch as CSV lines (no header: see {@link csvHeader}) or JSON Lines, each
 * ending in `\n`. O(rows × columns), no per-cell allocation but for some numbers' text.
 * @throws Error for an Arrow type no sampled or read column has (lists, structs, …).
 * @example new TextDecoder().decode(encodeTextRows(batch, 'csv')) // 'Yes,true,12,29.85,2024-03-01\n…'
 */
export function encodeTextRows(batch: RecordBatch, format: TextFormat): Uint8Array {
  const plans = batch.data.children.map((data) => planColumn(data, format));
  const jsonl = format === 'jsonl';
  // JSON Lines: each row an object with the columns in order, keys encoded once.
  const keys = batch.schema.fields.map((field, k) =>
    ENCODER.encode(jsonl ? `${k === 0 ? '{' : ','}${JSON.stringify(field.name)}:` : k === 0 ? '' : ','),
  );
  // Room for a row's inline cells is made once per row; the row loop then writes without checks.
  const rowBytes = plans.reduce((sum, plan, k) => sum + plan.maxBytes + keys[k]!.length, 3);
  const out = new ByteBuilder(Math.max(1024, batch.numRows * plans.length * 7));
  const n = batch.numRows;
  const c = plans.length;
  for (let i = 0; i < n; i++) {
    out.reserve(rowBytes);
    let b = out.bytes;
    let at = out.length;
    for (let k = 0; k < c; k++) {
      const plan = plans[k]!;
      const key = keys[k]!;
      for (let j = 0; j < key.length; j++) b[at++] = key[j]!;
      if (!isPresent(plan, i)) {
        if (jsonl) for (let j = 0; j < NULL.length; j++) b[at++] = NULL[j]!;
        continue;
      }
      switch (plan.inline) {
        case Inline.Dictionary: {
          const entry = plan.codes[i]!;
          const end = plan.entryStarts[entry + 1]!;
          const source = plan.entryBytes;
          for (let j = plan.entryStarts[entry]!; j < end; j++) b[at++] = source[j]!;
          break;
        }
        case Inline.Bool: {
          const bit = plan.offset + i;
          const text = (plan.bits[bit >> 3]! >> (bit & 7)) & 1 ? TRUE : FALSE;
          for (let j = 0; j < text.length; j++) b[at++] = text[j]!;
          break;
        }
        case Inline.Int32:
          at = writeInteger(b, at, plan.codes[i]!);
          break;
        case Inline.Float64: {
          const value = plan.floats[i]!;
          // JSON.stringify writes NaN and ±Infinity as null; String as NaN/Infinity.
          if (jsonl && !Number.isFinite(value)) for (let j = 0; j < NULL.length; j++) b[at++] = NULL[j]!;
          else at = writeNumber(b, at, value);
          break;
        }
        case Inline.None:
          out.length = at;
          plan.writer.write(out, i);
          out.reserve(rowBytes);
          b = out.bytes;
          at = out.length;
      }
    }
    if (jsonl) {
      if (c === 0) b[at++] = 123;
      b[at++] = 125;
    }
    b[at++] = NEWLINE;
    out.length = at;
  }
  return out.view();
}
