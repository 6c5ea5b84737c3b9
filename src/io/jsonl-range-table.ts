/**
 * The fast JSON Lines reader's ranges (jsonl-range.ts) joined into one Arrow table: the only part
 * of that reader that needs Arrow, loaded once the rows are read (jsonl-scan.ts).
 */
import { Bool, makeData, makeVector, type Table, Vector } from 'apache-arrow';
import type { ColumnPart } from './csv-column-builders.js';
import { vectorFromParts } from './csv-column-parts.js';
import type { JsonlRangeResult } from './jsonl-range.js';
import { tableFromNamedVectors, validityBitmap } from './table-from-columns.js';

/** Rows of a column absent from a range: all missing, as a column no value has decided. */
function missingPart(rows: number): ColumnPart {
  return { kind: 'numbers', values: new Float64Array(rows).fill(Number.NaN), decided: false, markers: false };
}

function booleanVector(states: Uint8Array): Vector {
  const rows = states.length;
  const { bitmap: data } = validityBitmap(rows, (r) => states[r] === 1);
  const { bitmap, nullCount } = validityBitmap(rows, (r) => states[r] !== 2);
  return makeVector(
    makeData({
      type: new Bool(),
      length: rows,
      data,
      nullCount,
      nullBitmap: nullCount > 0 ? bitmap : null,
    }),
  );
}

/**
 * The ranges' columns joined in file order, each as one thread would have built it over all the
 * rows: columns in first-seen order, a column absent from a range missing there; null when the
 * ranges disagree (numbers or booleans in one, text in another; missing markers in a column that
 * is not text) or hold no rows.
 */
export function tableFromJsonlRanges(ranges: readonly JsonlRangeResult[]): Table | null {
  const rows = ranges.reduce((sum, range) => sum + range.rows, 0);
  if (rows === 0) return null;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const range of ranges) {
    for (const column of range.columns) {
      if (!seen.has(column.name)) {
        seen.add(column.name);
        names.push(column.name);
      }
    }
  }
  const vectors: Vector[] = [];
  for (const name of names) {
    const columns = ranges.map((range) => range.columns.find((column) => column.name === name) ?? null);
    let vector: Vector | null;
    if (columns.some((column) => column?.booleans)) {
      // Booleans, with ranges of missing values only; a chunk per range, as vectorFromParts makes.
      const chunks: Vector[] = [];
      for (const [r, column] of columns.entries()) {
        const part = column?.part;
        if (column?.booleans) chunks.push(booleanVector(column.booleans));
        else if (part && (part.kind !== 'numbers' || part.decided || part.markers)) return null;
        else chunks.push(booleanVector(new Uint8Array(ranges[r]!.rows).fill(2)));
      }
      vector = chunks.length === 1 ? chunks[0]! : new Vector(chunks.flatMap((chunk) => chunk.data));
    } else {
      const parts = columns.map((column, r) => column?.part ?? missingPart(ranges[r]!.rows));
      // A column of missing markers and numbers, or of markers alone: the line-by-line reader's.
      if (
        parts.every((part) => part.kind === 'numbers') &&
        parts.some((part) => part.kind === 'numbers' && part.markers)
      )
        return null;
      vector = vectorFromParts(parts);
    }
    if (vector === null) return null;
    vectors.push(vector);
  }
  return tableFromNamedVectors(names, vectors);
}
