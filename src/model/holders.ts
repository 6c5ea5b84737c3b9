/**
 * Who holds a value. In a single table every row is its own customer; in an event table many rows
 * belong to one customer, and the k rule counts customers (a value carried by a thousand events of
 * one customer is still held by one). `owners[row]` is the customer of each row; undefined means
 * every row is its own.
 */

/** The customer of each row of a table, or undefined when every row is its own customer. */
export type RowOwners = Int32Array | undefined;

/** How many distinct customers own rows[from, to) of `owners` (the row count when owners is undefined). */
export function holdersIn(owners: RowOwners, from: number, to: number): number {
  if (owners === undefined) return to - from;
  const seen = new Set<number>();
  for (let i = from; i < to; i++) seen.add(owners[i]!);
  return seen.size;
}

/** A number column's present values sorted ascending, their owners in the same order, and who holds what. */
export interface PresentNumbers {
  readonly sorted: Float64Array;
  /** The owner of each sorted value; undefined when every row is its own customer. */
  readonly owners: RowOwners;
  /** Distinct customers holding a present value, and distinct customers with a missing one. */
  readonly holders: { readonly present: number; readonly missing: number };
}

/**
 * The finite values of a column sorted ascending (NaN marks a missing value), with their owners.
 * O(n log n).
 * @example presentNumbers(Float64Array.of(3, NaN, 1), Int32Array.of(0, 0, 1))
 * // { sorted: [1, 3], owners: [1, 0], holders: { present: 2, missing: 1 } }
 */
export function presentNumbers(values: Float64Array, owners: RowOwners): PresentNumbers {
  if (owners === undefined) {
    const sorted = values.filter((x) => !Number.isNaN(x)).sort();
    return { sorted, owners, holders: { present: sorted.length, missing: values.length - sorted.length } };
  }
  const rows: number[] = [];
  const missing = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) missing.add(owners[i]!);
    else rows.push(i);
  }
  rows.sort((a, b) => values[a]! - values[b]! || a - b);
  const sorted = Float64Array.from(rows, (r) => values[r]!);
  const sortedOwners = Int32Array.from(rows, (r) => owners[r]!);
  return {
    sorted,
    owners: sortedOwners,
    holders: { present: holdersIn(sortedOwners, 0, sortedOwners.length), missing: missing.size },
  };
}

/** Distinct customers holding each label, any label, and a missing value. */
export interface LabelHolders {
  readonly byLabel: ReadonlyMap<string, number>;
  readonly missing: number;
  readonly present: number;
}

/**
 * Distinct customers holding each label, and those whose label is missing.
 * O(n).
 */
export function labelHolders(labels: readonly (string | null)[], owners: RowOwners): LabelHolders {
  const sets = new Map<string, Set<number>>();
  const missing = new Set<number>();
  const present = new Set<number>();
  labels.forEach((label, row) => {
    const owner = owners === undefined ? row : owners[row]!;
    if (label === null) {
      missing.add(owner);
      return;
    }
    present.add(owner);
    let set = sets.get(label);
    if (!set) sets.set(label, (set = new Set()));
    set.add(owner);
  });
  return {
    byLabel: new Map([...sets].map(([label, set]) => [label, set.size])),
    missing: missing.size,
    present: present.size,
  };
}
