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
import { encodeGower, type NearestTies, nearestNeighbors, nearestTies } from './gower.js';
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
  /**
   * With one neighbour per side: each target's chance of a link when the nearest row on A and the
   * nearest row on B are each drawn uniformly among the rows tied at the smallest distance,
   * |T_A ∩ T_B| / (|T_A|·|T_B|). Counting these instead of the first tied rows makes the figure
   * independent of the synthetic rows' order (see nearestTies). Null for random neighbours.
   */
  readonly expectedLinks: Float64Array | null;
}

/** The attack's raw outcome, re-scorable for any k' <= nNeighbors with {@link linkabilityResults}. */
export interface LinkabilityAttack {
  readonly nAttacks: number;
  readonly nNeighbors: number;
  readonly attack: LinkIndexes;
  readonly baseline: LinkIndexes;
  readonly control: LinkIndexes | null;
}

/**
 * Targets linked: those whose first k neighbours on A and on B share a synthetic row. With k = 1
 * and tie sets known, the expected number over uniform draws among tied rows (a fraction).
 */
export function countLinks(links: LinkIndexes, k: number): number {
  if (k === 1 && links.expectedLinks !== null) {
    let expected = 0;
    for (const p of links.expectedLinks) expected += p;
    return expected;
  }
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
  const encoded = (columns: readonly string[]) => encodeGower(synthetic, rows, columns);
  if (k > 1) {
    const side = (columns: readonly string[]) => {
      const { queries, candidates } = encoded(columns);
      return nearestNeighbors(queries, candidates, k).indices;
    };
    // Several neighbours per side: ties at the k-th distance go to the lower row index.
    return { a: side(options.auxColumns[0]), b: side(options.auxColumns[1]), k, expectedLinks: null };
  }
  const ties = (columns: readonly string[]) => {
    const { queries, candidates } = encoded(columns);
    return nearestTies(queries, candidates);
  };
  const tiesA = ties(options.auxColumns[0]);
  const tiesB = ties(options.auxColumns[1]);
  return {
    a: firstOfTies(tiesA),
    b: firstOfTies(tiesB),
    k,
    expectedLinks: expectedLinks(tiesA, tiesB, synthetic.rowCount),
  };
}

/** The lowest-index nearest row of each target (the tied rows are in index order). */
function firstOfTies(ties: NearestTies): Int32Array {
  const first = new Int32Array(ties.offsets.length - 1);
  for (let t = 0; t < first.length; t++) first[t] = ties.indices[ties.offsets[t]!]!;
  return first;
}

/** |T_A ∩ T_B| / (|T_A|·|T_B|) per target. O(Σ |T_A| + |T_B|). */
function expectedLinks(tiesA: NearestTies, tiesB: NearestTies, rows: number): Float64Array {
  const targets = tiesA.offsets.length - 1;
  const marked = new Int32Array(rows).fill(-1);
  const out = new Float64Array(targets);
  for (let t = 0; t < targets; t++) {
    const [a0, a1] = [tiesA.offsets[t]!, tiesA.offsets[t + 1]!];
    const [b0, b1] = [tiesB.offsets[t]!, tiesB.offsets[t + 1]!];
    for (let i = a0; i < a1; i++) marked[tiesA.indices[i]!] = t;
    let shared = 0;
    for (let i = b0; i < b1; i++) if (marked[tiesB.indices[i]!] === t) shared++;
    out[t] = shared / ((a1 - a0) * (b1 - b0));
  }
  return out;
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
    baseline: { a: baselineA, b: baselineB, k, expectedLinks: null },
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
