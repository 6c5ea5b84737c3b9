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

import { normalCdf, normalQuantile } from '../../stats/normal.js';
import { makeRandom } from '../../stats/random.js';
import { makeNormalStream } from '../../stats/ziggurat.js';
import { BufferBag } from '../buffer-bag.js';
import { type ColumnBuffers, int64Pairs, type SampledChunk, writeInt64 } from '../columns/column-buffers.js';
import type { ChunkTask } from '../plan.js';
import {
  allocateModelled,
  BLOCK_ROWS,
  type ModelledOutput,
  sampleBlock,
  sampleChunk,
} from '../sample-chunk.js';
import { columnNumbers, scoreOfValue } from './column-numbers.js';
import type {
  Conditional,
  PreparedChildSampler,
  PreparedRelationalSampler,
} from './prepare-relational-sampler.js';

/** 32-bit FNV-1a of a table name mixed into the run's seed: one stream family per table. */
export function tableSeed(seed: number, table: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < table.length; i++) hash = Math.imul(hash ^ table.charCodeAt(i), 0x01000193);
  return ((seed % 4294967296) ^ (hash >>> 0)) >>> 0;
}

/**
 * Samples the customers of one chunk and every descendant row. Returns one chunk of buffers per
 * table (model order), each laid out as that table's layout model (written columns and summaries).
 * O(customers · d² + events · (E · known + E²)).
 */
export function sampleRelationalChunk(sampler: PreparedRelationalSampler, task: ChunkTask): SampledChunk[] {
  const chunks: SampledChunk[] = [sampleChunk(sampler.root, task, new BufferBag())];
  for (const child of sampler.children) {
    chunks.push(sampleChild(sampler, child, chunks[child.parentIndex]!, task));
  }
  return chunks;
}

function sampleChild(
  sampler: PreparedRelationalSampler,
  child: PreparedChildSampler,
  parentChunk: SampledChunk,
  task: ChunkTask,
): SampledChunk {
  const parents = parentChunk.rowCount;
  const counts = columnNumbers(child.parentCountModel, parentChunk.columns[child.countColumn]!, parents);
  const offsets = new Int32Array(parents + 1);
  let longest = 0;
  for (let r = 0; r < parents; r++) {
    const c = counts[r]!;
    const n = Number.isNaN(c) ? 0 : Math.max(0, Math.min(child.maxEvents, Math.round(c)));
    offsets[r + 1] = offsets[r]! + n;
    if (n > longest) longest = n;
  }
  const total = offsets[parents]!;
  const bag = new BufferBag();
  const columns = child.sampler.columns;
  const outputs = columns.map((column) => allocateModelled(column, total, bag));

  // The parent's scores in this child's copula, source-major.
  const sources = child.parentSources.length;
  const parentScores = new Float64Array(sources * parents);
  const parentLayout = sampler.layouts[child.parentIndex]!.model;
  child.parentSources.forEach((source, s) => {
    const values = columnNumbers(source.parentModel, parentChunk.columns[source.parentColumn]!, parents);
    const base = s * parents;
    for (let r = 0; r < parents; r++) {
      const x = values[r]!;
      let z = 0;
      if (!Number.isNaN(x)) {
        if (source.categoryScores !== null) z = source.categoryScores[x] ?? 0;
        else if (source.childModel.kind === 'boolean') {
          const p = source.childModel.trueProbability;
          z = normalQuantile(Math.min(1 - 1e-9, Math.max(1e-9, x === 1 ? 1 - p / 2 : (1 - p) / 2)));
        } else if ('cdf' in source.childModel) z = scoreOfValue(source.childModel.cdf, x);
      }
      parentScores[base + r] = z;
    }
  });
  void parentLayout;

  const e = child.dimensions;
  const last = new Float64Array(e * parents);
  const random = makeRandom(tableSeed(task.seed, child.name), task.chunkIndex);
  const normals = makeNormalStream(random);
  const noise = new Float64Array(e * BLOCK_ROWS);
  const z = new Float64Array(e * BLOCK_ROWS);
  const known = new Float64Array(Math.max(child.next.known, child.first.known));
  const at = new Int32Array(BLOCK_ROWS);
  const who = new Int32Array(BLOCK_ROWS);
  let active = new Int32Array(parents);
  let activeCount = 0;
  for (let r = 0; r < parents; r++) if (offsets[r + 1]! > offsets[r]!) active[activeCount++] = r;

  for (let t = 0; t < longest; t++) {
    if (t > 0) {
      // Parents with a t-th event, in parent order.
      let kept = 0;
      for (let i = 0; i < activeCount; i++) {
        const r = active[i]!;
        if (offsets[r + 1]! - offsets[r]! > t) active[kept++] = r;
      }
      activeCount = kept;
    }
    const cond = t === 0 ? child.first : child.next;
    const previous = cond.previousOf.length;
    for (let start = 0; start < activeCount; start += BLOCK_ROWS) {
      const rows = Math.min(BLOCK_ROWS, activeCount - start);
      normals.fill(noise.subarray(0, e * rows));
      for (let j = 0; j < rows; j++) {
        const r = active[start + j]!;
        who[j] = r;
        at[j] = offsets[r]! + t;
        for (let k = 0; k < previous; k++) known[k] = last[r * e + cond.previousOf[k]!]!;
        for (let s = 0; s < sources; s++) known[previous + s] = parentScores[s * parents + r]!;
        drawConditional(cond, known, noise, z, e, rows, j);
      }
      const zBlock = z.subarray(0, e * rows);
      for (let c = 0; c < columns.length; c++) {
        const output = outputs[c];
        if (output) sampleBlock(columns[c]!, zBlock, rows, output, at, child.identityMaps[c] ?? null);
      }
      if (t > 0 && previous > 0) applyRepeats(child, outputs, zBlock, rows, at, who, last, e);
      for (let j = 0; j < rows; j++) {
        const r = who[j]!;
        for (let d = 0; d < e; d++) last[r * e + d] = zBlock[d * rows + j]!;
      }
    }
  }
  active = new Int32Array(0);

  const parentKeys = parentChunk.columns[child.parentKeyColumn]!.values as BigInt64Array;
  const parentPairs = int64Pairs(parentKeys);
  const buffers = columns.map((column, c): ColumnBuffers => {
    const output = outputs[c];
    if (output)
      return { values: output.values, offsets: null, validity: output.validity, nullCount: output.nullCount };
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
      const base = task.chunkIndex * 65_536 * child.keyStride;
      for (let i = 0; i < total; i++) writeInt64(pairs, i, base + i + 1);
    }
    void column;
    return { values: keys, offsets: null, validity: null, nullCount: 0 };
  });
  return { chunkIndex: task.chunkIndex, rowStart: 0, rowCount: total, columns: buffers };
}

/** z_E = B · known + L · noise for row j of a block (scores dimension-major, as sampleBlock reads them). */
function drawConditional(
  cond: Conditional,
  known: Float64Array,
  noise: Float64Array,
  z: Float64Array,
  e: number,
  rows: number,
  j: number,
): void {
  const k = cond.known;
  const { b, l } = cond;
  for (let d = 0; d < e; d++) {
    let mean = 0;
    const bRow = d * k;
    for (let i = 0; i < k; i++) mean += b[bRow + i]! * known[i]!;
    const lRow = d * e;
    for (let i = 0; i <= d; i++) mean += l[lRow + i]! * noise[i * rows + j]!;
    z[d * rows + j] = mean;
  }
}

/**
 * Persistence of choices: an event whose repeat indicator is on takes the previous event's category
 * (and its score, so the next event sees the same past); one whose indicator is off takes a category
 * other than the previous one, its uniform spread over the remaining categories' intervals.
 */
function applyRepeats(
  child: PreparedChildSampler,
  outputs: readonly (ModelledOutput | null)[],
  z: Float64Array,
  rows: number,
  at: Int32Array,
  who: Int32Array,
  last: Float64Array,
  e: number,
): void {
  for (const rule of child.repeats) {
    const output = outputs[rule.column];
    if (!output || output.validity !== null) continue;
    const out = output.values as Int8Array | Int16Array | Int32Array;
    const { probabilities, midScores } = rule;
    const categories = probabilities.length;
    const valueBase = rule.valueDimension * rows;
    const repeatBase = rule.repeatDimension * rows;
    for (let j = 0; j < rows; j++) {
      const i = at[j]!;
      const before = out[i - 1]!;
      if (z[repeatBase + j]! >= rule.threshold) {
        out[i] = before;
        z[valueBase + j] = last[who[j]! * e + rule.valueDimension]!;
      } else if (out[i] === before && categories > 1) {
        const w = probabilities[before]!;
        let below = 0;
        for (let c = 0; c < before; c++) below += probabilities[c]!;
        let u = normalCdf(z[valueBase + j]!) * (1 - w);
        if (u >= below) u += w;
        let c = 0;
        let cumulative = probabilities[0]!;
        while (c < categories - 1 && (u >= cumulative || c === before)) cumulative += probabilities[++c]!;
        if (c === before) c = before === 0 ? 1 : before - 1;
        out[i] = c;
        z[valueBase + j] = midScores[c]!;
      }
    }
  }
}
