/**
 * A chunk's parent rows as the scores a child's conditional reads: each parent column a child
 * conditions on, turned from its sampled value into a score under the child's own marginal of it.
 */

import type { PiecewiseCdf } from '../../model/model-format.js';
import { approximateNormalQuantile } from '../../stats/normal.js';
import type { SampledChunk } from '../columns/column-buffers.js';
import { columnNumbers } from './column-numbers.js';
import type { PreparedChildSampler } from './prepare-relational-sampler.js';
import { makeScoreTable, type ScoreTable, scoresInto } from './score-table.js';

/** Reused across chunks (a worker samples one chunk at a time). */
let scores = new Float64Array(0);
/** Each marginal's score table, made on first use in this thread (the model lives as long as the thread). */
const tables = new WeakMap<PiecewiseCdf, ScoreTable>();

function scoreTableOf(cdf: PiecewiseCdf): ScoreTable {
  let table = tables.get(cdf);
  if (table === undefined) {
    table = makeScoreTable(cdf);
    tables.set(cdf, table);
  }
  return table;
}

/** The score of a flag's value under a marginal with P(true) = p: the middle of its interval. */
function flagScore(p: number, value: 0 | 1): number {
  const middle = value === 1 ? 1 - p / 2 : (1 - p) / 2;
  return approximateNormalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, middle)));
}

/**
 * The parents' scores, source-major (scores[s · parents + r]), 0 for a missing value or a category
 * the child never saw. O(parents · sources). The result is scratch, valid until the
 * next call.
 */
export function parentScoresOf(child: PreparedChildSampler, parentChunk: SampledChunk): Float64Array {
  const parents = parentChunk.rowCount;
  const sources = child.parentSources.length;
  if (scores.length < sources * parents) scores = new Float64Array(sources * parents);
  const out = scores;
  for (let s = 0; s < sources; s++) {
    const source = child.parentSources[s]!;
    const values = columnNumbers(source.parentModel, parentChunk.columns[source.parentColumn]!, parents);
    const base = s * parents;
    const { childModel, categoryScores } = source;
    if (categoryScores !== null) {
      for (let r = 0; r < parents; r++) {
        const x = values[r]!;
        out[base + r] = Number.isNaN(x) ? 0 : (categoryScores[x] ?? 0);
      }
    } else if (childModel.kind === 'boolean') {
      const no = flagScore(childModel.trueProbability, 0);
      const yes = flagScore(childModel.trueProbability, 1);
      for (let r = 0; r < parents; r++) {
        const x = values[r]!;
        out[base + r] = Number.isNaN(x) ? 0 : x === 1 ? yes : no;
      }
    } else if ('cdf' in childModel) {
      scoresInto(scoreTableOf(childModel.cdf), values, parents, out, base);
    } else out.fill(0, base, base + parents);
  }
  return out;
}
