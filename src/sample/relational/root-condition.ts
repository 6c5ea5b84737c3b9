/**
 * Conditions on a relational model (`--where`, `--where-file`, `--rebalance`) select customers.
 * Each condition set is planned on the root's table model exactly as for a single table
 * (conditions/condition-plan.ts), and the conditioned root sampler draws that segment's customers;
 * their per-customer summaries (event counts, levels) are dimensions of the same copula, so they
 * follow the condition, and each child table's events are drawn from its conditional given the
 * customer as usual (keys valid by construction).
 */
import { DoppelError } from '../../errors.js';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import {
  type ConditionSet,
  conditionedSampler,
  planSegment,
  type SegmentPlan,
} from '../conditions/condition-plan.js';
import type { PreparedRelationalSampler } from './prepare-relational-sampler.js';

/**
 * Refuses a column that is not written by the customer table: another table's column (conditions on
 * events are not a selection of customers), a per-customer summary, or an unknown name.
 * `naming` says who names it, e.g. `--rebalance` or `the condition Fam_Size > 3`; `flag` is the
 * option the issue is reported at.
 * @throws DoppelError `usage`.
 */
export function requireRootColumn(
  model: RelationalModel,
  column: string,
  naming: string,
  flag: 'where' | 'rebalance' = 'where',
): void {
  const root = model.tables[0]!;
  if (root.columns.includes(column)) return;
  const other = model.tables.find((t) => t !== root && t.columns.includes(column));
  throw new DoppelError(
    'usage',
    other === undefined
      ? `${naming} names ${column}, which is not a column of the customer table ${root.name} (its columns: ${root.columns.join(', ')})`
      : `${naming} names ${column}, a column of ${other.name}: conditions on related tables select customers by the customer table ${root.name}'s columns only (${root.columns.join(', ')}); sample, then filter the ${other.name} rows`,
    [{ path: [flag], message: `${column} is not a column of ${root.name}` }],
  );
}

/**
 * The plan of one condition set on the root's columns, computed once on the main thread.
 * @throws DoppelError `usage` for a column of another table, an unknown column, or a condition the
 * model cannot meet (a suppressed category, a range outside the support), naming it.
 */
export function planRootCondition(
  model: RelationalModel,
  sampler: PreparedRelationalSampler,
  set: ConditionSet,
): SegmentPlan {
  for (const term of set.where.terms)
    requireRootColumn(model, term.column, `the condition ${set.where.text}`);
  return planSegment(model.tables[0]!.model, sampler.root, set);
}

/** The relational sampler with its root drawing only customers that satisfy the plan's condition. */
export function conditionedRelationalSampler(
  sampler: PreparedRelationalSampler,
  plan: SegmentPlan | null,
): PreparedRelationalSampler {
  return plan === null ? sampler : { ...sampler, root: conditionedSampler(sampler.root, plan) };
}
