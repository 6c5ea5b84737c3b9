import { Float64, makeData, makeVector, Table, Utf8, type Vector, vectorFromArray } from 'apache-arrow';

/** A column parsed from a text format: numbers where every present value is numeric, text otherwise. */
export type ParsedColumn =
  | { type: 'number'; values: (number | null)[] }
  | { type: 'string'; values: (string | null)[] };

/** Packs a validity bitmap (1 = present), Arrow's LSB bit order. */
export function validityBitmap(
  length: number,
  isValid: (index: number) => boolean,
): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (isValid(i)) bitmap[i >> 3]! |= 1 << (i & 7);
    else nullCount++;
  }
  return { bitmap, nullCount };
}

function float64Vector(values: (number | null)[]): Vector<Float64> {
  const data = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = values[i] ?? Number.NaN;
  const { bitmap, nullCount } = validityBitmap(values.length, (i) => values[i] !== null);
  return makeVector(
    makeData({
      type: new Float64(),
      length: values.length,
      data,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

/** Builds an Arrow table from parsed columns, in the given order. */
export function tableFromColumns(names: readonly string[], columns: readonly ParsedColumn[]): Table {
  const vectors: Record<string, Vector> = {};
  names.forEach((name, index) => {
    const column = columns[index]!;
    vectors[name] =
      column.type === 'number' ? float64Vector(column.values) : vectorFromArray(column.values, new Utf8());
  });
  return new Table(vectors);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Types a column of text cells: numbers if every non-empty cell is a number, text otherwise. */
export function parseTextColumn(cells: readonly (string | null)[]): ParsedColumn {
  let numeric = true;
  for (const cell of cells) {
    if (cell !== null && !NUMBER.test(cell.trim())) {
      numeric = false;
      break;
    }
  }
  if (numeric) return { type: 'number', values: cells.map((cell) => (cell === null ? null : Number(cell))) };
  return { type: 'string', values: [...cells] };
}
