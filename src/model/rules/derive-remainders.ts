/**
 * Fit side of enforced business rules: a derived column's real values are replaced by what the
 * rule leaves free (the ratio c / (a × b), the residual of a linear relation), which the copula
 * then models like any column (an order's upper column stays itself, raised to its lower one when
 * sampling); the model lists the derived
 * columns so that `sample` rebuilds them (src/sample/rules/rebuild-derived.ts). Every synthetic
 * row then keeps the rule by construction: the remainder's marginal lies within its real range
 * (the k rule only narrows it).
 */
import { DoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import type { PreparedColumn, PreparedTable } from '../../schema/prepare-table.js';
import { ruleAdherence } from '../../schema/rules/rule-adherence.js';
import {
  type DerivingRule,
  derivedColumn,
  describeRule,
  isDeriving,
  sourceColumns,
} from '../../schema/rules/rule-format.js';
import type { DerivedColumn } from '../model-format.js';
import { observedDecimals } from '../observed-decimals.js';

function refuse(rule: DerivingRule, why: string): DoppelError {
  return new DoppelError(
    'schema-mismatch',
    `the rule ${describeRule(rule)} cannot be kept by construction: ${why}; fix the rule or set "enforce": false`,
    [{ path: ['rules'], message: why }],
  );
}

/** Rules in an order where each runs after the rules that derive its sources. */
function rebuildOrder(rules: readonly DerivingRule[]): DerivingRule[] {
  const ordered: DerivingRule[] = [];
  const pending = [...rules];
  while (pending.length > 0) {
    const ready = pending.findIndex((rule) =>
      sourceColumns(rule).every(
        (s) => !pending.some((other) => other !== rule && derivedColumn(other) === s),
      ),
    );
    if (ready === -1) throw refuse(pending[0] as DerivingRule, 'the rules derive each other in a circle');
    ordered.push(...pending.splice(ready, 1));
  }
  return ordered;
}

function remainders(rule: DerivingRule, c: Float64Array, sources: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) {
    const x = c[i] as number;
    const s = sources.map((v) => v[i] as number);
    if (s.some((v) => !Number.isFinite(v))) {
      if (Number.isFinite(x)) throw refuse(rule, 'some rows have the derived column but not all its sources');
      out[i] = Number.NaN;
      continue;
    }
    switch (rule.kind) {
      case 'product': {
        const ab = (s[0] as number) * (s[1] as number);
        if (ab === 0 && Number.isFinite(x) && x !== 0)
          throw refuse(rule, 'some rows have a × b = 0 but c ≠ 0');
        out[i] = ab === 0 ? (Number.isFinite(x) ? 1 : Number.NaN) : x / ab;
        break;
      }
      case 'linear':
        out[i] = rule.terms.reduce((r, t, k) => r - t.coefficient * (s[k] as number), x - rule.intercept);
        break;
      case 'order':
        // Modelled as itself (a difference column cost credit_data 0.015 of quality): sampling
        // raises it to `lower` on the rows where it falls below.
        out[i] = x;
        break;
    }
  }
  return out;
}

/**
 * The prepared table with enforced rules' derived columns replaced by their remainders, and the
 * model's list of derived columns.
 * @throws DoppelError `schema-mismatch` when a rule names a column the schema does not model, does
 * not hold on every real row it applies to, or cannot be rebuilt (a derived column of the wrong
 * kind, present where a source is missing).
 */
export function deriveRemainders(
  prepared: PreparedTable,
  schema: DatasetSchema,
): { table: PreparedTable; derived: DerivedColumn[] } {
  const rules = rebuildOrder(
    (schema.rules ?? []).filter((rule): rule is DerivingRule => isDeriving(rule) && rule.enforce !== false),
  );
  if (rules.length === 0) return { table: prepared, derived: [] };
  const byName = new Map(prepared.columns.map((column) => [column.spec.name, column]));
  const replaced = new Map<string, PreparedColumn>();
  const derived: DerivedColumn[] = [];
  for (const rule of rules) {
    const name = derivedColumn(rule);
    const column = byName.get(name);
    const sources = sourceColumns(rule).map((s) => byName.get(s));
    if (column?.type !== 'number' || sources.some((s) => s?.type !== 'number')) {
      throw refuse(rule, 'it names a column that is not a modelled number or date column');
    }
    if (replaced.has(name)) throw refuse(rule, `${name} is derived by two rules`);
    const kind = column.spec.kind;
    if (rule.kind !== 'order' && kind !== 'numeric')
      throw refuse(rule, `${name} is not a decimal (numeric) column`);
    if (
      rule.kind === 'order' &&
      sources.some((s) => (s?.spec.kind === 'datetime') !== (kind === 'datetime'))
    ) {
      throw refuse(rule, 'it orders a date column against a number column');
    }
    const adherence = ruleAdherence(prepared, rule);
    if (adherence === null || adherence.satisfied < adherence.rows) {
      throw refuse(
        rule,
        `it does not hold on ${adherence === null ? 'the data' : `${adherence.rows - adherence.satisfied} of its ${adherence.rows} rows`}`,
      );
    }
    const values = remainders(
      rule,
      column.values,
      sources.map((s) => (s as { values: Float64Array }).values),
    );
    replaced.set(name, { ...column, values });
    const decimals =
      kind === 'integer'
        ? 0
        : kind === 'datetime'
          ? null
          : ((column.spec.kind === 'numeric' ? column.spec.decimals : undefined) ??
            observedDecimals(column.values));
    switch (rule.kind) {
      case 'product':
        derived.push({ kind: 'product', column: name, factors: [...rule.factors], decimals });
        break;
      case 'linear':
        derived.push({
          kind: 'linear',
          column: name,
          terms: rule.terms.map((t) => ({ ...t })),
          intercept: rule.intercept,
          decimals,
        });
        break;
      case 'order':
        derived.push({ kind: 'order', column: name, lower: rule.lower, decimals });
        break;
    }
  }
  return {
    table: {
      ...prepared,
      columns: prepared.columns.map((column) => replaced.get(column.spec.name) ?? column),
    },
    derived,
  };
}
