/**
 * The rows written into one table, block by block: plan columns from the plan's record batches,
 * other columns from seeded faker values, foreign keys picked among the referenced table's keys, and
 * every unique constraint kept by changing a colliding value deterministically. Rows are made in row
 * order from (seed, table, block) alone, so the same seed writes the same rows.
 */
import type { Faker } from '@faker-js/faker';
import type { RecordBatch, Vector } from 'apache-arrow';
import { DoppelError } from '../../errors.js';
import { makeRandom } from '../../stats/random.js';
import { randomInt } from '../../stats/random-rows.js';
import { cellText } from './cell-text.js';
import { type Cell, cellsOf, type RowBlock } from './cells.js';
import type { SqlType } from './seed-plan.js';
import type { TableTarget, TargetColumn } from './table-targets.js';

/** Rows per block of a generated table (the sampler's chunk size, for the same memory profile). */
const GENERATED_BLOCK_ROWS = 65_536;
const MS_PER_DAY = 86_400_000;
/** Generated dates fall in 2000–2024. */
const DATE_FROM = Date.UTC(2000, 0, 1);
const DATE_SPAN_DAYS = 25 * 365;
/** How many changed values to try before giving up on a unique constraint. */
const MAX_BUMPS = 1_000_000;

/** The keys of a referenced table, one array per key column, in the table's key order. */
export interface KeyPool {
  readonly columns: readonly Cell[][];
  readonly count: number;
}

export interface RowBlockContext {
  readonly seed: number;
  /** Position of the table in the seed, part of every random stream it draws. */
  readonly tableIndex: number;
  /** Per filled key (same index as `target.keys`): the referenced keys, or null when deferred. */
  readonly pools: readonly (KeyPool | null)[];
  /** Added to generated distinct numbers so appended rows do not collide with existing ones. */
  readonly distinctOffset: number;
  /**
   * Per written column (by index), added to a distinct integer column's values: the column's largest
   * existing value when appending, so keys the plan numbers from 1 continue after the existing ones.
   */
  readonly keyOffsets: ReadonlyMap<number, number>;
  /** Existing rows' values of each guarded constraint (append), as tuple keys. */
  readonly existing: readonly Set<string>[];
  readonly faker: Faker | null;
  readonly signal?: AbortSignal;
}

/** A cell of plan type `from` in a column of type `to` (checked compatible by `accepts`). */
function coerce(cell: Cell, from: SqlType, to: SqlType): Cell {
  if (cell === null || from === to) return cell;
  if (to === 'text') return cellText(cell, from);
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  if (to === 'double' && typeof cell === 'bigint') return Number(cell);
  return cell;
}

/** A value of the column's type for row `row`; distinct ones embed the row number. */
function generatedValue(column: TargetColumn, faker: Faker, row: number, distinct: boolean): Cell {
  switch (column.type) {
    case 'integer':
    case 'bigint':
      return distinct ? row : faker.number.int({ min: 1, max: 100_000 });
    case 'double':
      return distinct ? row : faker.number.float({ min: 0, max: 1000, fractionDigits: 2 });
    case 'boolean':
      return faker.datatype.boolean();
    case 'date':
      return DATE_FROM + (distinct ? row : faker.number.int({ min: 0, max: DATE_SPAN_DAYS })) * MS_PER_DAY;
    case 'timestamp':
      return (
        DATE_FROM + (distinct ? row * 1000 : faker.number.int({ min: 0, max: DATE_SPAN_DAYS * MS_PER_DAY }))
      );
    case 'text': {
      if (/^uuid/i.test(column.declared)) return faker.string.uuid();
      const suffix = distinct ? `-${row}` : '';
      const word = faker.lorem.word();
      if (column.maxLength === null) return word + suffix;
      return (word.slice(0, Math.max(0, column.maxLength - suffix.length)) + suffix).slice(-column.maxLength);
    }
    default:
      throw new Error(`generatedValue: unhandled type ${column.type satisfies never}`);
  }
}

/** Value `cell` changed by step k (k ≥ 1), to leave a collision; null when the type has no steps. */
function bumped(cell: Cell, type: SqlType, k: number, maxLength: number | null): Cell {
  if (cell === null) return null;
  switch (type) {
    case 'text': {
      const suffix = `~${k}`;
      const text = String(cell);
      return maxLength === null
        ? text + suffix
        : text.slice(0, Math.max(0, maxLength - suffix.length)) + suffix;
    }
    case 'integer':
    case 'bigint':
      return typeof cell === 'bigint' ? cell + BigInt(k) : Number(cell) + k;
    case 'double':
      return Number(cell) + k;
    case 'date':
      return Number(cell) + k * MS_PER_DAY;
    case 'timestamp':
      return Number(cell) + k;
    case 'boolean':
      return null;
    default:
      throw new Error(`bumped: unhandled type ${type satisfies never}`);
  }
}

export function tupleKey(cells: readonly Cell[]): string | null {
  let key = '';
  for (const cell of cells) {
    if (cell === null || cell === undefined) return null;
    key += `${typeof cell === 'bigint' ? cell.toString() : String(cell)}\u0000`;
  }
  return key;
}

/** The guarded constraints of a table: those no distinct column already makes unique. */
export function guardedUniques(target: TableTarget): number[][] {
  const guarded: number[][] = [];
  for (const set of target.uniques) {
    const indices = set.map((name) => target.columns.findIndex((column) => column.name === name));
    const byConstruction = indices.some((i) => {
      const source = target.columns[i]!.source;
      return (source.kind === 'plan' || source.kind === 'generated') && source.distinct;
    });
    const oneToOne = indices.every((i) => {
      const source = target.columns[i]!.source;
      return source.kind === 'foreign-key' && target.keys[source.key]!.oneToOne;
    });
    if (!byConstruction && !oneToOne) guarded.push(indices);
  }
  return guarded;
}

/** Source blocks: the plan's batches, or empty blocks of generated rows. */
async function* sourceBatches(target: TableTarget): AsyncGenerator<RecordBatch | number> {
  if (target.plan !== null) {
    yield* target.plan.batches();
    return;
  }
  for (let start = 0; start < target.rows; start += GENERATED_BLOCK_ROWS) {
    yield Math.min(GENERATED_BLOCK_ROWS, target.rows - start);
  }
}

/**
 * The table's rows as blocks of cells in `target.columns` order.
 * @throws DoppelError `database-mismatch` when a unique constraint cannot be kept.
 */
export async function* rowBlocksOf(target: TableTarget, context: RowBlockContext): AsyncGenerator<RowBlock> {
  const { columns } = target;
  const guarded = guardedUniques(target);
  const seen = guarded.map((_, g) => context.existing[g] ?? new Set<string>());
  const steps = guarded.map(() => new Map<string, number>());
  let rowStart = 0;
  let blockIndex = 0;
  for await (const source of sourceBatches(target)) {
    if (context.signal?.aborted) throw context.signal.reason;
    let rowCount = typeof source === 'number' ? source : source.numRows;
    if (rowStart + rowCount > target.rows) rowCount = Math.max(0, target.rows - rowStart);
    if (rowCount === 0) break;
    const out: Cell[][] = [];
    // Per filled key, the chosen parent of each row (an index into its pool).
    const picks = target.keys.map((key, k) => {
      const pool = context.pools[k];
      if (key.deferred || pool === null || pool === undefined) return null;
      const random = makeRandom(
        context.seed,
        0x4b000000 + context.tableIndex * 0x10000 + blockIndex * 64 + k,
      );
      const choice = new Int32Array(rowCount);
      for (let r = 0; r < rowCount; r++)
        choice[r] = key.oneToOne ? rowStart + r : randomInt(random, pool.count);
      return choice;
    });
    columns.forEach((column, c) => {
      const { source: from } = column;
      switch (from.kind) {
        case 'plan': {
          const cells = cellsOf((source as RecordBatch).getChildAt(from.index) as Vector);
          if (cells.length > rowCount) cells.length = rowCount;
          if (from.from !== column.type)
            for (let r = 0; r < rowCount; r++) cells[r] = coerce(cells[r] as Cell, from.from, column.type);
          const shift = context.keyOffsets.get(c) ?? 0;
          if (shift !== 0) {
            for (let r = 0; r < rowCount; r++) {
              const cell = cells[r] as Cell;
              if (typeof cell === 'number') cells[r] = cell + shift;
              else if (typeof cell === 'bigint') cells[r] = cell + BigInt(shift);
            }
          }
          out.push(cells);
          return;
        }
        case 'generated': {
          const faker = context.faker as Faker;
          faker.seed([context.seed >>> 0, context.tableIndex, blockIndex, c]);
          const cells = new Array<Cell>(rowCount);
          for (let r = 0; r < rowCount; r++) {
            cells[r] = generatedValue(
              column,
              faker,
              (context.keyOffsets.get(c) ?? context.distinctOffset) + rowStart + r + 1,
              from.distinct,
            );
          }
          out.push(cells);
          return;
        }
        case 'foreign-key': {
          const pool = context.pools[from.key] as KeyPool;
          const choice = picks[from.key] as Int32Array;
          const keyColumn = pool.columns[from.position] as Cell[];
          const cells = new Array<Cell>(rowCount);
          for (let r = 0; r < rowCount; r++) cells[r] = keyColumn[choice[r] as number] as Cell;
          out.push(cells);
          return;
        }
        case 'null':
          out.push(new Array<Cell>(rowCount).fill(null));
          return;
        default:
          throw new Error(`rowBlocksOf: unhandled source ${from satisfies never}`);
      }
    });
    for (const [g, set] of guarded.entries()) {
      keepUnique(
        target,
        set,
        out,
        picks,
        context,
        seen[g] as Set<string>,
        steps[g] as Map<string, number>,
        rowCount,
      );
    }
    yield { rowCount, columns: out };
    rowStart += rowCount;
    blockIndex++;
  }
}

/**
 * Keeps the constraint over columns `set` unique: a row whose tuple was seen changes one value by
 * steps 1, 2, … (a generated or plan value, else its foreign key moves to the next parent) until its
 * tuple is new. Deterministic: rows are visited in order.
 */
function keepUnique(
  target: TableTarget,
  set: readonly number[],
  out: Cell[][],
  picks: readonly (Int32Array | null)[],
  context: RowBlockContext,
  seen: Set<string>,
  /** Per colliding tuple, the last step that freed it: the next collision starts after it (O(1) amortised, not O(n)). */
  steps: Map<string, number>,
  rowCount: number,
): void {
  const { columns } = target;
  // The value changed on a collision: a generated one first, then a number or date (a step keeps its
  // distribution nearly whole), a text value (a new category) last.
  const priority = (c: number) =>
    (columns[c]!.source.kind === 'generated' ? 0 : 2) + (columns[c]!.type === 'text' ? 1 : 0);
  const steppable = set
    .filter((c) => columns[c]!.source.kind !== 'foreign-key' && columns[c]!.type !== 'boolean')
    .sort((a, b) => priority(b) - priority(a));
  const keyed = [
    ...new Set(
      set
        .map((c) => columns[c]!.source)
        .filter((s) => s.kind === 'foreign-key')
        .map((s) => s.key),
    ),
  ];
  const tuple = new Array<Cell>(set.length);
  for (let r = 0; r < rowCount; r++) {
    for (let i = 0; i < set.length; i++) tuple[i] = out[set[i]!]![r] as Cell;
    let key = tupleKey(tuple);
    if (key === null) continue;
    if (!seen.has(key)) {
      seen.add(key);
      continue;
    }
    const original = key;
    const first = [...tuple];
    const firstChoice = picks.map((choice) => (choice === null ? 0 : (choice[r] as number)));
    let k = steps.get(key) ?? 0;
    while (seen.has(key as string)) {
      k++;
      if (k > MAX_BUMPS || (steppable.length === 0 && keyed.length === 0)) {
        throw new DoppelError(
          'database-mismatch',
          `cannot keep (${set.map((c) => columns[c]!.name).join(', ')}) of ${target.table} unique for ${target.rows.toLocaleString('en')} rows: there are not enough distinct values; seed fewer rows or relax the constraint`,
        );
      }
      if (steppable.length > 0) {
        const c = steppable[steppable.length - 1]!;
        out[c]![r] = bumped(first[set.indexOf(c)] as Cell, columns[c]!.type, k, columns[c]!.maxLength);
      } else {
        const keyIndex = keyed[0]!;
        const pool = context.pools[keyIndex] as KeyPool;
        const choice = picks[keyIndex] as Int32Array;
        if (k >= pool.count) {
          throw new DoppelError(
            'database-mismatch',
            `cannot keep (${set.map((c) => columns[c]!.name).join(', ')}) of ${target.table} unique: ${target.keys[keyIndex]!.table} has too few rows for ${target.rows.toLocaleString('en')} distinct references; seed fewer rows into ${target.table} or more into ${target.keys[keyIndex]!.table}`,
          );
        }
        const moved = (firstChoice[keyIndex]! + k) % pool.count;
        choice[r] = moved;
        columns.forEach((column, c) => {
          if (column.source.kind === 'foreign-key' && column.source.key === keyIndex) {
            out[c]![r] = pool.columns[column.source.position]![moved] as Cell;
          }
        });
      }
      for (let i = 0; i < set.length; i++) tuple[i] = out[set[i]!]![r] as Cell;
      key = tupleKey(tuple);
      if (key === null) break;
    }
    if (k > 0) steps.set(original, k);
    if (key !== null) seen.add(key);
  }
}
