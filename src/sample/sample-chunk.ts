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
import { allocateBoolean, sampleBoolean } from './columns/boolean.js';
import { allocateCategorical, sampleCategorical } from './columns/categorical.js';
import type { ColumnBuffers, ColumnValues, SampledChunk } from './columns/column-buffers.js';
import { allocateDatetime, sampleDatetime } from './columns/datetime.js';
import { sampleSequence, sampleUuids } from './columns/identifier.js';
import { allocateInteger, sampleInteger } from './columns/integer.js';
import { makeValidity, markPresent } from './columns/missing.js';
import { sampleNumeric } from './columns/numeric.js';
import { samplePersonal } from './columns/personal.js';
import { correlateInPlace } from './correlate.js';
import type { ChunkTask } from './plan.js';
import type { PreparedColumn, PreparedMixture, PreparedSampler } from './prepare-sampler.js';
import { utf8ColumnFromStrings } from './utf8-column.js';

/** Rows per block; a multiple of 8 so blocks start on whole bytes of the bit-packed buffers. */
export const BLOCK_ROWS = 1024;

interface ModelledOutput {
  readonly values: ColumnValues;
  readonly validity: Uint8Array | null;
  nullCount: number;
}

function allocateModelled(column: PreparedColumn, rows: number): ModelledOutput | null {
  let values: ColumnValues;
  switch (column.kind) {
    case 'numeric':
      values = new Float64Array(rows);
      break;
    case 'integer':
      values = allocateInteger(column, rows);
      break;
    case 'categorical':
      values = allocateCategorical(column, rows);
      break;
    case 'boolean':
      values = allocateBoolean(rows);
      break;
    case 'datetime':
      values = allocateDatetime(column, rows);
      break;
    case 'identifier':
    case 'personal':
      return null;
    default:
      return assertNever(column);
  }
  return { values, validity: makeValidity(column.missing, rows), nullCount: 0 };
}

/** Turns one block of correlated scores into the values of one modelled column. */
function sampleBlock(
  column: PreparedColumn,
  z: Float64Array,
  rows: number,
  output: ModelledOutput,
  offset: number,
): void {
  switch (column.kind) {
    case 'numeric':
      sampleNumeric(column, z, rows, output.values as Float64Array, offset);
      break;
    case 'integer':
      sampleInteger(column, z, rows, output.values as Int32Array | BigInt64Array, offset);
      break;
    case 'categorical':
      sampleCategorical(column, z, rows, output.values as Int8Array | Int16Array | Int32Array, offset);
      break;
    case 'boolean':
      sampleBoolean(column, z, rows, output.values as Uint8Array, offset);
      break;
    case 'datetime':
      sampleDatetime(column, z, rows, output.values as Int32Array | BigInt64Array, offset);
      break;
    case 'identifier':
    case 'personal':
      return;
    default:
      assertNever(column);
  }
  if (column.missing !== null && output.validity !== null) {
    output.nullCount += markPresent(column.missing, z, rows, output.validity, offset);
  }
}

function stringColumn(strings: readonly string[]): ColumnBuffers {
  const { offsets, bytes } = utf8ColumnFromStrings(strings);
  return { values: bytes, offsets, validity: null, nullCount: 0 };
}

/** Buffers of a generated (identifier or personal) column, which takes no copula scores. */
function generatedColumn(column: PreparedColumn, task: ChunkTask, columnIndex: number): ColumnBuffers {
  switch (column.kind) {
    case 'identifier':
      return column.faker === null
        ? { values: sampleSequence(task), offsets: null, validity: null, nullCount: 0 }
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

/**
 * The modelled columns' values for `n` rows from one copula: normals drawn block by block from
 * `random`, correlated, and turned into column values. Null for identifier and personal columns.
 */
function sampleModelled(
  columns: readonly (PreparedColumn | null)[],
  dimensions: number,
  cholesky: Float64Array,
  random: RandomSource,
  n: number,
): (ModelledOutput | null)[] {
  const outputs = columns.map((column) => (column === null ? null : allocateModelled(column, n)));
  if (dimensions === 0) return outputs;
  const normals = makeNormalStream(random);
  const scratch = new Float64Array(dimensions * BLOCK_ROWS);
  for (let offset = 0; offset < n; offset += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - offset);
    const z = rows === BLOCK_ROWS ? scratch : scratch.subarray(0, dimensions * rows);
    normals.fill(z);
    correlateInPlace(cholesky, dimensions, z, rows);
    columns.forEach((column, c) => {
      const output = outputs[c];
      if (column !== null && output) sampleBlock(column, z, rows, output, offset);
    });
  }
  return outputs;
}

/** The seed of group g's normals: distinct per (seed, group) for seeds below 2³² (groups ≤ 15). */
function groupSeed(seed: number, group: number): number {
  return (seed % 4294967296) * 16 + group + 1;
}

const bitOf = (bits: Uint8Array, i: number) => ((bits[i >>> 3] as number) >>> (i & 7)) & 1;

/**
 * Writes a group's rows (0..m−1 of `from`) to their places `rows` in the chunk's output `to`:
 * bit-packed booleans and validity bit by bit, category indices through the group's map to the
 * model's dictionary, 64-bit integers converted where the group's range fits 32 bits.
 */
function scatter(
  from: ModelledOutput,
  to: ModelledOutput,
  rows: Int32Array,
  bits: boolean,
  categoryMap: Int32Array | null,
): void {
  const m = rows.length;
  if (bits) {
    const source = from.values as Uint8Array;
    const target = to.values as Uint8Array;
    for (let i = 0; i < m; i++) if (bitOf(source, i)) target[rows[i]! >>> 3]! |= 1 << (rows[i]! & 7);
  } else if (to.values instanceof BigInt64Array) {
    const source = from.values;
    for (let i = 0; i < m; i++) to.values[rows[i]!] = BigInt(source[i] as number | bigint);
  } else if (from.values instanceof BigInt64Array) {
    for (let i = 0; i < m; i++) to.values[rows[i]!] = Number(from.values[i]);
  } else {
    const source = from.values as Exclude<ColumnValues, BigInt64Array>;
    const target = to.values as Exclude<ColumnValues, BigInt64Array>;
    if (categoryMap === null) for (let i = 0; i < m; i++) target[rows[i]!] = source[i] as number;
    else for (let i = 0; i < m; i++) target[rows[i]!] = categoryMap[source[i] as number] as number;
  }
  if (to.validity !== null) {
    // A group without missing values has no validity bitmap: all its rows are present.
    for (let i = 0; i < m; i++) {
      if (from.validity === null || bitOf(from.validity, i))
        to.validity[rows[i]! >>> 3]! |= 1 << (rows[i]! & 7);
    }
    to.nullCount += from.validity === null ? 0 : from.nullCount;
  }
}

/**
 * The modelled columns of a mixture chunk: each row draws its group by weight (from the chunk's own
 * stream), each group samples its rows from its own copula (a stream per group and chunk), and the
 * values land in the rows' places, so groups stay interleaved in random order.
 */
function sampleMixture(sampler: PreparedSampler, mixture: PreparedMixture, task: ChunkTask) {
  const n = task.rowCount;
  const assign = makeRandom(task.seed, task.chunkIndex);
  const groupOf = new Uint8Array(n);
  const counts = new Int32Array(mixture.components.length);
  for (let r = 0; r < n; r++) {
    const u = assign.nextDouble();
    let g = 0;
    while (g < mixture.cumulative.length - 1 && u >= (mixture.cumulative[g] as number)) g++;
    groupOf[r] = g;
    counts[g]!++;
  }
  const rowsOf = Array.from(counts, (count) => new Int32Array(count));
  const filled = new Int32Array(counts.length);
  for (let r = 0; r < n; r++) {
    const g = groupOf[r]!;
    rowsOf[g]![filled[g]!++] = r;
  }
  const outputs = sampler.columns.map((column) => allocateModelled(column, n));
  mixture.components.forEach((component, g) => {
    const rows = rowsOf[g]!;
    if (rows.length === 0) return;
    const random = makeRandom(groupSeed(task.seed, g), task.chunkIndex);
    const part = sampleModelled(
      component.columns,
      component.dimensions,
      component.cholesky,
      random,
      rows.length,
    );
    part.forEach((from, c) => {
      const to = outputs[c];
      if (from && to) {
        scatter(from, to, rows, sampler.columns[c]!.kind === 'boolean', component.categoryMaps[c] ?? null);
      }
    });
  });
  return outputs;
}

/**
 * Samples the rows of one chunk. Its randomness comes only from makeRandom(seed, chunkIndex) (and,
 * for faker columns, from faker seeded by the same pair; for a mixture, from one stream per group
 * and chunk), so any worker gives the same buffers.
 * O(rows · d²) arithmetic, O(rows · columns) memory.
 * @example sampleChunk(prepareSampler(model), chunkTask(1000, 7, 0)).rowCount // 1000
 */
export function sampleChunk(sampler: PreparedSampler, task: ChunkTask): SampledChunk {
  const n = task.rowCount;
  const outputs =
    sampler.mixture === null
      ? sampleModelled(
          sampler.columns,
          sampler.dimensions,
          sampler.cholesky,
          makeRandom(task.seed, task.chunkIndex),
          n,
        )
      : sampleMixture(sampler, sampler.mixture, task);
  const columns = sampler.columns.map((column, c): ColumnBuffers => {
    const output = outputs[c];
    if (!output) return generatedColumn(column, task, c);
    return { values: output.values, offsets: null, validity: output.validity, nullCount: output.nullCount };
  });
  return { chunkIndex: task.chunkIndex, rowStart: task.rowStart, rowCount: n, columns };
}
