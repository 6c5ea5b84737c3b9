/**
 * `--where` on a relational model: the condition selects customers. It is planned on the root's
 * table model exactly as for a single table (conditions/condition-plan.ts), and the conditioned
 * root sampler draws the customers; their per-customer summaries (event counts, levels) are
 * dimensions of the same copula, so they follow the condition, and each child table's events are
 * drawn from its conditional given the customer as usual (keys valid by construction).
 */
import { DoppelError } from '../../errors.js';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { conditionedSampler, planSegment, type SegmentPlan } from '../conditions/condition-plan.js';
import type { Condition } from '../conditions/parse-where.js';
import type { PreparedRelationalSampler } from './prepare-relational-sampler.js';

/**
 * The plan of a condition on the root's columns, computed once on the main thread.
 * @throws DoppelError `usage` for a column of another table (conditions on events are not a
 * selection of customers), an unknown column, or a condition the model cannot meet.
 */
export function planRootCondition(
  model: RelationalModel,
  sampler: PreparedRelationalSampler,
  where: Condition,
  rows: number,
): SegmentPlan {
  const root = model.tables[0]!;
  const written = new Set(root.columns);
  for (const term of where.terms) {
    if (written.has(term.column)) continue;
    const other = model.tables.find((t) => t !== root && t.columns.includes(term.column));
    throw new DoppelError(
      'usage',
      other === undefined
        ? `--where names ${term.column}, which is not a column of the customer table ${root.name} (its columns: ${root.columns.join(', ')})`
        : `--where names ${term.column}, a column of ${other.name}: conditions on related tables select customers by the customer table ${root.name}'s columns only (${root.columns.join(', ')}); sample, then filter the ${other.name} rows`,
      [{ path: ['where'], message: `${term.column} is not a column of ${root.name}` }],
    );
  }
  return planSegment(root.model, sampler.root, { where, rows });
}

/** The relational sampler with its root drawing only customers that satisfy the plan's condition. */
export function conditionedRelationalSampler(
  sampler: PreparedRelationalSampler,
  plan: SegmentPlan | null,
): PreparedRelationalSampler {
  return plan === null ? sampler : { ...sampler, root: conditionedSampler(sampler.root, plan) };
}
