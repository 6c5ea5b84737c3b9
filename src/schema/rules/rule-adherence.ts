/**
 * How many rows satisfy each rule: on the real rows when `infer` proposes a rule (its support),
 * and on real and synthetic rows in `validate` (the share that satisfies it, SDMetrics'
 * diagnostic-style). A rule applies to the rows where every column it names has a value (and, for
 * a product, where a × b ≠ 0); a combination applies to every row.
 */
import type { PreparedColumn, PreparedTable } from '../prepare-table.js';
import type { Rule } from './rule-format.js';

export interface RuleAdherence {
  /** Rows the rule applies to. */
  readonly rows: number;
  /** Of those, rows that satisfy it. */
  readonly satisfied: number;
}

/** Half a unit of the finest decimal the column's values show (at most 6 decimals): rounding room. */
function roundingSlack(values: Float64Array): number {
  let decimals = 0;
  for (let i = 0; i < values.length && decimals < 6; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    while (decimals < 6 && Math.abs(Math.round(x * 10 ** decimals) - x * 10 ** decimals) > 1e-6) decimals++;
  }
  return 0.5 * 10 ** -decimals;
}

type Lookup = (name: string) => PreparedColumn | undefined;

function numbers(lookup: Lookup, name: string): Float64Array | null {
  const column = lookup(name);
  return column?.type === 'number' ? column.values : null;
}

function labels(lookup: Lookup, name: string): readonly (string | null)[] | null {
  const column = lookup(name);
  return column?.type === 'label' ? column.values : null;
}

/**
 * Counts the rows a rule applies to and those that satisfy it; null when the table lacks a column
 * the rule names (or has it as the wrong kind).
 */
export function ruleAdherence(table: PreparedTable, rule: Rule): RuleAdherence | null {
  const byName = new Map(table.columns.map((column) => [column.spec.name, column]));
  const lookup: Lookup = (name) => byName.get(name);
  const n = table.rowCount;
  let rows = 0;
  let satisfied = 0;
  switch (rule.kind) {
    case 'product': {
      const c = numbers(lookup, rule.column);
      const a = numbers(lookup, rule.factors[0] as string);
      const b = numbers(lookup, rule.factors[1] as string);
      if (!c || !a || !b) return null;
      const slack = roundingSlack(c);
      for (let i = 0; i < n; i++) {
        const ab = (a[i] as number) * (b[i] as number);
        const x = c[i] as number;
        if (!Number.isFinite(ab) || !Number.isFinite(x) || ab === 0) continue;
        rows++;
        const low = Math.min(ab * rule.ratio.min, ab * rule.ratio.max) - slack;
        const high = Math.max(ab * rule.ratio.min, ab * rule.ratio.max) + slack;
        if (x >= low && x <= high) satisfied++;
      }
      return { rows, satisfied };
    }
    case 'linear': {
      const c = numbers(lookup, rule.column);
      const terms = rule.terms.map((t) => numbers(lookup, t.column));
      if (!c || terms.some((t) => t === null)) return null;
      const slack = roundingSlack(c);
      for (let i = 0; i < n; i++) {
        let fitted = rule.intercept;
        rule.terms.forEach((t, k) => {
          fitted += t.coefficient * ((terms[k] as Float64Array)[i] as number);
        });
        const x = c[i] as number;
        if (!Number.isFinite(fitted) || !Number.isFinite(x)) continue;
        rows++;
        const residual = x - fitted;
        if (residual >= rule.residual.min - slack && residual <= rule.residual.max + slack) satisfied++;
      }
      return { rows, satisfied };
    }
    case 'order': {
      const lower = numbers(lookup, rule.lower);
      const upper = numbers(lookup, rule.upper);
      if (!lower || !upper) return null;
      for (let i = 0; i < n; i++) {
        const l = lower[i] as number;
        const u = upper[i] as number;
        if (!Number.isFinite(l) || !Number.isFinite(u)) continue;
        rows++;
        if (l <= u) satisfied++;
      }
      return { rows, satisfied };
    }
    case 'combination': {
      const columns = rule.values.map((v) => labels(lookup, v.column));
      if (columns.some((c) => c === null)) return null;
      for (let i = 0; i < n; i++) {
        let matched = 0;
        rule.values.forEach((v, k) => {
          if ((columns[k] as readonly (string | null)[])[i] === v.value) matched++;
        });
        rows++;
        if (matched === 0 || matched === rule.values.length) satisfied++;
      }
      return { rows, satisfied };
    }
    case 'zero-when': {
      const x = numbers(lookup, rule.column);
      const flag = labels(lookup, rule.when.column);
      if (!x || !flag) return null;
      for (let i = 0; i < n; i++) {
        const value = x[i] as number;
        const f = flag[i];
        if (!Number.isFinite(value) || f === null || f === undefined) continue;
        rows++;
        if ((value === 0) === (f === rule.when.value)) satisfied++;
      }
      return { rows, satisfied };
    }
  }
}
