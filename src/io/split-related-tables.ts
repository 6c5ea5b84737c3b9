import type { Table, Vector } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';
import type { RandomSource } from '../stats/random.js';
import { takeRows } from './take-rows.js';

export interface SplitRelatedTables {
  readonly train: ReadonlyMap<string, Table>;
  readonly holdout: ReadonlyMap<string, Table>;
}

function keyAt(vector: Vector, row: number): string | null {
  const cell: unknown = vector.get(row);
  return cell === null || cell === undefined ? null : String(cell);
}

/**
 * A reproducible split by customer: round(fraction × customers) root rows go to the holdout, and
 * every descendant row goes wherever its customer went (the privacy unit is the customer with all
 * their events). Rows keep their file order. Rows whose parent is in neither part (an orphan) are
 * left out here; the fit reports them.
 * @throws DoppelError `usage` unless 0 < fraction < 1 leaves customers on both sides.
 */
export function splitRelatedTables(
  tree: RelationalTree,
  tables: ReadonlyMap<string, Table>,
  holdoutFraction: number,
  random: RandomSource,
): SplitRelatedTables {
  const root = tables.get(tree.root.name)!;
  const n = root.numRows;
  const holdoutRows = Math.round(holdoutFraction * n);
  if (!(holdoutFraction > 0 && holdoutFraction < 1) || holdoutRows < 1 || holdoutRows >= n)
    throw new DoppelError(
      'usage',
      `--holdout must be a fraction between 0 and 1 that leaves customers on both sides (got ${holdoutFraction} of ${n} customers)`,
    );
  // Fisher–Yates on customer indices, as splitTable does for rows.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.nextDouble() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const side = new Map<string, Uint8Array>();
  const rootSide = new Uint8Array(n);
  for (const row of order.slice(0, holdoutRows)) rootSide[row] = 1;
  side.set(tree.root.name, rootSide);
  const train = new Map<string, Table>();
  const holdout = new Map<string, Table>();
  for (const spec of tree.topDown) {
    const table = tables.get(spec.name)!;
    let sides = side.get(spec.name);
    if (!sides) {
      // 0 train, 1 holdout, 2 neither (an orphan).
      const parent = tree.byName.get(spec.parent!.table)!;
      const parentTable = tables.get(parent.name)!;
      const parentKey = parentTable.getChild(parent.primaryKey!)!;
      const parentSides = side.get(parent.name)!;
      const sideOfKey = new Map<string, number>();
      for (let r = 0; r < parentTable.numRows; r++) {
        const key = keyAt(parentKey, r);
        if (key !== null) sideOfKey.set(key, parentSides[r]!);
      }
      const foreign = table.getChild(spec.parent!.foreignKey)!;
      sides = new Uint8Array(table.numRows);
      for (let r = 0; r < table.numRows; r++) {
        const key = keyAt(foreign, r);
        sides[r] = key === null ? 2 : (sideOfKey.get(key) ?? 2);
      }
      side.set(spec.name, sides);
    }
    const rows: [number[], number[]] = [[], []];
    sides.forEach((s, r) => {
      if (s < 2) rows[s]!.push(r);
    });
    train.set(spec.name, takeRows(table, rows[0]));
    holdout.set(spec.name, takeRows(table, rows[1]));
  }
  return { train, holdout };
}
