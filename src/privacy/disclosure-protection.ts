/**
 * DisclosureProtection (SDMetrics ≥ 0.18, metrics.md §1.10; CAP of Taub et al. 2018, §4.2): how
 * well an attacker who knows some columns of a real customer (the keys) can guess the sensitive
 * columns from the synthetic data, relative to guessing at random.
 *
 * The attacker groups synthetic rows by key; for a real row it takes the synthetic rows with the
 * same key (`cap`; rows whose key is absent are skipped), counts an absent key as a miss
 * (`zero_cap`), or pools the synthetic keys nearest in Hamming distance (`generalized_cap`). Its
 * score for the row is the share of those synthetic rows carrying the row's true sensitive values.
 * cap protection = 1 − mean row score; score = min(cap protection / baseline, 1) with baseline
 * 1 − 1/Π (distinct sensitive values in real).
 */
import { DoppelError } from '../errors.js';
import type { PreparedColumn, PreparedTable } from '../schema/prepare-table.js';
import { equalWidthBins } from './equal-width-bins.js';
import { alignedColumns, isNumericKind } from './table-columns.js';

export type CapMethod = 'cap' | 'zero_cap' | 'generalized_cap';

export interface DisclosureProtectionOptions {
  /** Columns the attacker already knows (at least one). */
  readonly knownColumns: readonly string[];
  /** Columns the attacker wants to learn (at least one). */
  readonly sensitiveColumns: readonly string[];
  /** Default `cap`. */
  readonly method?: CapMethod;
  /**
   * Columns cut into `bins` equal-width bins first. Default: every numeric, integer or datetime
   * column among the known and sensitive ones (SDMetrics' default is none, which makes exact
   * float equality the attack; pass `[]` for that).
   */
  readonly continuousColumns?: readonly string[];
  /** Bins per continuous column (default 10). */
  readonly bins?: number;
}

export interface DisclosureProtectionResult {
  /** min(capProtection / baselineProtection, 1): 1 is best; NaN when the baseline is 0. */
  readonly score: number;
  /** 1 − the attacker's mean probability of the true sensitive values; NaN when no row was scored. */
  readonly capProtection: number;
  /** 1 − 1/Π distinct sensitive values in real: protection against blind guessing. */
  readonly baselineProtection: number;
}

type Cell = string | number | null;

/**
 * DisclosureProtection of `synthetic` for the real rows of `real`.
 * @throws DoppelError `usage` for empty column lists, `schema-mismatch` for a missing column.
 * @example disclosureProtection(real, syn, { knownColumns: ['city', 'member'], sensitiveColumns: ['income'], bins: 3 })
 * // { score: 0.2727272727272726, capProtection: 0.18181818181818177, baselineProtection: 0.6666666666666667 }
 */
export function disclosureProtection(
  real: PreparedTable,
  synthetic: PreparedTable,
  options: DisclosureProtectionOptions,
): DisclosureProtectionResult {
  const { knownColumns, sensitiveColumns } = options;
  if (knownColumns.length === 0 || sensitiveColumns.length === 0) {
    throw new DoppelError('usage', 'disclosure protection needs at least one known and one sensitive column');
  }
  const bins = options.bins ?? 10;
  const names = [...knownColumns, ...sensitiveColumns];
  const pairs = alignedColumns(
    [
      { table: real, role: 'real data' },
      { table: synthetic, role: 'synthetic data' },
    ],
    names,
  ) as [PreparedColumn, PreparedColumn][];
  const continuous = new Set(
    options.continuousColumns ?? names.filter((_, i) => isNumericKind(pairs[i]![0].spec.kind)),
  );
  // Cells as comparable values; null (missing) is its own category, as SDMetrics' '__NULL_VALUE__'.
  const cells = pairs.map(([r, s], i): [Cell[], Cell[]] => {
    if (r.type === 'number' && s.type === 'number') {
      if (continuous.has(names[i]!)) {
        const binned = equalWidthBins(r.values, s.values, bins);
        return [binned.real, binned.synthetic];
      }
      const num = (v: Float64Array) => Array.from(v, (x) => (Number.isNaN(x) ? null : x));
      return [num(r.values), num(s.values)];
    }
    return [r.values as Cell[], s.values as Cell[]];
  });
  const k = knownColumns.length;
  const tuple = (side: 0 | 1, from: number, to: number, row: number) =>
    JSON.stringify(cells.slice(from, to).map((c) => c[side][row] ?? null));

  let distinctProduct = 1;
  for (let i = k; i < names.length; i++)
    distinctProduct *= new Set(cells[i]![0].map((v) => JSON.stringify(v))).size;
  const baselineProtection = 1 - 1 / distinctProduct;

  // Attacker fitted on the synthetic rows: key tuple -> sensitive tuple -> count (insertion ordered).
  const byKey = new Map<string, { parts: Cell[]; counts: Map<string, number>; size: number }>();
  for (let row = 0; row < synthetic.rowCount; row++) {
    const key = tuple(1, 0, k, row);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { parts: cells.slice(0, k).map((c) => c[1][row] ?? null), counts: new Map(), size: 0 };
      byKey.set(key, entry);
    }
    const sensitive = tuple(1, k, names.length, row);
    entry.counts.set(sensitive, (entry.counts.get(sensitive) ?? 0) + 1);
    entry.size++;
  }

  const method = options.method ?? 'cap';
  const nearestCache = new Map<string, { counts: Map<string, number>; size: number }[]>();
  let score = 0;
  let count = 0;
  for (let row = 0; row < real.rowCount; row++) {
    const key = tuple(0, 0, k, row);
    const sensitive = tuple(0, k, names.length, row);
    const entry = byKey.get(key);
    let rowScore: number | null;
    if (entry) rowScore = (entry.counts.get(sensitive) ?? 0) / entry.size;
    else if (method === 'cap') rowScore = null;
    else if (method === 'zero_cap') rowScore = 0;
    else {
      let nearest = nearestCache.get(key);
      if (!nearest) {
        nearest = nearestKeys(
          cells.slice(0, k).map((c) => c[0][row] ?? null),
          byKey.values(),
        );
        nearestCache.set(key, nearest);
      }
      let hits = 0;
      let total = 0;
      for (const group of nearest) {
        hits += group.counts.get(sensitive) ?? 0;
        total += group.size;
      }
      rowScore = total === 0 ? 0 : hits / total;
    }
    if (rowScore !== null) {
      count++;
      score += rowScore;
    }
  }
  const capProtection = count === 0 ? Number.NaN : 1.0 - score / count;
  return {
    score: baselineProtection === 0 ? Number.NaN : Math.min(capProtection / baselineProtection, 1),
    capProtection,
    baselineProtection,
  };
}

/** The synthetic key groups at the smallest Hamming distance from `key` (ties pooled). */
function nearestKeys<G extends { parts: Cell[] }>(key: Cell[], groups: Iterable<G>): G[] {
  let best = Number.POSITIVE_INFINITY;
  let out: G[] = [];
  for (const group of groups) {
    let d = 0;
    for (let i = 0; i < key.length; i++) if (key[i] !== group.parts[i]) d++;
    if (d < best) {
      best = d;
      out = [group];
    } else if (d === best) out.push(group);
  }
  return out;
}
