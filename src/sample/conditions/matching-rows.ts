/**
 * Which rows of a table satisfy a condition: to check conditioned output, and to score it against
 * the real customers the condition selects. Values are read through the schema (prepare-table.ts),
 * so a CSV, Arrow or Parquet table of real or synthetic rows is judged alike.
 */
import type { Table } from 'apache-arrow';
import { DoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { booleanLabel, epochMillis, type PreparedColumn, prepareTable } from '../../schema/prepare-table.js';
import type { Condition, ConditionTerm, ConditionValue } from './parse-where.js';

function numberOf(column: PreparedColumn, value: ConditionValue): number {
  if (column.spec.kind === 'datetime') return epochMillis(value);
  return typeof value === 'number' ? value : Number(value);
}

function termHolds(column: PreparedColumn, term: ConditionTerm, row: number): boolean {
  const raw = column.values[row];
  const missing = raw === null || raw === undefined || (typeof raw === 'number' && Number.isNaN(raw));
  if (term.kind === 'null') return missing !== term.negated;
  if (missing) return false;
  if (term.kind === 'in') {
    let found: boolean;
    if (column.type === 'number') found = term.values.some((v) => numberOf(column, v) === raw);
    else if (column.spec.kind === 'boolean') {
      const label = booleanLabel(raw);
      found = term.values.some((v) => booleanLabel(v) === label);
    } else found = term.values.some((v) => String(v) === raw);
    return found !== term.negated;
  }
  if (column.type !== 'number') return false;
  const x = raw as number;
  if (term.low !== null) {
    const low = numberOf(column, term.low);
    if (term.lowInclusive ? x < low : x <= low) return false;
  }
  if (term.high !== null) {
    const high = numberOf(column, term.high);
    if (term.highInclusive ? x > high : x >= high) return false;
  }
  return true;
}

/**
 * The indices of the rows of `table` that satisfy every term of `condition`.
 * @throws DoppelError `usage` when a term names a column the schema does not list.
 * @example rowsMatching(table, schema, parseWhere("churn = 'Yes'")).length // 1869 on telco
 */
export function rowsMatching(table: Table, schema: DatasetSchema, condition: Condition): number[] {
  const prepared = prepareTable(table, schema, { columns: 'all', applyConsent: false });
  const byName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const terms = condition.terms.map((term) => {
    const column = byName.get(term.column);
    if (column === undefined)
      throw new DoppelError('usage', `the condition names ${term.column}, which the schema does not list`);
    return { term, column };
  });
  const rows: number[] = [];
  for (let r = 0; r < prepared.rowCount; r++) {
    if (terms.every(({ term, column }) => termHolds(column, term, r))) rows.push(r);
  }
  return rows;
}
