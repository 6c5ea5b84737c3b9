/**
 * One root chunk of customers with all their descendants' rows: the relational sampler's hot path.
 * The customers come from the root's table sampler (sample-chunk.ts); each child table's events are
 * drawn inside their parent's loop, event by event in order, every event from the Gaussian
 * conditional of its scores given its parent row and the event before it (prepare-relational-sampler.ts),
 * then turned into values by the single-table column samplers. Keys are assigned here, so every
 * foreign key names a parent of the same chunk: valid by construction.
 *
 * Randomness: the customers from (seed, chunk) as a table; each child table's events from
 * (seed mixed with the table's name, chunk), so any worker count or shard writes the same bytes.
 */

import { fastNormalCdf } from '../../stats/normal-cdf-table.js';
import { makeRandom } from '../../stats/random.js';
import { makeNormalStream } from '../../stats/ziggurat.js';
import { BufferBag } from '../buffer-bag.js';
import { type ColumnBuffers, int64Pairs, type SampledChunk, writeInt64 } from '../columns/column-buffers.js';
import { type ChunkTask, RELATIONAL_CHUNK_CUSTOMERS } from '../plan.js';
import { allocateModelled, BLOCK_ROWS, generatedColumn, sampleBlock, sampleChunk } from '../sample-chunk.js';
import { columnNumbers } from './column-numbers.js';
import { addPreviousTerm, drawBlockBase, parentTerms } from './draw-event-block.js';
import { evolvingScore, evolvingValue, writeEvolving } from './evolving-values.js';
import { firstValueOf, writeFirstValue } from './first-values.js';
import { parentScoresOf } from './parent-scores.js';
import type { PreparedChildSampler, PreparedRelationalSampler } from './prepare-relational-sampler.js';

/** A block's scores, reused across blocks and chunks (a worker samples one chunk at a time). */
let scores = new Float64Array(0);
function scratch(length: number): Float64Array {
  if (scores.length < length) scores = new Float64Array(length);
  return scores;
}

/** 32-bit FNV-1a of a table name mixed into the run's seed: one stream family per table. */
export function tableSeed(seed: number, table: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < table.length; i++) hash = Math.imul(hash ^ table.charCodeAt(i), 0x01000193);
  return ((seed % 4294967296) ^ (hash >>> 0)) >>> 0;
}

/**
 * Samples the customers of one chunk and every descendant row. Returns one chunk of buffers per
 * table (model order), each laid out as that table's layout model (written columns and summaries),
 * in buffers from `bag` where it holds some of the right size (buffer-bag.ts).
 * O(customers · d² + events · (E · known + E²)).
 */
export function sampleRelationalChunk(
  sampler: PreparedRelationalSampler,
  task: ChunkTask,
  bag = new BufferBag(),
  /** Per child sampler, sums its drawn scores are added to (the calibration's measurement, calibrate-repeats.ts). */
  sums?: readonly ScoreSums[],
): SampledChunk[] {
  // Customers from moment-matched draws: a small release's customers (and so all their events) keep
  // the model's marginals instead of drifting together by sampling noise (match-moments.ts).
  const chunks: SampledChunk[] = [sampleChunk(sampler.root, task, bag, 'moment-matched')];
  sampler.children.forEach((child, c) => {
    chunks.push(sampleChild(child, chunks[child.parentIndex]!, task, bag, sums?.[c]));
  });
  return chunks;
}

/** Sums of a child's later-event scores on each shifted dimension (see {@link PreparedChildSampler}), as drawn. */
export interface ScoreSums {
  events: number;
  readonly sum: Float64Array;
}

/**
 * Adds the drawn scores of a block's later events (those after a first one) on the shifted
 * dimensions to `sums`, then subtracts the calibrated shift (the chain's own mean) before they
 * become values. Done after the block's sequential pass, so each event was drawn given its
 * predecessor's score as drawn. First events are left alone: they have their own conditional, with
 * no previous event to feed back, and some columns overwrite them with a first value. `firstRows`
 * lists the block's first events in ascending order. A hand-written loop: it runs for every later
 * event and number column.
 */
function shiftLaterEvents(
  child: PreparedChildSampler,
  z: Float64Array,
  rows: number,
  firstRows: Int32Array,
  firstCount: number,
  sums: ScoreSums | undefined,
): void {
  const dims = child.shiftedDimensions;
  const shift = child.scoreShift;
  if (dims.length === 0 || (sums === undefined && shift === null)) return;
  if (sums !== undefined) sums.events += rows - firstCount;
  for (let k = 0; k < dims.length; k++) {
    const from = dims[k]! * rows;
    const by = shift === null ? 0 : shift[k]!;
    let sum = 0;
    let nextFirst = 0;
    for (let j = 0; j < rows; j++) {
      if (nextFirst < firstCount && firstRows[nextFirst] === j) {
        nextFirst++;
        continue;
      }
      sum += z[from + j]!;
      z[from + j]! -= by;
    }
    if (sums !== undefined) sums.sum[k]! += sum;
  }
}

function sampleChild(
  child: PreparedChildSampler,
  parentChunk: SampledChunk,
  task: ChunkTask,
  bag: BufferBag,
  sums: ScoreSums | undefined,
): SampledChunk {
  const parents = parentChunk.rowCount;
  const counts = columnNumbers(child.parentCountModel, parentChunk.columns[child.countColumn]!, parents);
  const offsets = new Int32Array(parents + 1);
  for (let r = 0; r < parents; r++) {
    const c = counts[r]!;
    const n = Number.isNaN(c) ? 0 : Math.max(0, Math.min(child.maxEvents, Math.round(c)));
    offsets[r + 1] = offsets[r]! + n;
  }
  const total = offsets[parents]!;
  const columns = child.sampler.columns;
  const outputs = columns.map((column) => allocateModelled(column, total, bag));

  // Evolving columns: each parent's first value, each rule's value of the event before, the values drawn.
  const evolving = child.evolving;
  const firstValues = evolving.map((rule) =>
    columnNumbers(rule.firstModel, parentChunk.columns[rule.firstColumn]!, parents),
  );
  const evolvingBefore = new Float64Array(evolving.length);
  const evolvingValues = evolving.map(() => new Float64Array(BLOCK_ROWS));
  // Columns whose first event takes the parent's first value: each parent's.
  const firstRules = child.firstValues;
  const firstRuleValues = firstRules.map((rule) =>
    columnNumbers(rule.firstModel, parentChunk.columns[rule.firstColumn]!, parents),
  );

  const e = child.dimensions;
  const plan = child.draw;
  const terms = parentTerms(plan, parentScoresOf(child, parentChunk), parents);
  const random = makeRandom(tableSeed(task.seed, child.name), task.chunkIndex);
  const normals = makeNormalStream(random);
  const z = scratch(e * BLOCK_ROWS);
  const previousScores = new Float64Array(e);
  const at = new Int32Array(BLOCK_ROWS);
  const termAt = new Int32Array(BLOCK_ROWS);
  const firstRows = new Int32Array(BLOCK_ROWS);
  // Per row of a block, the events of its history still to come (an order column leaves room for them).
  const remainingAt = new Int32Array(BLOCK_ROWS);
  const sequential = plan.previousOf.length > 0;
  // Events are drawn in output order (customer by customer, each one's events in order), block by
  // block: the writes stay sequential and the previous event is the row before (or the saved copy
  // when a block boundary falls inside a customer's history). Only the previous-event term and
  // the repeats are drawn event by event; the rest of a block is done dimension by dimension.
  let r = 0;
  let t = 0;
  while (r < parents && offsets[r + 1] === offsets[r]) r++;
  for (let blockStart = 0; blockStart < total; blockStart += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, total - blockStart);
    let firstCount = 0;
    for (let j = 0; j < rows; j++) {
      at[j] = blockStart + j;
      if (t === 0) {
        firstRows[firstCount++] = j;
        termAt[j] = parents + r;
      } else termAt[j] = r;
      remainingAt[j] = offsets[r + 1]! - offsets[r]! - t - 1;
      if (++t === offsets[r + 1]! - offsets[r]!) {
        t = 0;
        r++;
        while (r < parents && offsets[r + 1] === offsets[r]) r++;
      }
    }
    const zBlock = z.subarray(0, e * rows);
    normals.fill(zBlock);
    drawBlockBase(plan, zBlock, rows, terms, 2 * parents, termAt, firstRows, firstCount);
    if (sequential || evolving.length > 0) {
      let nextFirst = 0;
      for (let j = 0; j < rows; j++) {
        const first = nextFirst < firstCount && firstRows[nextFirst] === j;
        if (first) nextFirst++;
        else if (!sequential) {
          // No previous-event columns: nothing to add.
        } else if (j > 0) {
          // The previous event is the row before, read in place.
          addPreviousTerm(plan, zBlock, rows, j, zBlock, j - 1, rows);
          applyRepeats(child, zBlock, rows, j, zBlock, j - 1, rows);
        } else {
          addPreviousTerm(plan, zBlock, rows, j, previousScores, 0, 1);
          applyRepeats(child, zBlock, rows, j, previousScores, 0, 1);
        }
        const parent = termAt[j]! >= parents ? termAt[j]! - parents : termAt[j]!;
        for (let v = 0; v < evolving.length; v++) {
          const rule = evolving[v]!;
          const level = rule.valueDimension * rows + j;
          const x = evolvingValue(
            rule,
            firstValues[v]![parent]!,
            first ? Number.NaN : evolvingBefore[v]!,
            zBlock[level]!,
            zBlock[rule.changeDimension * rows + j]!,
            remainingAt[j]!,
          );
          evolvingBefore[v] = x;
          evolvingValues[v]![j] = x;
          // The next event conditions on the value as written, not on the level this event drew.
          zBlock[level] = evolvingScore(rule, x);
        }
      }
      // The last event of the block, for a history that goes on in the next block.
      for (let d = 0; d < e; d++) previousScores[d] = zBlock[d * rows + rows - 1]!;
    }
    shiftLaterEvents(child, zBlock, rows, firstRows, firstCount, sums);
    const atBlock = at.subarray(0, rows);
    for (let c = 0; c < columns.length; c++) {
      const output = outputs[c];
      if (output) sampleBlock(columns[c]!, zBlock, rows, output, atBlock, child.identityMaps[c] ?? null);
    }
    for (let v = 0; v < evolving.length; v++) {
      const output = outputs[evolving[v]!.column];
      if (!output) continue;
      for (let j = 0; j < rows; j++)
        writeEvolving(evolving[v]!, output.values, blockStart + j, evolvingValues[v]![j]!);
    }
    // First events' first values, written over the drawn levels. Written only: the next event has
    // conditioned on the level this one drew, so later events keep the later events' marginal
    // (conditioning on the first value dragged margarine's prices: protocol ratio 0.966 → 0.960).
    for (let v = 0; v < firstRules.length; v++) {
      const output = outputs[firstRules[v]!.column];
      if (!output) continue;
      for (let f = 0; f < firstCount; f++) {
        const j = firstRows[f]!;
        const x = firstValueOf(firstRules[v]!, firstRuleValues[v]![termAt[j]! - parents]!);
        if (!Number.isNaN(x)) writeFirstValue(output, blockStart + j, x);
      }
    }
  }

  const parentKeys = parentChunk.columns[child.parentKeyColumn]!.values as BigInt64Array;
  const parentPairs = int64Pairs(parentKeys);
  // Faker-filled columns (personal fields, free text, uuids) as in a single table, from the table's
  // own stream family; rows are indexed like the fresh keys, so unique values stay unique over the run.
  const keyBlock = RELATIONAL_CHUNK_CUSTOMERS * child.keyStride;
  const generatedTask: ChunkTask = {
    chunkIndex: task.chunkIndex,
    rowStart: task.chunkIndex * keyBlock,
    rowCount: total,
    seed: tableSeed(task.seed, child.name),
    totalRows: (task.runChunks ?? Math.ceil(task.totalRows / RELATIONAL_CHUNK_CUSTOMERS)) * keyBlock,
  };
  const buffers = columns.map((column, c): ColumnBuffers => {
    const output = outputs[c];
    if (output)
      return { values: output.values, offsets: null, validity: output.validity, nullCount: output.nullCount };
    if (column.kind === 'personal' || (column.kind === 'identifier' && column.faker !== null))
      return generatedColumn(column, generatedTask, c, bag);
    const keys = bag.take(BigInt64Array, total);
    const pairs = int64Pairs(keys);
    if (c === child.foreignKeyColumn) {
      for (let r = 0; r < parents; r++) {
        for (let i = offsets[r]!; i < offsets[r + 1]!; i++) {
          pairs[2 * i] = parentPairs[2 * r]!;
          pairs[2 * i + 1] = parentPairs[2 * r + 1]!;
        }
      }
    } else {
      // Fresh keys unique over the run: the chunk's block of keys, then the row within the chunk.
      const base = task.chunkIndex * RELATIONAL_CHUNK_CUSTOMERS * child.keyStride;
      for (let i = 0; i < total; i++) writeInt64(pairs, i, base + i + 1);
    }
    return { values: keys, offsets: null, validity: null, nullCount: 0 };
  });
  return { chunkIndex: task.chunkIndex, rowStart: 0, rowCount: total, columns: buffers };
}

/**
 * Persistence of choices, in score space: an event whose repeat indicator is on takes the previous
 * event's category score (so the same category, and the next event sees the same past); one whose
 * indicator is off but landed in the previous category moves to another category, its uniform spread
 * over the remaining categories' intervals (the score becomes that category's middle). The previous
 * event's scores are previous[d · previousStride + previousAt].
 */
function applyRepeats(
  child: PreparedChildSampler,
  z: Float64Array,
  rows: number,
  j: number,
  previous: Float64Array,
  previousAt: number,
  previousStride: number,
): void {
  for (const rule of child.repeats) {
    const value = rule.valueDimension * rows + j;
    const beforeAt = rule.valueDimension * previousStride + previousAt;
    const before = previous[beforeAt]!;
    if (z[rule.repeatDimension * rows + j]! >= rule.threshold) {
      z[value] = before;
      continue;
    }
    const { probabilities, thresholds } = rule;
    const categories = probabilities.length;
    const previousCategory = categoryOf(thresholds, previous, beforeAt);
    if (categories < 2 || categoryOf(thresholds, z, value) !== previousCategory) continue;
    const w = probabilities[previousCategory]!;
    let below = 0;
    for (let c = 0; c < previousCategory; c++) below += probabilities[c]!;
    let u = fastNormalCdf(z[value]!) * (1 - w);
    if (u >= below) u += w;
    let c = 0;
    let cumulative = probabilities[0]!;
    while (c < categories - 1 && u >= cumulative) cumulative += probabilities[++c]!;
    if (c === previousCategory) c = previousCategory === 0 ? 1 : previousCategory - 1;
    z[value] = rule.midScores[c]!;
  }
}

/** The category a score falls in: how many thresholds are at or below it (as sampleCategorical maps it). */
function categoryOf(thresholds: Float64Array, scores: Float64Array, at: number): number {
  // The score is read here, not passed in: a double argument to a call V8 does not inline is boxed.
  const score = scores[at]!;
  let c = 0;
  for (let k = 0; k < thresholds.length; k++) c += +(score >= thresholds[k]!);
  return c;
}
