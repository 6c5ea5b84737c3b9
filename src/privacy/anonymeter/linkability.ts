/**
 * Anonymeter's LinkabilityEvaluator (metrics.md §2.4): an attacker holds two datasets that each
 * share some columns with a real customer's record (aux A and aux B). For each target it looks up
 * the nearest synthetic rows on A and, separately, on B; if the two neighbour sets share a row, the
 * synthetic data has linked the two halves of that customer. Baseline: two random neighbour sets.
 * Control: the same attack on holdout targets.
 */
import { type PreparedTable, selectRows } from '../../schema/prepare-table.js';
import type { RandomSource } from '../../stats/random.js';
import { sampleWithoutReplacement } from '../../stats/random-rows.js';
import { encodeGower, nearestNeighbors } from './gower.js';
import { type AttackEvaluation, evaluationResults } from './risk.js';

export interface LinkabilityOptions {
  /** The two column sets the attacker knows from its two datasets. */
  readonly auxColumns: readonly [readonly string[], readonly string[]];
  readonly random: RandomSource;
  /** Targets to attack (default 500); null attacks every training row. */
  readonly nAttacks?: number | null;
  /** Neighbours per side (default 1); capped at the synthetic row count. */
  readonly nNeighbors?: number;
}

/** Neighbour lists of one attack: `a[t * k + j]`, `b[t * k + j]`, nearest first. */
export interface LinkIndexes {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly k: number;
}

/** The attack's raw outcome, re-scorable for any k' <= nNeighbors with {@link linkabilityResults}. */
export interface LinkabilityAttack {
  readonly nAttacks: number;
  readonly nNeighbors: number;
  readonly attack: LinkIndexes;
  readonly baseline: LinkIndexes;
  readonly control: LinkIndexes | null;
}

/** Targets linked: those whose first k neighbours on A and on B share a synthetic row. */
export function countLinks(links: LinkIndexes, k: number): number {
  const targets = links.a.length / links.k;
  let n = 0;
  for (let t = 0; t < targets; t++) {
    const o = t * links.k;
    let linked = false;
    for (let i = 0; i < k && !linked; i++) {
      for (let j = 0; j < k; j++) {
        if (links.a[o + i] === links.b[o + j]) {
          linked = true;
          break;
        }
      }
    }
    if (linked) n++;
  }
  return n;
}

function attackTargets(
  targets: PreparedTable,
  synthetic: PreparedTable,
  options: LinkabilityOptions,
  nAttacks: number,
  k: number,
): LinkIndexes {
  const rows = selectRows(targets, sampleWithoutReplacement(options.random, targets.rowCount, nAttacks));
  const side = (columns: readonly string[]) => {
    const encoded = encodeGower(synthetic, rows, columns);
    return nearestNeighbors(encoded.queries, encoded.candidates, k).indices;
  };
  return { a: side(options.auxColumns[0]), b: side(options.auxColumns[1]), k };
}

/**
 * Runs the linkability attack (and its baseline and control).
 * @throws RangeError when there are more attacks than training or control rows.
 * @example linkabilityResults(linkability(train, syn, holdout, { auxColumns: [['age'], ['zip']], random })).risk
 */
export function linkability(
  training: PreparedTable,
  synthetic: PreparedTable,
  control: PreparedTable | null,
  options: LinkabilityOptions,
): LinkabilityAttack {
  const nAttacks = options.nAttacks === null ? training.rowCount : (options.nAttacks ?? 500);
  if (nAttacks > training.rowCount || (control && nAttacks > control.rowCount)) {
    throw new RangeError(`cannot attack ${nAttacks} targets: fewer training or control rows`);
  }
  const k = Math.min(options.nNeighbors ?? 1, synthetic.rowCount);
  const baselineA = new Int32Array(nAttacks * k);
  const baselineB = new Int32Array(nAttacks * k);
  for (let t = 0; t < nAttacks; t++) {
    baselineA.set(sampleWithoutReplacement(options.random, synthetic.rowCount, k), t * k);
    baselineB.set(sampleWithoutReplacement(options.random, synthetic.rowCount, k), t * k);
  }
  return {
    nAttacks,
    nNeighbors: k,
    baseline: { a: baselineA, b: baselineB, k },
    attack: attackTargets(training, synthetic, options, nAttacks, k),
    control: control ? attackTargets(control, synthetic, options, nAttacks, k) : null,
  };
}

/**
 * Rates and risk of a linkability attack, counting links among the first `nNeighbors` neighbours.
 * @throws RangeError when nNeighbors exceeds the number the attack was run with.
 */
export function linkabilityResults(
  attack: LinkabilityAttack,
  options: { readonly nNeighbors?: number; readonly confidenceLevel?: number } = {},
): AttackEvaluation {
  const k = options.nNeighbors ?? attack.nNeighbors;
  if (k > attack.nNeighbors || k < 1) {
    throw new RangeError(`links can be counted for 1 to ${attack.nNeighbors} neighbours, not ${k}`);
  }
  return evaluationResults({
    nAttacks: attack.nAttacks,
    nSuccess: countLinks(attack.attack, k),
    nBaseline: countLinks(attack.baseline, k),
    nControl: attack.control ? countLinks(attack.control, k) : null,
    confidenceLevel: options.confidenceLevel,
  });
}
