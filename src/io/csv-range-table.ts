/**
 * The block-by-block CSV reader's ranges (csv-range.ts) joined into one Arrow table: the only part
 * of that reader that needs Arrow, loaded once the rows are read (csv-stream.ts).
 */
import type { Table, Vector } from 'apache-arrow';
import type { ColumnPart } from './csv-column-builders.js';
import { vectorFromParts } from './csv-column-parts.js';
import type { CsvRangeResult } from './csv-range.js';
import { tableFromNamedVectors } from './table-from-columns.js';

/** The ranges' columns in file order; null when they need the whole-file reader (see vectorFromParts). */
export function tableFromCsvRanges(names: readonly string[], parts: readonly CsvRangeResult[]): Table | null {
  // A header alone: the whole-file reader's refusal.
  if (parts.every((range) => range.rows === 0)) return null;
  const vectors: Vector[] = [];
  for (let c = 0; c < names.length; c++) {
    const vector = vectorFromParts(parts.map((range) => range.columns[c] as ColumnPart));
    if (vector === null) return null;
    vectors.push(vector);
  }
  return tableFromNamedVectors([...names], vectors);
}
