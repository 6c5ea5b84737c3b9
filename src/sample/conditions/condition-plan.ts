/**
 * A conditioned run: one or more condition sets, each with its own row count (a segment of the
 * output). Each segment's plan is computed once on the main thread: per copula the score
 * condition, and for a mixture the group weights reweighted by the condition's probability in
 * each group (P(group | condition) ∝ weight · P(condition | group)), so a condition on the mixture's
 * own column simply picks its group(s).
 */
import type { ColumnModel, Model } from '../../model/model-format.js';
import type { PreparedCopula, PreparedSampler } from '../prepare-sampler.js';
import { categoryShift } from './category-shift.js';
import { type ColumnCondition, resolveCondition, unmeetable } from './column-conditions.js';
import { checkFeasible, prepareScoreCondition, type ScoreCondition } from './conditioned-copula.js';
import type { Condition } from './parse-where.js';
import { copulaConstraints } from './score-sets.js';

/** A condition set with the rows to sample under it. */
export interface ConditionSet {
  readonly where: Condition;
  readonly rows: number;
}

/** One segment's sampling plan (plain data: posted to the workers). */
export interface SegmentPlan {
  readonly rows: number;
  readonly text: string;
  /** The single copula's condition (null: a mixture, or nothing to condition). */
  readonly copula: ScoreCondition | null;
  /** A mixture's reweighted bounds (as PreparedMixture.bounds) and per-group conditions. */
  readonly mixture: {
    readonly bounds: Float64Array;
    readonly groups: readonly (ScoreCondition | null)[];
  } | null;
}

interface CopulaOutcome {
  readonly probability: number;
  readonly condition: ScoreCondition | null;
  readonly impossible: string | null;
}

function conditionCopula(
  copula: PreparedCopula,
  modelCopula: Model['copula'],
  outputColumns: readonly ColumnModel[],
  columns: readonly ColumnModel[],
  conditions: readonly ColumnCondition[],
): CopulaOutcome {
  const models = new Map(columns.map((column) => [column.name, column]));
  const { sets, impossible } = copulaConstraints(copula, outputColumns, models, conditions);
  if (impossible !== null) return { probability: 0, condition: null, impossible };
  const prepared = prepareScoreCondition(copula.cholesky, copula.dimensions, sets);
  if (prepared === null) return { probability: 1, condition: null, impossible: null };
  const freeShift = categoryShift(prepared, copula, modelCopula, outputColumns, models, conditions);
  const condition = freeShift === null ? prepared : { ...prepared, freeShift };
  return { probability: condition.probability, condition, impossible: null };
}

/**
 * Plans one condition set against a model and its (unconditioned) prepared sampler.
 * @throws DoppelError `usage` for a condition the model cannot meet (naming it) or one too rare to
 * sample exactly.
 */
export function planSegment(model: Model, sampler: PreparedSampler, set: ConditionSet): SegmentPlan {
  const conditions = resolveCondition(model, set.where);
  const text = set.where.text;
  if (sampler.copula !== null) {
    const outcome = conditionCopula(sampler.copula, model.copula, model.columns, model.columns, conditions);
    if (outcome.impossible !== null)
      throw unmeetable(outcome.impossible, 'no value the model can produce satisfies it');
    checkFeasible(outcome.probability, outcome.condition?.acceptance ?? 1, text);
    return { rows: set.rows, text, copula: outcome.condition, mixture: null };
  }
  const mixture = model.mixture;
  if (sampler.mixture === null || mixture === undefined)
    throw new Error('planSegment: a sampler without a copula');
  const outcomes = sampler.mixture.components.map((component, g) =>
    conditionCopula(
      component,
      mixture.components[g]?.copula ?? model.copula,
      model.columns,
      mixture.components[g]?.columns ?? [],
      conditions,
    ),
  );
  const weights = outcomes.map((outcome, g) => (mixture.components[g]?.weight ?? 0) * outcome.probability);
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) {
    const named = outcomes.find((outcome) => outcome.impossible !== null)?.impossible ?? text;
    throw unmeetable(named, 'no value the model can produce satisfies it');
  }
  let acceptance = 0;
  outcomes.forEach((outcome, g) => {
    acceptance += ((weights[g] as number) / total) * (outcome.condition?.acceptance ?? 1);
  });
  checkFeasible(total, acceptance, text);
  // A group the condition rules out must never be drawn, not even by rounding: once only such
  // groups remain, the bound is 2³², above every 32-bit word.
  let cumulative = 0;
  const bounds = Float64Array.from(weights.slice(0, -1), (w, g) => {
    cumulative += w / total;
    return weights.slice(g + 1).every((rest) => rest === 0) ? 4294967296 : cumulative * 4294967296;
  });
  return {
    rows: set.rows,
    text,
    copula: null,
    mixture: { bounds, groups: outcomes.map((outcome) => outcome.condition) },
  };
}

/** The sampler of a segment: the unconditioned one with the segment's conditions attached. */
export function conditionedSampler(sampler: PreparedSampler, plan: SegmentPlan): PreparedSampler {
  if (sampler.copula !== null) {
    return { ...sampler, copula: { ...sampler.copula, condition: plan.copula } };
  }
  const mixture = sampler.mixture;
  if (mixture === null || plan.mixture === null) return sampler;
  const groups = plan.mixture.groups;
  return {
    ...sampler,
    mixture: {
      bounds: plan.mixture.bounds,
      components: mixture.components.map((component, g) => ({ ...component, condition: groups[g] ?? null })),
    },
  };
}
