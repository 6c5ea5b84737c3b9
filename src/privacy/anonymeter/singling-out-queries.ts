/**
 * Singling-out queries (metrics.md §2.3): conjunctions of `column op value` predicates built from
 * synthetic rows, and their evaluation on any table with pandas' semantics for missing values
 * (a comparison with a missing value is false, except `!=`, which is true).
 *
 * Queries carry synthetic values only. They are evaluated on real rows but never printed with
 * them; reports should show counts, not queries.
 */
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import type { RandomSource } from '../../stats/random.js';
import { randomInt, sampleWithoutReplacement, shuffleInPlace } from '../../stats/random-rows.js';
import { medianOf } from '../dcr.js';
import { isNumericKind } from '../table-columns.js';

export type ComparisonOperator = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type QueryTerm =
  | { readonly column: string; readonly op: 'isna' | 'notna' }
  | { readonly column: string; readonly op: ComparisonOperator; readonly value: number | string };

/** A conjunction of terms; `key` is its canonical text (terms sorted), used to tell queries apart. */
export interface SinglingOutQuery {
  readonly terms: readonly QueryTerm[];
  readonly key: string;
}

export function makeQuery(terms: readonly QueryTerm[]): SinglingOutQuery {
  const text = terms.map((t) =>
    'value' in t ? `${t.column} ${t.op} ${JSON.stringify(t.value)}` : `${t.column}.${t.op}()`,
  );
  return { terms, key: [...text].sort().join(' & ') };
}

type RowTest = (row: number) => boolean;

function termTest(column: PreparedColumn, term: QueryTerm): RowTest {
  if (column.type === 'number') {
    const v = column.values;
    if (!('value' in term)) {
      return term.op === 'isna' ? (r) => Number.isNaN(v[r]!) : (r) => !Number.isNaN(v[r]!);
    }
    const x = Number(term.value);
    switch (term.op) {
      case '==':
        return (r) => v[r] === x;
      case '!=':
        return (r) => v[r] !== x; // NaN != x is true, as in pandas
      case '<':
        return (r) => v[r]! < x;
      case '>':
        return (r) => v[r]! > x;
      case '<=':
        return (r) => v[r]! <= x;
      case '>=':
        return (r) => v[r]! >= x;
    }
  }
  const v = column.values;
  if (!('value' in term)) return term.op === 'isna' ? (r) => v[r] === null : (r) => v[r] !== null;
  const x = String(term.value);
  if (term.op === '==') return (r) => v[r] === x;
  if (term.op === '!=') return (r) => v[r] !== x;
  return () => false; // ordering of labels is never generated
}

/** A query compiled against one table: a test of a row index. */
export function compileQuery(query: SinglingOutQuery, table: PreparedTable): RowTest {
  const tests = query.terms.map((term) => {
    const column = table.columns.find((c) => c.spec.name === term.column);
    if (!column) throw new RangeError(`query column "${term.column}" is not in the table`);
    return termTest(column, term);
  });
  if (tests.length === 1) return tests[0]!;
  return (row) => {
    for (const test of tests) if (!test(row)) return false;
    return true;
  };
}

/** Rows matching the query, counting stops at `limit` (2 is enough to know "not unique"). */
export function countMatches(test: RowTest, rowCount: number, limit = Number.POSITIVE_INFINITY): number {
  let n = 0;
  for (let r = 0; r < rowCount && n < limit; r++) if (test(r)) n++;
  return n;
}

/** Number of queries that match exactly one row of `table`. */
export function countSinglingOut(queries: readonly SinglingOutQuery[], table: PreparedTable): number {
  let n = 0;
  for (const query of queries) if (countMatches(compileQuery(query, table), table.rowCount, 2) === 1) n++;
  return n;
}

function sortedColumns(table: PreparedTable): PreparedColumn[] {
  return [...table.columns].sort((a, b) =>
    a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0,
  );
}

/** Collects distinct queries that single out exactly one row of `table`, up to `max`. */
class UniqueQueries {
  readonly queries: SinglingOutQuery[] = [];
  private readonly seen = new Set<string>();
  constructor(
    private readonly table: PreparedTable,
    private readonly max: number,
  ) {}
  get full(): boolean {
    return this.queries.length >= this.max;
  }
  offer(query: SinglingOutQuery): void {
    if (this.full || this.seen.has(query.key)) return;
    if (countMatches(compileQuery(query, this.table), this.table.rowCount, 2) !== 1) return;
    this.seen.add(query.key);
    this.queries.push(query);
  }
}

/**
 * Univariate queries from rare attributes of the synthetic rows: per column (by name) `isna` if
 * exactly one value is missing, `<= min` and `>= max` for numbers, and `== v` for every value seen
 * once; shuffled; kept if they single out exactly one synthetic row.
 */
export function univariateQueries(
  synthetic: PreparedTable,
  nQueries: number,
  random: RandomSource,
): SinglingOutQuery[] {
  const candidates: SinglingOutQuery[] = [];
  for (const column of sortedColumns(synthetic)) {
    const name = column.spec.name;
    const counts = new Map<string | number, number>();
    let missing = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < synthetic.rowCount; r++) {
      const v = column.type === 'number' ? column.values[r]! : column.values[r];
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) {
        missing++;
        continue;
      }
      counts.set(v!, (counts.get(v!) ?? 0) + 1);
      if (typeof v === 'number') {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    if (missing === 1) candidates.push(makeQuery([{ column: name, op: 'isna' }]));
    if (column.type === 'number' && min <= max) {
      candidates.push(makeQuery([{ column: name, op: '<=', value: min }]));
      candidates.push(makeQuery([{ column: name, op: '>=', value: max }]));
    }
    for (const [value, count] of counts) {
      if (count === 1) candidates.push(makeQuery([{ column: name, op: '==', value }]));
    }
  }
  shuffleInPlace(random, candidates);
  const unique = new UniqueQueries(synthetic, nQueries);
  for (const query of candidates) {
    unique.offer(query);
    if (unique.full) break;
  }
  return unique.queries;
}

/**
 * Multivariate queries: pick a random synthetic row and `nColumns` random columns; a missing cell
 * gives `isna`, a number `>= v` above the column's median and `<= v` otherwise, a label `== v`;
 * keep the query if it is new and singles out exactly one synthetic row. Stops at `nQueries` or
 * after `maxAttempts` tries.
 */
export function multivariateQueries(
  synthetic: PreparedTable,
  nQueries: number,
  nColumns: number,
  maxAttempts: number,
  random: RandomSource,
): SinglingOutQuery[] {
  const columns = synthetic.columns;
  const k = Math.min(nColumns, columns.length);
  const medians = columns.map((c) => (c.type === 'number' ? medianOf(c.values) : Number.NaN));
  const unique = new UniqueQueries(synthetic, nQueries);
  if (synthetic.rowCount === 0 || k === 0) return [];
  // An attempt is one of N = rows × C(columns, k) candidates drawn uniformly. After N·(ln N + 10)
  // attempts every candidate has been offered except with probability below e^-10 (coupon
  // collector), so on a small table further attempts cannot add a query: stopping there gives
  // Anonymeter's result without its 10 million futile draws (minutes on a 77-row table).
  const candidates = synthetic.rowCount * binomial(columns.length, k);
  const attempts = Math.min(maxAttempts, Math.ceil(candidates * (Math.log(candidates) + 10)));
  for (let attempt = 0; attempt < attempts && !unique.full; attempt++) {
    const row = randomInt(random, synthetic.rowCount);
    const picked = [...sampleWithoutReplacement(random, columns.length, k)].sort((a, b) =>
      columns[a]!.spec.name < columns[b]!.spec.name ? -1 : 1,
    );
    const terms = picked.map((c): QueryTerm => {
      const column = columns[c]!;
      const name = column.spec.name;
      if (column.type === 'number') {
        const v = column.values[row]!;
        if (Number.isNaN(v)) return { column: name, op: 'isna' };
        return { column: name, op: v > medians[c]! ? '>=' : '<=', value: v };
      }
      const v = column.values[row] ?? null;
      return v === null ? { column: name, op: 'isna' } : { column: name, op: '==', value: v };
    });
    unique.offer(makeQuery(terms));
  }
  return unique.queries;
}

/** C(n, k) as a float (large values only need to compare above maxAttempts). */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

const NUMERIC_OPERATORS: readonly ComparisonOperator[] = ['==', '!=', '>', '<', '>=', '<='];

/**
 * The baseline attacker's queries: `nColumns` random columns, each with a random distinct value of
 * the synthetic column (missing included) and a random operator: any comparison for numbers,
 * `==`/`!=` for labels, `[not] isna` for a missing value. Not filtered for uniqueness.
 */
export function randomQueries(
  synthetic: PreparedTable,
  nQueries: number,
  nColumns: number,
  random: RandomSource,
): SinglingOutQuery[] {
  const columns = synthetic.columns;
  const k = Math.min(nColumns, columns.length);
  const distinct = columns.map((column) => {
    const seen = new Set<string | number | null>();
    for (let r = 0; r < synthetic.rowCount; r++) {
      const v = column.type === 'number' ? column.values[r]! : (column.values[r] ?? null);
      seen.add(typeof v === 'number' && Number.isNaN(v) ? null : v);
    }
    return [...seen];
  });
  const queries: SinglingOutQuery[] = [];
  if (k === 0) return queries;
  for (let q = 0; q < nQueries; q++) {
    const picked = [...sampleWithoutReplacement(random, columns.length, k)];
    const terms = picked.map((c): QueryTerm => {
      const column = columns[c]!;
      const name = column.spec.name;
      const values = distinct[c]!;
      const v = values.length === 0 ? null : values[randomInt(random, values.length)]!;
      if (v === null) return { column: name, op: random.nextDouble() < 0.5 ? 'isna' : 'notna' };
      const op = isNumericKind(column.spec.kind)
        ? NUMERIC_OPERATORS[randomInt(random, NUMERIC_OPERATORS.length)]!
        : random.nextDouble() < 0.5
          ? '=='
          : '!=';
      return { column: name, op, value: v };
    });
    queries.push(makeQuery(terms));
  }
  return queries;
}
