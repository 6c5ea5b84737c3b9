/**
 * Business rules found in the values (never the names): relations that hold on every row where
 * their columns have values, and that columns unrelated to each other would not show. Each kind
 * has its own test against chance:
 *
 * - order (a ≤ b): on every row, while independent columns of the same values would keep that
 *   order on at most {@link MAX_CHANCE_ORDER} of row pairs (so disjoint ranges, where a ≤ b says
 *   nothing, are no rule);
 * - product (c = a × b × ratio): the product explains at least {@link MIN_EXPLAINED} of the
 *   variance of log c and the ratio stays within a factor 4; linear (c = α a [+ β b] + γ +
 *   residual): at least 1 − (1 − {@link MIN_EXPLAINED}) / 100 of c's variance (near-exact);
 *   tolerance = the ratio's or residual's range in the data, rounded outward;
 * - combination and zero-when: the rows holding one value (or a zero) are exactly the rows holding
 *   another, with at least {@link MIN_GROUP_ROWS} rows, which chance does not produce.
 */
import type { Table } from 'apache-arrow';
import type { ColumnSpec, DatasetSchema } from '../dataset-schema.js';
import { type PreparedColumn, prepareTable } from '../prepare-table.js';
import { ruleAdherence } from './rule-adherence.js';
import type { Rule } from './rule-format.js';

const MAX_CHANCE_ORDER = 0.9;
/** Share of variance a product must explain (of log c); a linear relation, ten times less left over. */
const MIN_EXPLAINED = 0.99;
const MIN_GROUP_ROWS = 30;
const MIN_ROWS = 50;

/** Rounds an interval outward to 3 significant digits (a looser bound, never a real row's value). */
function outward(min: number, max: number): { min: number; max: number } {
  const round = (x: number, up: boolean) => {
    if (x === 0) return 0;
    const scale = 10 ** (Math.floor(Math.log10(Math.abs(x))) - 2);
    return (up ? Math.ceil(x / scale) : Math.floor(x / scale)) * scale;
  };
  return { min: Number(round(min, false).toPrecision(3)), max: Number(round(max, true).toPrecision(3)) };
}

/** Share of pairs (i, j) with a_i ≤ b_j: how often a ≤ b would hold if the columns were unrelated. */
function chanceOrder(a: number[], b: number[]): number {
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  let j = 0;
  let pairs = 0;
  for (const x of sa) {
    while (j < sb.length && (sb[j] as number) < x) j++;
    pairs += sb.length - j;
  }
  return pairs / (sa.length * sb.length);
}

function variance(xs: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += (xs[i] as number) / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += ((xs[i] as number) - mean) ** 2 / xs.length;
  return v;
}

interface NumberColumn {
  readonly name: string;
  readonly kind: ColumnSpec['kind'];
  readonly values: Float64Array;
}

function orderRules(columns: readonly NumberColumn[], n: number): Rule[] {
  const found: { lower: string; upper: string; rows: number; chance: number }[] = [];
  for (const a of columns) {
    for (const b of columns) {
      if (a === b || (a.kind === 'datetime') !== (b.kind === 'datetime')) continue;
      const xs: number[] = [];
      const ys: number[] = [];
      let holds = true;
      let strict = false;
      for (let i = 0; i < n && holds; i++) {
        const x = a.values[i] as number;
        const y = b.values[i] as number;
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        if (x > y) holds = false;
        if (x < y) strict = true;
        xs.push(x);
        ys.push(y);
      }
      if (!holds || !strict || xs.length < MIN_ROWS) continue;
      const chance = chanceOrder(xs, ys);
      if (chance <= MAX_CHANCE_ORDER) found.push({ lower: a.name, upper: b.name, rows: xs.length, chance });
    }
  }
  // Transitive reduction: a ≤ c is implied when a ≤ b and b ≤ c were found.
  const has = (l: string, u: string) => found.some((f) => f.lower === l && f.upper === u);
  return found
    .filter((f) => !found.some((g) => g.lower === f.lower && g.upper !== f.upper && has(g.upper, f.upper)))
    .map((f) => ({
      kind: 'order' as const,
      lower: f.lower,
      upper: f.upper,
      support: f.rows,
      comment: `${f.lower} ≤ ${f.upper} on all ${f.rows} rows where both are present; unrelated columns with these values would keep that order on ${(100 * f.chance).toFixed(0)}% of pairs.`,
    }));
}

function productRule(c: NumberColumn, a: NumberColumn, b: NumberColumn, n: number): Rule | null {
  const logs: number[] = [];
  const logC: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let zeroOk = true;
  for (let i = 0; i < n; i++) {
    const x = c.values[i] as number;
    const ab = (a.values[i] as number) * (b.values[i] as number);
    if (!Number.isFinite(x) || !Number.isFinite(ab)) continue;
    if (ab === 0) {
      if (x !== 0) zeroOk = false;
      continue;
    }
    const r = x / ab;
    if (!(r > 0)) return null;
    logs.push(Math.log(r));
    logC.push(Math.log(Math.abs(x)));
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  if (logs.length < MIN_ROWS || !zeroOk) return null;
  const explained = 1 - variance(logs) / variance(logC);
  if (!(explained >= MIN_EXPLAINED) || max / min > 4) return null;
  return {
    kind: 'product',
    column: c.name,
    factors: [a.name, b.name],
    ratio: outward(min, max),
    enforce: c.kind === 'numeric',
    support: logs.length,
    comment: `${c.name} / (${a.name} × ${b.name}) stays within a factor ${(max / min).toFixed(2)} on all ${logs.length} rows where ${a.name} × ${b.name} ≠ 0 (the product explains ${(100 * explained).toFixed(2)}% of the variance of log ${c.name}).`,
  };
}

function linearRule(c: NumberColumn, terms: readonly NumberColumn[], n: number): Rule | null {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(c.values[i] as number) && terms.every((t) => Number.isFinite(t.values[i] as number)))
      rows.push(i);
  }
  if (rows.length < MIN_ROWS) return null;
  // Least squares on centred values: one or two terms, solved in closed form.
  const mean = (v: Float64Array) => rows.reduce((s, i) => s + (v[i] as number), 0) / rows.length;
  const my = mean(c.values);
  const mx = terms.map((t) => mean(t.values));
  const cov = (u: Float64Array, mu: number, v: Float64Array, mv: number) =>
    rows.reduce((s, i) => s + ((u[i] as number) - mu) * ((v[i] as number) - mv), 0);
  let coefficients: number[];
  if (terms.length === 1) {
    const sxx = cov(terms[0]!.values, mx[0]!, terms[0]!.values, mx[0]!);
    if (!(sxx > 0)) return null;
    coefficients = [cov(terms[0]!.values, mx[0]!, c.values, my) / sxx];
  } else {
    const s11 = cov(terms[0]!.values, mx[0]!, terms[0]!.values, mx[0]!);
    const s22 = cov(terms[1]!.values, mx[1]!, terms[1]!.values, mx[1]!);
    const s12 = cov(terms[0]!.values, mx[0]!, terms[1]!.values, mx[1]!);
    const s1y = cov(terms[0]!.values, mx[0]!, c.values, my);
    const s2y = cov(terms[1]!.values, mx[1]!, c.values, my);
    const det = s11 * s22 - s12 * s12;
    if (!(Math.abs(det) > 1e-12 * s11 * s22)) return null;
    coefficients = [(s22 * s1y - s12 * s2y) / det, (s11 * s2y - s12 * s1y) / det];
  }
  const intercept = my - coefficients.reduce((s, k, j) => s + k * (mx[j] as number), 0);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const residuals = rows.map((i) => {
    const r =
      (c.values[i] as number) -
      intercept -
      coefficients.reduce((s, k, j) => s + k * (terms[j]!.values[i] as number), 0);
    min = Math.min(min, r);
    max = Math.max(max, r);
    return r;
  });
  const total = variance(rows.map((i) => c.values[i] as number));
  if (!(total > 0)) return null;
  const explained = 1 - variance(residuals) / total;
  if (!(explained >= 1 - (1 - MIN_EXPLAINED) / 100)) return null;
  const round = (x: number) => Number(x.toPrecision(8));
  const tolerance = outward(min, max);
  return {
    kind: 'linear',
    column: c.name,
    terms: terms.map((t, j) => ({ column: t.name, coefficient: round(coefficients[j] as number) })),
    intercept: round(intercept),
    // Rounded coefficients move residuals slightly; the bound is widened by that much.
    residual: outward(
      tolerance.min - Math.abs(tolerance.min) * 1e-6,
      tolerance.max + Math.abs(tolerance.max) * 1e-6,
    ),
    enforce: c.kind === 'numeric',
    support: rows.length,
    comment: `${c.name} is a linear function of ${terms.map((t) => t.name).join(' and ')} on all ${rows.length} rows where they are present (it explains ${(100 * explained).toFixed(3)}% of ${c.name}'s variance; the residual is the tolerance).`,
  };
}

/** Value groups (rows holding one label, or a zero) that coincide exactly: combination and zero-when rules. */
function coincidenceRules(columns: readonly PreparedColumn[], n: number): Rule[] {
  interface Cell {
    column: string;
    value: string;
    zero: boolean;
    rows: number[];
  }
  const cells: Cell[] = [];
  for (const column of columns) {
    const kind = column.spec.kind;
    if (column.type === 'label' && (kind === 'categorical' || kind === 'boolean')) {
      const groups = new Map<string, number[]>();
      column.values.forEach((v, i) => {
        if (v === null) return;
        const list = groups.get(v) ?? [];
        list.push(i);
        groups.set(v, list);
      });
      if (groups.size < 2) continue;
      for (const [value, rows] of groups) {
        if (rows.length >= MIN_GROUP_ROWS) cells.push({ column: column.spec.name, value, zero: false, rows });
      }
    } else if (column.type === 'number' && (kind === 'numeric' || kind === 'integer')) {
      const rows: number[] = [];
      let present = 0;
      column.values.forEach((v, i) => {
        if (Number.isFinite(v)) present++;
        if (v === 0) rows.push(i);
      });
      if (rows.length >= MIN_GROUP_ROWS && rows.length < present)
        cells.push({ column: column.spec.name, value: '0', zero: true, rows });
    }
  }
  const key = (cell: Cell) => {
    let hash = 0;
    for (const r of cell.rows) hash = (Math.imul(hash, 31) + r) | 0;
    return `${cell.rows.length}:${hash}`;
  };
  const byKey = new Map<string, Cell[]>();
  for (const cell of cells) {
    if (cell.rows.length === n) continue;
    const list = byKey.get(key(cell)) ?? [];
    list.push(cell);
    byKey.set(key(cell), list);
  }
  const rules: Rule[] = [];
  for (const group of byKey.values()) {
    // One cell per column (two values of one column never coincide), and identical row lists.
    const same = group.filter((cell) => cell.rows.every((r, i) => r === group[0]!.rows[i]));
    const columnsSeen = new Set(same.map((c) => c.column));
    if (same.length < 2 || columnsSeen.size < same.length) continue;
    const zeros = same.filter((c) => c.zero);
    const labels = same.filter((c) => !c.zero);
    const rows = same[0]!.rows.length;
    for (const zero of zeros) {
      const flag = labels[0];
      if (flag === undefined) continue;
      rules.push({
        kind: 'zero-when',
        column: zero.column,
        when: { column: flag.column, value: flag.value },
        support: n,
        comment: `${zero.column} is 0 on exactly the ${rows} rows where ${flag.column} holds this value.`,
      });
    }
    if (labels.length >= 2) {
      rules.push({
        kind: 'combination',
        values: labels.map((c) => ({ column: c.column, value: c.value })),
        support: n,
        comment: `These ${labels.length} values occur on exactly the same ${rows} rows: a row holds all of them or none.`,
      });
    }
  }
  return rules;
}

/** Most numeric columns whose pairs and triples are searched for linear and product relations. */
export const RELATION_SEARCH_LIMIT = 40;
/** Most numeric columns whose pairs are searched for order rules. */
export const ORDER_SEARCH_LIMIT = 150;

/**
 * Proposes the rules a table's values keep. Only rules that hold on every row they apply to are
 * proposed (checked again with the same test `validate` uses). Deriving rules (product, linear,
 * order) get `enforce` only where `fit` can keep them: one rule per derived column, whose sources
 * are not derived themselves.
 * O(rows × numeric columns³) for the relations, O(rows × columns) for the coincidences. The
 * column-set searches are bounded (RELATION_SEARCH_LIMIT, ORDER_SEARCH_LIMIT numeric columns) so a
 * wide table is inferred in bounded time: past a bound that search is skipped, not truncated.
 */
export function inferRules(table: Table, columns: readonly ColumnSpec[]): Rule[] {
  const modelled = columns.filter(
    (c) => c.kind !== 'identifier' && c.kind !== 'personal' && c.role !== 'identifier',
  );
  if (modelled.length < 2) return [];
  const schema: DatasetSchema = { name: 'rules', columns: [...modelled] };
  const prepared = prepareTable(table, schema, { columns: 'modelled', applyConsent: false });
  const n = prepared.rowCount;
  const numbers: NumberColumn[] = prepared.columns.flatMap((column) =>
    column.type === 'number' && column.spec.kind !== 'boolean'
      ? [{ name: column.spec.name, kind: column.spec.kind, values: column.values }]
      : [],
  );
  const relations: Rule[] = [];
  const derived = new Set<string>();
  const values = numbers.filter((c) => c.kind !== 'datetime');
  for (const c of values.length <= RELATION_SEARCH_LIMIT ? values : []) {
    const others = values.filter((o) => o !== c);
    let rule: Rule | null = null;
    for (let i = 0; i < others.length && rule === null; i++) rule = linearRule(c, [others[i]!], n);
    for (let i = 0; i < others.length && rule === null; i++)
      for (let j = i + 1; j < others.length && rule === null; j++)
        rule = linearRule(c, [others[i]!, others[j]!], n);
    for (let i = 0; i < others.length && rule === null; i++)
      for (let j = i; j < others.length && rule === null; j++)
        rule = productRule(c, others[i]!, others[j]!, n);
    if (rule !== null) {
      relations.push(rule);
      derived.add(c.name);
    }
  }
  const orders = numbers.length <= ORDER_SEARCH_LIMIT ? orderRules(numbers, n) : [];
  const rules = [...relations, ...orders, ...coincidenceRules(prepared.columns, n)];
  // Enforce a deriving rule only if its column is derived once and its sources are not derived.
  const derivedBy = new Map<string, number>();
  const sources = new Set<string>();
  for (const rule of rules) {
    if (rule.kind === 'product' || rule.kind === 'linear') {
      derivedBy.set(rule.column, (derivedBy.get(rule.column) ?? 0) + 1);
      for (const s of rule.kind === 'product' ? rule.factors : rule.terms.map((t) => t.column))
        sources.add(s);
    }
  }
  const finished = rules.map((rule): Rule => {
    if (rule.kind === 'product' || rule.kind === 'linear') {
      return { ...rule, enforce: rule.enforce === true && !sources.has(rule.column) };
    }
    if (rule.kind === 'order') {
      // Orders are checked, and kept by construction only when nothing else derives or uses the column.
      const free = !derived.has(rule.upper) && !sources.has(rule.upper) && !derived.has(rule.lower);
      return {
        ...rule,
        enforce: free && orders.filter((o) => o.kind === 'order' && o.upper === rule.upper).length === 1,
      };
    }
    return rule;
  });
  // Every proposed rule holds on every row it applies to, by the check validate uses.
  return finished.filter((rule) => {
    const adherence = ruleAdherence(prepared, rule);
    return adherence !== null && adherence.rows > 0 && adherence.satisfied === adherence.rows;
  });
}
