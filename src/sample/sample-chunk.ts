/**
 * One chunk of synthetic rows as typed column buffers: the sampler's hot path.
 *
 * Rows are processed in blocks of {@link BLOCK_ROWS}: a block's normal scores (d dimensions ×
 * BLOCK_ROWS rows, dimension-major, ~170 KB for d = 21) stay in the CPU cache while they are drawn,
 * correlated and turned into column values, and no per-row object is ever made. The order of draws
 * (block by block, dimension-major within a block) is part of the determinism contract.
 */

import { assertNever } from '../assert-never.js';
import { makeRandom, type RandomSource } from '../stats/random.js';
import { makeNormalStream } from '../stats/ziggurat.js';
import { BufferBag } from './buffer-bag.js';
import { allocateBoolean, sampleBoolean } from './columns/boolean.js';
import { allocateCategorical, sampleCategorical } from './columns/categorical.js';
import type { ColumnBuffers, ColumnValues, SampledChunk } from './columns/column-buffers.js';
import { allocateDatetime, sampleDatetime } from './columns/datetime.js';
import { sampleSequence, sampleUuids } from './columns/identifier.js';
import { allocateInteger, sampleInteger } from './columns/integer.js';
import { makeValidity, markPresent } from './columns/missing.js';
import { sampleNumeric } from './columns/numeric.js';
import { samplePersonal } from './columns/personal.js';
import { fillConditionedScores } from './conditions/conditioned-copula.js';
import { correlateInPlace } from './correlate.js';
import { matchMoments } from './match-moments.js';
import type { ChunkTask } from './plan.js';
import type { PreparedColumn, PreparedCopula, PreparedMixture, PreparedSampler } from './prepare-sampler.js';
import { rebuildDerived } from './rules/rebuild-derived.js';
import { utf8ColumnFromStrings } from './utf8-column.js';

/** Rows per block; a multiple of 8 so blocks start on whole bytes of the bit-packed buffers. */
export const BLOCK_ROWS = 1024;

/** @internal A modelled column's output buffers while a chunk is sampled (also used by the relational sampler). */
export interface ModelledOutput {
  readonly values: ColumnValues;
  readonly validity: Uint8Array | null;
  nullCount: number;
}

/** @internal */
export function allocateModelled(
  column: PreparedColumn,
  rows: number,
  bag: BufferBag,
): ModelledOutput | null {
  let values: ColumnValues;
  switch (column.kind) {
    case 'numeric':
      values = bag.take(Float64Array, rows);
      break;
    case 'integer':
      values = allocateInteger(column, rows, bag);
      break;
    case 'categorical':
      values = allocateCategorical(column, rows, bag);
      break;
    case 'boolean':
      values = allocateBoolean(rows, bag);
      break;
    case 'datetime':
      values = allocateDatetime(column, rows, bag);
      break;
    case 'identifier':
    case 'personal':
      return null;
    default:
      return assertNever(column);
  }
  return { values, validity: makeValidity(column.missing, rows, bag), nullCount: 0 };
}

/**
 * Turns one block of correlated scores into the values of one modelled column, written to rows
 * at[0..rows) of the chunk's output (a mixture's group writes its rows in place, never copied after).
 */
export function sampleBlock(
  column: PreparedColumn,
  z: Float64Array,
  rows: number,
  output: ModelledOutput,
  at: Int32Array,
  categoryMap: Int32Array | null,
): void {
  switch (column.kind) {
    case 'numeric':
      sampleNumeric(column, z, rows, output.values as Float64Array, at);
      break;
    case 'integer':
      sampleInteger(column, z, rows, output.values as Int32Array | BigInt64Array, at);
      break;
    case 'categorical':
      sampleCategorical(
        column,
        z,
        rows,
        output.values as Int8Array | Int16Array | Int32Array,
        at,
        categoryMap as Int32Array,
      );
      break;
    case 'boolean':
      sampleBoolean(column, z, rows, output.values as Uint8Array, at);
      break;
    case 'datetime':
      sampleDatetime(column, z, rows, output.values as Int32Array | BigInt64Array, at);
      break;
    case 'identifier':
    case 'personal':
      return;
    default:
      assertNever(column);
  }
  // A group without missing values of a column that has some elsewhere: all its rows are present.
  if (output.validity !== null) output.nullCount += markPresent(column.missing, z, rows, output.validity, at);
}

function stringColumn(strings: readonly string[]): ColumnBuffers {
  const { offsets, bytes } = utf8ColumnFromStrings(strings);
  return { values: bytes, offsets, validity: null, nullCount: 0 };
}

/** Buffers of a generated (identifier or personal) column, which takes no copula scores. */
export function generatedColumn(
  column: PreparedColumn,
  task: ChunkTask,
  columnIndex: number,
  bag: BufferBag,
): ColumnBuffers {
  switch (column.kind) {
    case 'identifier':
      return column.faker === null
        ? { values: sampleSequence(task, bag), offsets: null, validity: null, nullCount: 0 }
        : stringColumn(sampleUuids(column.faker, task, columnIndex));
    case 'personal':
      return stringColumn(samplePersonal(column, task, columnIndex));
    case 'numeric':
    case 'integer':
    case 'categorical':
    case 'boolean':
    case 'datetime':
      throw new Error(`generatedColumn: ${column.kind} columns are modelled`);
    default:
      return assertNever(column);
  }
}

/** Scratch arrays reused across chunks (a worker samples one chunk at a time). */
let scores = new Float64Array(0);
let positions = new Int32Array(0);
let identity = new Int32Array(0);
let groupOf = new Uint8Array(0);

/** How a block's independent normals are drawn: as they come, or matched to mean 0 and sd 1 (match-moments.ts). */
export type ScoreDraws = 'independent' | 'moment-matched';

/** 0, 1, …, n − 1: the output rows of a single copula's rows. */
function identityRows(n: number): Int32Array {
  if (identity.length < n) identity = Int32Array.from({ length: n }, (_, i) => i);
  return identity;
}

/**
 * Samples `n` rows from one copula into rows at[0..n) of `outputs`: normals drawn block by block
 * from `random`, correlated, and turned into column values.
 */
function sampleCopula(
  copula: PreparedCopula,
  random: RandomSource,
  n: number,
  at: Int32Array,
  outputs: readonly (ModelledOutput | null)[],
  draws: ScoreDraws,
): void {
  const d = copula.dimensions;
  const normals = makeNormalStream(random);
  if (scores.length < d * BLOCK_ROWS) scores = new Float64Array(d * BLOCK_ROWS);
  for (let offset = 0; offset < n; offset += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - offset);
    const z = scores.subarray(0, d * rows);
    if (copula.condition) fillConditionedScores(copula.condition, random, normals, z, rows);
    else {
      normals.fill(z);
      if (draws === 'moment-matched') matchMoments(z, d, rows);
      correlateInPlace(copula.cholesky, d, z, rows);
    }
    const rowsAt = at.subarray(offset, offset + rows);
    for (let c = 0; c < copula.columns.length; c++) {
      const column = copula.columns[c];
      const output = outputs[c];
      if (column && output) sampleBlock(column, z, rows, output, rowsAt, copula.categoryMaps[c] ?? null);
    }
  }
}

/** The seed of group g's normals: distinct per (seed, group) for seeds below 2³² (groups ≤ 15). */
function groupSeed(seed: number, group: number): number {
  return (seed % 4294967296) * 16 + group + 1;
}

/**
 * A mixture chunk: each row draws its group by weight (from the chunk's own stream), each group
 * samples its rows from its own copula (a stream per group and chunk) straight into those rows'
 * places, so groups stay interleaved in random order.
 */
function sampleMixture(
  mixture: PreparedMixture,
  task: ChunkTask,
  outputs: readonly (ModelledOutput | null)[],
  draws: ScoreDraws,
): void {
  const n = task.rowCount;
  const assign = makeRandom(task.seed, task.chunkIndex);
  const groups = mixture.components.length;
  if (groupOf.length < n) groupOf = new Uint8Array(n);
  if (positions.length < n) positions = new Int32Array(n);
  const counts = new Int32Array(groups + 1);
  const bounds = mixture.bounds;
  for (let r = 0; r < n; r++) {
    // A count of bounds below the word, not a scan: its exit branch would mispredict.
    const u = assign.nextUint32();
    let g = 0;
    for (let b = 0; b < bounds.length; b++) g += +(u >= (bounds[b] as number));
    groupOf[r] = g;
    counts[g + 1]!++;
  }
  // Group g's rows, in row order, at positions[start[g] .. start[g + 1]).
  for (let g = 1; g <= groups; g++) counts[g]! += counts[g - 1]!;
  const start = counts.slice();
  for (let r = 0; r < n; r++) positions[counts[groupOf[r]!]!++] = r;
  mixture.components.forEach((component, g) => {
    const m = start[g + 1]! - start[g]!;
    if (m === 0) return;
    const random = makeRandom(groupSeed(task.seed, g), task.chunkIndex);
    sampleCopula(component, random, m, positions.subarray(start[g]!, start[g + 1]!), outputs, draws);
  });
}

/**
 * Samples the rows of one chunk. Its randomness comes only from makeRandom(seed, chunkIndex) (and,
 * for faker columns, from faker seeded by the same pair; for a mixture, from one stream per group
 * and chunk), so any worker gives the same buffers. Output buffers come from `bag` where it holds
 * some of the right size (see buffer-bag.ts).
 * With `draws` 'moment-matched', each block's independent normals are matched to mean 0 and sd 1
 * before they are correlated (match-moments.ts; unconditioned copulas only).
 * O(rows · d²) arithmetic, O(rows · columns) memory.
 * @example sampleChunk(prepareSampler(model), chunkTask(1000, 7, 0)).rowCount // 1000
 */
export function sampleChunk(
  sampler: PreparedSampler,
  task: ChunkTask,
  bag = new BufferBag(),
  draws: ScoreDraws = 'independent',
): SampledChunk {
  const n = task.rowCount;
  const outputs = sampler.columns.map((column) => allocateModelled(column, n, bag));
  if (sampler.mixture !== null) sampleMixture(sampler.mixture, task, outputs, draws);
  else if (sampler.copula !== null)
    sampleCopula(sampler.copula, makeRandom(task.seed, task.chunkIndex), n, identityRows(n), outputs, draws);
  const sampled = sampler.columns.map((column, c): ColumnBuffers => {
    const output = outputs[c];
    if (!output) return generatedColumn(column, task, c, bag);
    return { values: output.values, offsets: null, validity: output.validity, nullCount: output.nullCount };
  });
  const columns =
    sampler.derived === undefined || sampler.derived.length === 0
      ? sampled
      : rebuildDerived(sampler.derived, sampled, n);
  return { chunkIndex: task.chunkIndex, rowStart: task.rowStart, rowCount: n, columns };
}
