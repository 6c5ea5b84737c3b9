/**
 * Which two column sets the linkability attacker holds. The attack links a customer's two halves
 * when the nearest synthetic row on set A is the nearest on set B; sets too coarse to tell customers
 * apart (age and marital status on one side, job and home on the other) link nobody, not even
 * through a verbatim copy of the training rows, and a gate rule on such a figure can never fail.
 * So the sets are chosen so that a copy of the training data *is* linked, and the report says with
 * which sets, and how much of a copy they link, or that no split does.
 */
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';
import { columnByName } from './table-columns.js';

/** A split counts as linking when a copy of the training rows links at least this share of them. */
export const COPY_LINKED_MIN = 0.5;

export type LinkSetSource =
  | 'given'
  | 'quasi-identifiers'
  | 'quasi-identifiers and other non-sensitive columns'
  | 'all compared columns';

export interface LinkSetChoice {
  /** The two sets, or null when no split links a copy of the training rows (or < 2 columns). */
  readonly columns: readonly [readonly string[], readonly string[]] | null;
  readonly source: LinkSetSource | null;
  /**
   * Expected share of training rows that the attack links through a verbatim copy of the training
   * rows with these sets (the best split tried when none qualifies): 1 when every customer is
   * unique on each half.
   */
  readonly copyLinked: number;
  /** Why there are no sets, in words; null when there are. */
  readonly none: string | null;
}

function cellKey(column: PreparedColumn, row: number): string {
  if (column.type === 'number') return String(column.values[row]);
  const v = column.values[row];
  return v === null || v === undefined ? '\u0000' : `s${v}`;
}

export function rowKeys(table: PreparedTable, names: readonly string[]): string[] {
  const columns = names.map((name) => columnByName(table, name, 'training data'));
  const keys = new Array<string>(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) keys[r] = columns.map((c) => cellKey(c, r)).join('\u0001');
  return keys;
}

export function counts(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of keys) out.set(key, (out.get(key) ?? 0) + 1);
  return out;
}

/**
 * The share of training rows the linkability attack (one neighbour per side, ties drawn uniformly,
 * see linkability.ts) links when the synthetic data is the training data itself. A row's nearest
 * rows on a set are then exactly its duplicates on that set (Gower distance treats missing values
 * alike on both sides), so row t is linked with chance n_AB(t) / (n_A(t)·n_B(t)), where n_S(t)
 * counts rows equal to t on S. O(n·|A ∪ B|).
 * @example copyLinkedShare(train, [['age', 'income'], ['debt', 'amount']]) // 0.97
 */
export function copyLinkedShare(
  training: PreparedTable,
  sets: readonly [readonly string[], readonly string[]],
): number {
  if (training.rowCount === 0) return 0;
  const keysA = rowKeys(training, sets[0]);
  const keysB = rowKeys(training, sets[1]);
  const keysAB = keysA.map((key, r) => `${key}\u0002${keysB[r]}`);
  const [nA, nB, nAB] = [counts(keysA), counts(keysB), counts(keysAB)];
  let linked = 0;
  for (let r = 0; r < training.rowCount; r++) {
    linked += nAB.get(keysAB[r]!)! / (nA.get(keysA[r]!)! * nB.get(keysB[r]!)!);
  }
  return linked / training.rowCount;
}

function distinctValues(table: PreparedTable, name: string): number {
  return counts(rowKeys(table, [name])).size;
}

/** The columns dealt alternately into two sets, most distinct values first, so both halves tell rows apart. */
function dealByDistinctness(table: PreparedTable, names: readonly string[]): [string[], string[]] {
  const ranked = names
    .map((name) => ({ name, distinct: distinctValues(table, name) }))
    .sort((x, y) => y.distinct - x.distinct || names.indexOf(x.name) - names.indexOf(y.name))
    .map((x) => x.name);
  return [ranked.filter((_, i) => i % 2 === 0), ranked.filter((_, i) => i % 2 === 1)];
}

/**
 * Chooses the linkability sets: given sets as they are; otherwise the first of (1) the schema's
 * quasi-identifiers split in two halves, (2) the quasi-identifiers and the other non-sensitive
 * compared columns, (3) every compared column, each of (2) and (3) dealt alternately by their
 * number of distinct values, with which a copy of the training rows links at least
 * {@link COPY_LINKED_MIN} of them. When none does, no sets (the figure is then not applicable,
 * with the reason).
 * @example chooseLinkSets(train, ['age', 'income', 'debt'], ['age'], ['income']).source // 'all compared columns'
 */
export function chooseLinkSets(
  training: PreparedTable,
  columns: readonly string[],
  quasiIdentifiers: readonly string[],
  sensitive: readonly string[],
  given?: readonly [readonly string[], readonly string[]],
): LinkSetChoice {
  if (given) {
    return { columns: given, source: 'given', copyLinked: copyLinkedShare(training, given), none: null };
  }
  const qis = quasiIdentifiers.filter((name) => columns.includes(name));
  const nonSensitive = columns.filter((name) => !sensitive.includes(name) || qis.includes(name));
  const candidates: [LinkSetSource, [string[], string[]] | null][] = [
    [
      'quasi-identifiers',
      qis.length >= 2
        ? [qis.slice(0, Math.ceil(qis.length / 2)), qis.slice(Math.ceil(qis.length / 2))]
        : null,
    ],
    [
      'quasi-identifiers and other non-sensitive columns',
      nonSensitive.length >= 2 ? dealByDistinctness(training, nonSensitive) : null,
    ],
    ['all compared columns', columns.length >= 2 ? dealByDistinctness(training, columns) : null],
  ];
  let best = 0;
  for (const [source, sets] of candidates) {
    if (sets === null) continue;
    const copyLinked = copyLinkedShare(training, sets);
    if (copyLinked >= COPY_LINKED_MIN) return { columns: sets, source, copyLinked, none: null };
    best = Math.max(best, copyLinked);
  }
  if (columns.length < 2) {
    return { columns: null, source: null, copyLinked: 0, none: 'fewer than two columns to link on' };
  }
  return {
    columns: null,
    source: null,
    copyLinked: best,
    none: `no split of the columns links a copy of the training rows (at best ${(100 * best).toFixed(0)}% of them, below ${100 * COPY_LINKED_MIN}%): too many customers share their values for the attack to tell a copy from fresh data`,
  };
}
