/**
 * A record batch as the streamed fit reads it: numbers as a Float64Array (NaN missing), labels as
 * an Int32Array of codes (−1 missing) into a dictionary per column that lives for the whole fit.
 * Reading the common Arrow types (Float64, Int32/Int64, Date, Timestamp, Bool, Utf8, dictionaries)
 * makes no JS value per cell: a label's bytes are hashed and looked up, and decoded once per
 * distinct label. Every other type, and any column with a value the fast path would refuse, goes
 * through prepareTable, so values, refusals and messages are the row fit's.
 */
import { type Data, DataType, type Table, Type, type Vector } from 'apache-arrow';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import {
  booleanLabel,
  consentingRows,
  type PreparedColumn,
  type PreparedTable,
  prepareTable,
} from '../../schema/prepare-table.js';
import { type ArraySource, FRESH_ARRAYS } from './scratch-arrays.js';

export type CodedColumn =
  | { readonly type: 'number'; readonly spec: ColumnSpec; readonly values: Float64Array }
  | {
      readonly type: 'label';
      readonly spec: ColumnSpec;
      readonly codes: Int32Array;
      readonly dictionary: LabelDictionary;
    };

export interface CodedBatch {
  readonly rowCount: number;
  readonly rowsRead: number;
  readonly rowsDroppedByConsent: number;
  readonly columns: readonly CodedColumn[];
}

const EMPTY = -1;

/**
 * Distinct labels of one column, numbered in order of first appearance. Looked up by string or by
 * the UTF-8 bytes of an Arrow Utf8 cell (open addressing on an FNV-1a hash; hand-written: it runs
 * once per cell of every label column).
 */
export class LabelDictionary {
  readonly labels: string[] = [];
  private readonly byLabel = new Map<string, number>();
  private bytes = new Uint8Array(1 << 12);
  private byteEnds: Int32Array = new Int32Array(64);
  private usedBytes = 0;
  private slots: Int32Array = new Int32Array(1 << 10).fill(EMPTY);
  private readonly decoder = new TextDecoder();

  get size(): number {
    return this.labels.length;
  }

  /** The code of a label, adding it when new. */
  codeOf(label: string): number {
    const known = this.byLabel.get(label);
    if (known !== undefined) return known;
    return this.codeOfBytes(Buffer.from(label, 'utf8'), 0, Buffer.byteLength(label, 'utf8'));
  }

  /** The code of the label whose UTF-8 bytes are bytes[start, end), adding it when new. */
  codeOfBytes(bytes: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const code = this.slots[slot]!;
      if (code === EMPTY) return this.add(bytes, start, end, slot);
      if (this.sameBytes(code, bytes, start, end)) return code;
    }
  }

  /** Codes of every cell of a Utf8 column's buffers (the caller then marks missing cells). */
  codesOfUtf8(bytes: Uint8Array, offsets: Int32Array, out: Int32Array): void {
    for (let i = 0; i < out.length; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      let hash = 0x811c9dc5;
      for (let j = start; j < end; j++) hash = Math.imul(hash ^ bytes[j]!, 0x01000193);
      const mask = this.slots.length - 1;
      let code = EMPTY;
      for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
        code = this.slots[slot]!;
        if (code === EMPTY) {
          code = this.add(bytes, start, end, slot);
          break;
        }
        if (this.sameBytes(code, bytes, start, end)) break;
      }
      out[i] = code;
    }
  }

  private sameBytes(code: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = code === 0 ? 0 : this.byteEnds[code - 1]!;
    const to = this.byteEnds[code]!;
    if (to - from !== end - start) return false;
    for (let i = 0; i < to - from; i++) if (this.bytes[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, slot: number): number {
    const code = this.labels.length;
    const label = this.decoder.decode(bytes.subarray(start, end));
    this.labels.push(label);
    this.byLabel.set(label, code);
    const length = end - start;
    if (this.usedBytes + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.usedBytes + length));
      grown.set(this.bytes.subarray(0, this.usedBytes));
      this.bytes = grown;
    }
    this.bytes.set(bytes.subarray(start, end), this.usedBytes);
    this.usedBytes += length;
    if (code >= this.byteEnds.length) {
      const grown = new Int32Array(2 * this.byteEnds.length);
      grown.set(this.byteEnds);
      this.byteEnds = grown;
    }
    this.byteEnds[code] = this.usedBytes;
    this.slots[slot] = code;
    if (2 * this.labels.length > this.slots.length) this.rehash();
    return code;
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length).fill(EMPTY);
    const mask = this.slots.length - 1;
    for (let code = 0; code < this.labels.length; code++) {
      const from = code === 0 ? 0 : this.byteEnds[code - 1]!;
      let hash = 0x811c9dc5;
      for (let i = from; i < this.byteEnds[code]!; i++) hash = Math.imul(hash ^ this.bytes[i]!, 0x01000193);
      let slot = hash & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = code;
    }
  }
}

function hasNulls(data: Data): boolean {
  return data.nullCount !== 0 && data.nullBitmap !== undefined && data.nullBitmap.length > 0;
}

function isValid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const at = data.offset + i;
  return ((bitmap[at >> 3]! >> (at & 7)) & 1) === 1;
}

/** Turns Arrow tables into coded batches, keeping each label column's dictionary across calls. */
export class BatchCoder {
  private readonly specs: readonly ColumnSpec[];
  private readonly dictionaries = new Map<string, LabelDictionary>();

  constructor(
    private readonly schema: DatasetSchema,
    private readonly source: string,
  ) {
    this.specs = schema.columns.filter((spec) => roleOf(spec) === 'modelled');
    for (const spec of this.specs)
      if (spec.kind === 'categorical' || spec.kind === 'boolean')
        this.dictionaries.set(spec.name, new LabelDictionary());
  }

  /** The dictionary of a label column. */
  dictionaryOf(name: string): LabelDictionary {
    const dictionary = this.dictionaries.get(name);
    if (!dictionary) throw new Error(`column "${name}" has no label dictionary`);
    return dictionary;
  }

  /**
   * The modelled columns of a table, consent applied.
   * @throws DoppelError as prepareTable: `schema-mismatch` for a missing column or a value its kind refuses.
   */
  code(table: Table): CodedBatch {
    const missing = this.specs.filter((spec) => !table.getChild(spec.name));
    // prepareTable words the refusal of missing columns.
    if (missing.length > 0) this.prepared(table, missing);
    const fast = this.specs.map((spec) => this.fast(table.getChild(spec.name)!, spec));
    const slow = this.specs.filter((_, i) => fast[i] === null);
    const prepared = slow.length === 0 ? [] : this.prepared(table, slow).columns;
    const columns = fast.map(
      (column, i) => column ?? this.fromPrepared(prepared[slow.indexOf(this.specs[i]!)]!),
    );
    const rows = this.schema.consent ? consentingRows(table, this.schema) : null;
    if (rows === null)
      return { rowCount: table.numRows, rowsRead: table.numRows, rowsDroppedByConsent: 0, columns };
    const selected = selectCodedRows(
      { rowCount: table.numRows, rowsRead: table.numRows, rowsDroppedByConsent: 0, columns },
      rows,
    );
    return { ...selected, rowsRead: table.numRows, rowsDroppedByConsent: table.numRows - rows.length };
  }

  private prepared(table: Table, specs: readonly ColumnSpec[]): PreparedTable {
    const { consent: _, ...rest } = this.schema;
    return prepareTable(
      table,
      { ...rest, columns: [...specs] },
      { columns: 'modelled', applyConsent: false, source: this.source },
    );
  }

  private fromPrepared(column: PreparedColumn): CodedColumn {
    if (column.type === 'number') return column;
    const dictionary = this.dictionaryOf(column.spec.name);
    const codes = new Int32Array(column.values.length);
    column.values.forEach((label, i) => {
      codes[i] = label === null ? -1 : dictionary.codeOf(label);
    });
    return { type: 'label', spec: column.spec, codes, dictionary };
  }

  /** The column read straight from its Arrow buffers, or null for the prepareTable path. */
  private fast(vector: Vector, spec: ColumnSpec): CodedColumn | null {
    const typeId = (vector.type as DataType).typeId;
    const n = vector.length;
    switch (spec.kind) {
      case 'numeric':
      case 'integer': {
        if (typeId !== Type.Float && typeId !== Type.Int) return null;
        const values = numbersOf(vector, 1);
        if (values === null) return null;
        for (let i = 0; i < n; i++) {
          const x = values[i]!;
          // A NaN or infinite cell, or a fraction in an integer column: prepareTable's refusal.
          if (Number.isNaN(x)) {
            if (isPresent(vector, i)) return null;
          } else if (!Number.isFinite(x) || (spec.kind === 'integer' && !Number.isInteger(x))) return null;
        }
        return { type: 'number', spec, values };
      }
      case 'datetime': {
        const scale =
          typeId === Type.Date
            ? (vector.type as unknown as { unit: number }).unit === 0
              ? 86_400_000
              : 1
            : typeId === Type.Timestamp && (vector.type as unknown as { unit: number }).unit === 1
              ? 1
              : 0;
        if (scale === 0) return null;
        const values = numbersOf(vector, scale);
        if (values === null) return null;
        for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!) && isPresent(vector, i)) return null;
        return { type: 'number', spec, values };
      }
      case 'boolean':
      case 'categorical': {
        const dictionary = this.dictionaryOf(spec.name);
        const codes = labelCodes(vector, dictionary);
        if (codes === null) return null;
        const allowed = spec.kind === 'categorical' && spec.categories ? new Set(spec.categories) : null;
        if (spec.kind === 'boolean' || allowed !== null) {
          // Booleans must be true/false as stored (other spellings go the prepareTable way, which
          // normalises them); a category list must hold every label.
          for (const code of new Set(codes)) {
            if (code < 0) continue;
            const label = dictionary.labels[code]!;
            if (spec.kind === 'boolean' ? booleanLabel(label) !== label : !allowed!.has(label)) return null;
          }
        }
        return { type: 'label', spec, codes, dictionary };
      }
      default:
        return null;
    }
  }
}

function isPresent(vector: Vector, i: number): boolean {
  let offset = 0;
  for (const data of vector.data as Data[]) {
    if (i < offset + data.length) return isValid(data, i - offset);
    offset += data.length;
  }
  return false;
}

/** A fixed-width numeric vector's values times `scale` (NaN where missing), or null for other layouts. */
function numbersOf(vector: Vector, scale: number): Float64Array | null {
  const out = new Float64Array(vector.length);
  let offset = 0;
  for (const data of vector.data as Data[]) {
    const values = data.values as ArrayLike<number | bigint> | undefined;
    if (!values || DataType.isDictionary(data.type)) return null;
    const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
    const stride = values.length / Math.max(1, data.length);
    if (stride !== 1 && data.length > 0) return null;
    for (let i = 0; i < data.length; i++) {
      if (!isValid(data, i)) {
        out[offset + i] = Number.NaN;
        continue;
      }
      out[offset + i] = (big ? Number(values[i] as bigint) : (values[i] as number)) * scale;
    }
    offset += data.length;
  }
  return out;
}

/** Codes of a Utf8 or Bool vector, or of a dictionary of Utf8 labels; null for other types. */
function labelCodes(vector: Vector, dictionary: LabelDictionary): Int32Array | null {
  const codes = new Int32Array(vector.length);
  let offset = 0;
  for (const data of vector.data as Data[]) {
    const type = data.type as DataType;
    if (type.typeId === Type.Utf8) {
      const offsets = data.valueOffsets as Int32Array;
      const bytes = data.values as Uint8Array;
      const out = codes.subarray(offset, offset + data.length);
      dictionary.codesOfUtf8(bytes, offsets, out);
      if (hasNulls(data)) for (let i = 0; i < data.length; i++) if (!isValid(data, i)) out[i] = -1;
    } else if (type.typeId === Type.Bool) {
      const bits = data.values as Uint8Array;
      const falseCode = dictionary.codeOf('false');
      const trueCode = dictionary.codeOf('true');
      const nulls = hasNulls(data);
      for (let i = 0; i < data.length; i++) {
        const at = data.offset + i;
        codes[offset + i] =
          nulls && !isValid(data, i) ? -1 : (bits[at >> 3]! >> (at & 7)) & 1 ? trueCode : falseCode;
      }
    } else if (
      DataType.isDictionary(type) &&
      (data.dictionary?.type as DataType | undefined)?.typeId === Type.Utf8
    ) {
      const labels = data.dictionary!;
      const mapped = new Int32Array(labels.length);
      for (let j = 0; j < labels.length; j++) {
        const label = labels.get(j) as string | null;
        mapped[j] = label === null ? -1 : dictionary.codeOf(label);
      }
      const indices = data.values as ArrayLike<number>;
      for (let i = 0; i < data.length; i++)
        codes[offset + i] = isValid(data, i) ? mapped[Number(indices[i])]! : -1;
    } else return null;
    offset += data.length;
  }
  return codes;
}

/** A new coded batch holding the given rows (in the given order) of every column. */
export function selectCodedRows(
  batch: CodedBatch,
  rows: ArrayLike<number>,
  arrays: ArraySource = FRESH_ARRAYS,
): CodedBatch {
  const n = rows.length;
  const columns = batch.columns.map((column): CodedColumn => {
    if (column.type === 'number') {
      const values = arrays.float(n);
      for (let i = 0; i < n; i++) values[i] = column.values[rows[i]!]!;
      return { ...column, values };
    }
    const codes = arrays.int(n);
    for (let i = 0; i < n; i++) codes[i] = column.codes[rows[i]!]!;
    return { ...column, codes };
  });
  return { rowCount: n, rowsRead: n, rowsDroppedByConsent: 0, columns };
}

/** Consecutive coded batches (of the same coder) as one. */
export function concatCodedBatches(batches: readonly CodedBatch[]): CodedBatch {
  if (batches.length === 1) return batches[0]!;
  const first = batches[0]!;
  let rowCount = 0;
  let rowsRead = 0;
  let rowsDroppedByConsent = 0;
  for (const batch of batches) {
    rowCount += batch.rowCount;
    rowsRead += batch.rowsRead;
    rowsDroppedByConsent += batch.rowsDroppedByConsent;
  }
  const columns = first.columns.map((column, c): CodedColumn => {
    let at = 0;
    if (column.type === 'number') {
      const values = new Float64Array(rowCount);
      for (const batch of batches) {
        const part = batch.columns[c] as typeof column;
        values.set(part.values, at);
        at += part.values.length;
      }
      return { ...column, values };
    }
    const codes = new Int32Array(rowCount);
    for (const batch of batches) {
      const part = batch.columns[c] as typeof column;
      codes.set(part.codes, at);
      at += part.codes.length;
    }
    return { ...column, codes };
  });
  return { rowCount, rowsRead, rowsDroppedByConsent, columns };
}

/** The batch as prepared labels and numbers (what the row fit takes). */
export function preparedOfCoded(batch: CodedBatch): PreparedTable {
  return {
    rowCount: batch.rowCount,
    rowsRead: batch.rowsRead,
    rowsDroppedByConsent: batch.rowsDroppedByConsent,
    columns: batch.columns.map((column): PreparedColumn => {
      if (column.type === 'number') return column;
      const { labels } = column.dictionary;
      // A plain loop into an array of the final length: Array.from with a mapping function over
      // the sample's codes was a second of the streamed fit's mixture search, push() a third of one.
      const { codes } = column;
      const values = new Array<string | null>(codes.length);
      for (let i = 0; i < codes.length; i++) {
        const code = codes[i]!;
        values[i] = code < 0 ? null : labels[code]!;
      }
      return { type: 'label', spec: column.spec, values };
    }),
  };
}
