/**
 * Identity disclosure on quasi-identifiers (metrics.md §4.1): k-anonymity and the uniqueness
 * figures of synthpop's `disclosure()`. Rows are grouped by the exact tuple of quasi-identifier
 * values, a missing value being a value of its own.
 *
 * synthpop reports UiO, UiS, UiOiS and repU as percentages; doppel reports the same counts as
 * shares in [0, 1], like every other privacy figure.
 */
import { DoppelError } from '../errors.js';
import type { PreparedTable } from '../schema/prepare-table.js';
import { alignedColumns, cellKey } from './table-columns.js';

export interface KAnonymityResult {
  /** The smallest equivalence class (0 for an empty table): the table is k-anonymous for this k. */
  readonly k: number;
  /** Number of distinct quasi-identifier combinations. */
  readonly classCount: number;
  /** Rows whose combination no other row shares (f_k = 1). */
  readonly uniqueRows: number;
  /** uniqueRows / rows. */
  readonly uniquenessRate: number;
  /** The class-size distribution: for each size, how many classes have it and how many rows they hold. */
  readonly classSizes: readonly { readonly size: number; readonly classes: number; readonly rows: number }[];
}

export interface ReplicatedUniquesResult {
  /** UiO: share of real rows unique on the quasi-identifiers in the real data. */
  readonly uniqueInReal: number;
  /** UiS: share of synthetic rows unique in the synthetic data. */
  readonly uniqueInSynthetic: number;
  /** UiOiS: share of real rows unique in real whose combination appears in the synthetic data. */
  readonly uniqueInRealFoundInSynthetic: number;
  /** repU: share of real rows whose combination is unique in BOTH real and synthetic data. */
  readonly replicatedUniques: number;
}

function classCounts(
  table: PreparedTable,
  quasiIdentifiers: readonly string[],
  role: string,
): Map<string, number> {
  if (quasiIdentifiers.length === 0)
    throw new DoppelError('usage', 'name at least one quasi-identifier column');
  const columns = alignedColumns([{ table, role }], quasiIdentifiers).map(([c]) => c!);
  const counts = new Map<string, number>();
  for (let row = 0; row < table.rowCount; row++) {
    const key = JSON.stringify(columns.map((c) => cellKey(c, row)));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * k-anonymity of a table on its quasi-identifiers.
 * @throws DoppelError `usage` for no quasi-identifier, `schema-mismatch` for a missing column.
 * @example kAnonymity(table, ['age', 'postcode']) // { k: 1, classCount: 812, uniqueRows: 640, ... }
 */
export function kAnonymity(table: PreparedTable, quasiIdentifiers: readonly string[]): KAnonymityResult {
  const counts = classCounts(table, quasiIdentifiers, 'data');
  const bySize = new Map<number, number>();
  let k = Number.POSITIVE_INFINITY;
  for (const size of counts.values()) {
    bySize.set(size, (bySize.get(size) ?? 0) + 1);
    if (size < k) k = size;
  }
  const uniqueRows = bySize.get(1) ?? 0;
  return {
    k: counts.size === 0 ? 0 : k,
    classCount: counts.size,
    uniqueRows,
    uniquenessRate: table.rowCount === 0 ? 0 : uniqueRows / table.rowCount,
    classSizes: [...bySize.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([size, classes]) => ({ size, classes, rows: size * classes })),
  };
}

/**
 * synthpop's UiO, UiS, UiOiS and repU (as shares) on the quasi-identifiers.
 * @throws DoppelError as {@link kAnonymity}.
 * @example replicatedUniques(real, real, qi).replicatedUniques === replicatedUniques(real, real, qi).uniqueInReal // true
 */
export function replicatedUniques(
  real: PreparedTable,
  synthetic: PreparedTable,
  quasiIdentifiers: readonly string[],
): ReplicatedUniquesResult {
  const inReal = classCounts(real, quasiIdentifiers, 'real data');
  const inSynthetic = classCounts(synthetic, quasiIdentifiers, 'synthetic data');
  let uniqueReal = 0;
  let foundInSynthetic = 0;
  let replicated = 0;
  for (const [key, count] of inReal) {
    if (count !== 1) continue;
    uniqueReal++;
    const s = inSynthetic.get(key);
    if (s !== undefined) foundInSynthetic++;
    if (s === 1) replicated++;
  }
  let uniqueSynthetic = 0;
  for (const count of inSynthetic.values()) if (count === 1) uniqueSynthetic++;
  const nd = Math.max(1, real.rowCount);
  return {
    uniqueInReal: uniqueReal / nd,
    uniqueInSynthetic: uniqueSynthetic / Math.max(1, synthetic.rowCount),
    uniqueInRealFoundInSynthetic: foundInSynthetic / nd,
    replicatedUniques: replicated / nd,
  };
}
