/**
 * Fit side of the label rules (combination and zero-when): on the rows where a rule's leader
 * column holds its value, each other column of the rule is fixed by the rule (its value, or 0), so
 * nothing is left there to model. `fit` fits such a column's marginal and correlations on the other
 * rows only (its scores are missing on the fixed rows, which the pairwise-complete correlation
 * skips), so it never draws the fixed value elsewhere; `sample` sets the fixed cells from the
 * leader (src/sample/rules/rebuild-derived.ts). Every synthetic row then keeps the rule by
 * construction.
 */

import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { personalMention } from '../../schema/detect/personal-in-text.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { ruleAdherence } from '../../schema/rules/rule-adherence.js';
import {
  type CombinationRule,
  isDeriving,
  type Rule,
  sourceColumns,
} from '../../schema/rules/rule-format.js';

/** A column fixed by a label rule on the rows where `when.column` holds `when.value`. */
export interface DeterminedColumn {
  readonly kind: 'combination' | 'zero-when';
  readonly column: string;
  /** The value it holds there: a label, or '0' for zero-when. */
  readonly value: string;
  readonly when: { readonly column: string; readonly value: string };
}

function distinctLabels(column: PreparedColumn | undefined): number {
  if (column?.type !== 'label') return Number.POSITIVE_INFINITY;
  return new Set(column.values.filter((v) => v !== null)).size;
}

/** A combination fixes a label (categorical or yes/no) column, a zero-when rule a number column. */
function fitsKind(kind: 'combination' | 'zero-when', column: PreparedColumn | undefined): boolean {
  const columnKind = column?.spec.kind;
  return kind === 'combination'
    ? column?.type === 'label' && (columnKind === 'categorical' || columnKind === 'boolean')
    : column?.type === 'number' && (columnKind === 'numeric' || columnKind === 'integer');
}

/**
 * The leader of a combination: the column with the fewest distinct values (a yes/no flag before a
 * service column), the first listed among equals. Any cell would do: the rule makes them coincide.
 */
function leaderOf(rule: CombinationRule, byName: ReadonlyMap<string, PreparedColumn>): number {
  let best = 0;
  rule.values.forEach((cell, i) => {
    if (distinctLabels(byName.get(cell.column)) < distinctLabels(byName.get(rule.values[best]!.column)))
      best = i;
  });
  return best;
}

/**
 * The columns the schema's combination and zero-when rules fix, and where. A rule is kept by
 * construction when it holds on every real row, its value is held by at least k rows (so writing
 * it reveals nothing the model would not store) and names no person, and its columns take part in
 * no other kept rule as a fixed column (a leader is never fixed itself; a zero-when column is not
 * one that a deriving rule rebuilds). The others are only checked by `validate`.
 * O(rules × rows).
 */
export function determinedColumns(
  prepared: PreparedTable,
  schema: DatasetSchema,
  minCount: number,
): DeterminedColumn[] {
  const byName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const rebuilt = new Set(
    (schema.rules ?? [])
      .filter((r) => isDeriving(r) && r.enforce !== false)
      .flatMap((r) => {
        if (!isDeriving(r)) return [];
        return [r.kind === 'order' ? r.upper : r.column, ...sourceColumns(r)];
      }),
  );
  const fixed = new Set<string>();
  const leaders = new Set<string>();
  const out: DeterminedColumn[] = [];
  const keeps = (rule: Rule): boolean => {
    const adherence = ruleAdherence(prepared, rule);
    return adherence !== null && adherence.rows > 0 && adherence.satisfied === adherence.rows;
  };
  for (const rule of schema.rules ?? []) {
    if (rule.kind !== 'combination' && rule.kind !== 'zero-when') continue;
    if (rule.enforce === false || !keeps(rule)) continue;
    const leader = rule.kind === 'combination' ? rule.values[leaderOf(rule, byName)]! : rule.when;
    const leaderColumn = byName.get(leader.column);
    if (leaderColumn?.type !== 'label') continue;
    const rows = leaderColumn.values.filter((v) => v === leader.value).length;
    if (rows < minCount || rows === prepared.rowCount) continue;
    const followers =
      rule.kind === 'combination'
        ? rule.values.filter((cell) => cell !== leader)
        : [{ column: rule.column, value: '0' }];
    const free = followers.every(
      (cell) =>
        fitsKind(rule.kind, byName.get(cell.column)) &&
        !fixed.has(cell.column) &&
        !leaders.has(cell.column) &&
        personalMention(cell.value) === undefined &&
        (rule.kind === 'combination' || !rebuilt.has(cell.column)),
    );
    if (!free || fixed.has(leader.column) || personalMention(leader.value) !== undefined) continue;
    leaders.add(leader.column);
    for (const cell of followers) {
      fixed.add(cell.column);
      out.push({
        kind: rule.kind,
        column: cell.column,
        value: cell.value,
        when: { column: leader.column, value: leader.value },
      });
    }
  }
  return out;
}

/** Rows of a prepared table where a determined column is free (its leader does not hold the value). */
export function freeRows(prepared: PreparedTable, determined: DeterminedColumn): Int32Array | null {
  const leader = prepared.columns.find((c) => c.spec.name === determined.when.column);
  if (leader?.type !== 'label') return null;
  const rows: number[] = [];
  leader.values.forEach((v, i) => {
    if (v !== determined.when.value) rows.push(i);
  });
  return Int32Array.from(rows);
}
