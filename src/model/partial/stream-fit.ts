/**
 * `doppel fit` on data too large for the row fit, in one process: passes over record batches with
 * the statistics of the two-pass partial fit (partial-fit.ts), so the working set is one batch plus
 * the statistics, whatever the row count.
 *
 *   pass 1   decodes and codes the data (the only pass that reads it: coded-spill.ts keeps the
 *            coded batches for the others); whole-table marginals, a seeded uniform sample of
 *            SAMPLE_ROWS rows
 *   (choice) the row fit's mixture search on the sample picks the stratum column, if any
 *   pass 2   marginals per group of that column (only when a column was chosen)
 *   pass 3   copula sums of the whole table and of each group
 * DOPPEL_FIT_TIMINGS=1 prints each pass's seconds and the process's memory after it on stderr.
 *
 * A schema that names `model.stratifyBy` (or null) needs no sample. What cannot stream (a
 * differentially private fit, business rules, regimes found without a column) is reported by
 * {@link streamFitObstacle} before the data is read, or by {@link fitStream} as `needsRowFit`.
 */
import type { Table } from 'apache-arrow';
import { isDoppelError } from '../../errors.js';
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import type { PreparedTable } from '../../schema/prepare-table.js';
import { makeRandom } from '../../stats/random.js';
import { type FitOptions, mixtureColumnOf, resolveFitOptions } from '../fit.js';
import type { Model } from '../model-format.js';
import {
  BatchCoder,
  type CodedBatch,
  type CodedColumn,
  concatCodedBatches,
  preparedOfCoded,
  selectCodedRows,
} from './coded-batch.js';
import { CodedSpill } from './coded-spill.js';
import { modelFromPartials } from './model-from-partials.js';
import { addCopulaBatch, CopulaPassArrays, emptyCopulaSums } from './partial-copula.js';
import { codedBlocks, refuseUnsupported, tablePlan } from './partial-fit.js';
import {
  addBatch,
  emptyMarginals,
  mergeScopes,
  rowsByLabel,
  type ScopeMarginals,
  scopeOfBatch,
  stratumColumn,
  type TableMarginals,
} from './partial-marginals.js';
import { ScratchArrays } from './scratch-arrays.js';

/** Rows the mixture search sees: enough that every group the row fit could choose (≥ 200 rows) is measured well. */
export const SAMPLE_ROWS = 100_000;

/** Rows from which plain `doppel fit` streams by default: the row fit holds every row as JS values. */
export const STREAM_MIN_ROWS = 200_000;

/** One pass over the data: each call reads it again from the start, as Arrow tables. */
export type BatchSource = () => AsyncIterable<Table>;

/**
 * Why this fit needs the row fit (all rows in memory), or null when it can stream.
 * @example streamFitObstacle(telcoSchema, { epsilon: 1 }) // 'a differentially private fit (--epsilon) ...'
 */
export function streamFitObstacle(schema: DatasetSchema, options: FitOptions): string | null {
  if (options.epsilon !== undefined)
    return 'a differentially private fit (--epsilon) draws its noise over all rows at once';
  if ((schema.rules ?? []).length > 0)
    return 'the schema has business rules, which the fit models on the rows they leave free';
  return null;
}

export type StreamFitResult =
  | { readonly model: Model; readonly passes: number; readonly stratum: string | null }
  | { readonly needsRowFit: string };

/**
 * Fits over passes of record batches (see the module comment). The model equals the two-pass
 * partial fit's over the same rows (`doppel fit --partial/--merge`), which differs from the row
 * fit's by its stated tolerance (README, "Fits of data larger than memory").
 * @throws DoppelError as the row fit (schema mismatch, fewer than k values, bad options).
 */
export async function fitStream(
  source: BatchSource,
  schema: DatasetSchema,
  options: FitOptions = {},
): Promise<StreamFitResult> {
  const obstacle = streamFitObstacle(schema, options);
  if (obstacle !== null) return { needsRowFit: obstacle };
  refuseUnsupported(schema);
  resolveFitOptions(schema, options); // bad options refused before the data is read
  const spill = new CodedSpill();
  try {
    return await fitOverPasses(source, schema, options, spill);
  } finally {
    spill.close();
  }
}

async function fitOverPasses(
  source: BatchSource,
  schema: DatasetSchema,
  options: FitOptions,
  spill: CodedSpill,
): Promise<StreamFitResult> {
  const resolved = resolveFitOptions(schema, options);
  const text = options.source ?? 'the data';
  const partialOptions = {
    minCount: resolved.minCount,
    rareCategories: resolved.rareCategories,
    locale: resolved.locale,
    source: text,
  };
  const named = schema.model?.stratifyBy;
  const sample = named === undefined ? new RowSample(SAMPLE_ROWS, resolved.seed) : null;
  let passes = 1;
  const timer = passTimer();
  timer('opened');
  let marginals = await firstPass(source, schema, new BatchCoder(schema, text), sample, spill);
  timer('pass 1 (decode, code, marginals, sample)');

  let stratum: string | null = named ?? null;
  if (sample !== null && marginals.whole.rows > 0) {
    // The row fit's own mixture search, on a uniform sample: the same thresholds and measures.
    let mixture: string | null | 'latent' = null;
    try {
      mixture = mixtureColumnOf(sample.table(), schema, { ...options, source: text });
    } catch (error) {
      if (!isDoppelError(error)) throw error;
      // The sample misses what the whole table has (a value held by k rows): no mixture from it.
    }
    timer('mixture search on the sample');
    if (mixture === 'latent')
      return {
        needsRowFit:
          'the data has regimes that no column marks (latent groups), which only the row fit can find',
      };
    stratum = mixture;
  }
  const fitted = stratum === null ? schema : withStratum(schema, stratum);
  if (stratum !== null && named === undefined) {
    passes++;
    marginals = withGroupMarginals(fitted, marginals, stratum, spill.pass());
    timer('pass 2 (marginals per group)');
  }

  const plan = tablePlan(fitted, marginals, partialOptions);
  const sums = emptyCopulaSums(plan);
  passes++;
  {
    // In a block: the pass's arrays are garbage before the model's assembly.
    const arrays = new CopulaPassArrays();
    // Each batch is done with before the next is read: all are read into the same arrays.
    for (const batch of spill.pass(new ScratchArrays())) addCopulaBatch(plan, sums, batch, arrays);
  }
  timer('pass 3 (copula sums)');
  const mergeOptions = { ...partialOptions, locale: resolved.locale };
  if (stratum === null || named !== undefined) {
    const model = modelFromPartials(fitted, marginals, plan, sums, mergeOptions);
    timer('model from the statistics');
    return { model, passes, stratum };
  }
  try {
    const model = modelFromPartials(fitted, marginals, plan, sums, mergeOptions);
    timer('model from the statistics');
    return { model, passes, stratum };
  } catch (error) {
    if (!isDoppelError(error)) throw error;
    // A column the data chose, one of whose groups cannot be fitted on its own: one copula, as the row fit.
    const single = { ...marginals, groups: null };
    const model = modelFromPartials(
      withStratum(schema, null),
      single,
      { whole: plan.whole, groups: null },
      { whole: sums.whole, groups: null },
      mergeOptions,
    );
    return { model, passes, stratum: null };
  }
}

/** With DOPPEL_FIT_TIMINGS set, prints each pass's seconds and memory on stderr (for profiling the fit). */
function passTimer(): (what: string) => void {
  if (!process.env.DOPPEL_FIT_TIMINGS) return () => {};
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  return (what) => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const mb = (n: number) => (n / 2 ** 20).toFixed(0);
    // maxRSS (KB): the process's peak so far, which phase raised it.
    const peak = mb(process.resourceUsage().maxRSS * 1024);
    process.stderr.write(
      `${what}: ${((now - last) / 1000).toFixed(2)} s, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (rss ${mb(rss)} MB, peak so far ${peak}, heap ${mb(heapUsed)}, external ${mb(external)}, array buffers ${mb(arrayBuffers)})\n`,
    );
    last = now;
  };
}

/**
 * The first pass's statistics with those of each group of `column` added (the whole table's are
 * already known: only the groups are counted).
 */
function withGroupMarginals(
  schema: DatasetSchema,
  whole: TableMarginals,
  column: string,
  batches: Iterable<CodedBatch>,
): TableMarginals {
  const byLabel = new Map<string, ScopeMarginals>();
  // The statistics keep none of a group's selected rows: one set of arrays serves every group.
  const groupRows = new ScratchArrays();
  for (const batch of chunks(batches))
    for (const [label, rows] of rowsByLabel(stratumColumn(batch, column))) {
      groupRows.reset();
      const scope = scopeOfBatch(schema, selectCodedRows(batch, rows, groupRows));
      const other = byLabel.get(label);
      byLabel.set(label, other === undefined ? scope : mergeScopes(other, scope));
    }
  return { ...whole, groups: { column, byLabel } };
}

function withStratum(schema: DatasetSchema, column: string | null): DatasetSchema {
  return { ...schema, model: { ...schema.model, stratifyBy: column } };
}

/**
 * Rows whose marginals are counted at once: each count merges a sorted run of a numeric column's
 * values into its cells (up to a million), so batches of 131,072 rows made 76 such merges over
 * 10M rows and as many million-cell arrays to collect; chunks of 2^19 rows make 20 (each about
 * 50 MB of telco-shaped rows).
 */
const MARGINAL_ROWS = 1 << 19;

/** Coded batches gathered into chunks of about {@link MARGINAL_ROWS} rows. */
function* chunks(batches: Iterable<CodedBatch>): Generator<CodedBatch> {
  let pending: CodedBatch[] = [];
  let rows = 0;
  for (const batch of batches) {
    pending.push(batch);
    rows += batch.rowCount;
    if (rows >= MARGINAL_ROWS) {
      yield concatCodedBatches(pending);
      pending = [];
      rows = 0;
    }
  }
  if (pending.length > 0) yield concatCodedBatches(pending);
}

/** The first pass: decodes and codes the data once, keeping the coded batches for the later passes. */
async function firstPass(
  source: BatchSource,
  schema: DatasetSchema,
  coder: BatchCoder,
  sample: RowSample | null,
  spill: CodedSpill,
): Promise<TableMarginals> {
  let marginals = emptyMarginals(schema);
  let pending: CodedBatch[] = [];
  let rows = 0;
  for await (const batch of codedBlocks(source(), coder)) {
    spill.add(batch);
    sample?.add(batch);
    pending.push(batch);
    rows += batch.rowCount;
    if (rows >= MARGINAL_ROWS) {
      marginals = addBatch(schema, marginals, concatCodedBatches(pending));
      pending = [];
      rows = 0;
    }
  }
  if (pending.length > 0) marginals = addBatch(schema, marginals, concatCodedBatches(pending));
  return marginals;
}

/**
 * A uniform sample without replacement of the prepared rows seen so far (reservoir sampling with
 * geometric jumps, Li 1994, "Reservoir-sampling algorithms of time complexity O(n(1 + log(N/n)))",
 * ACM TOMS 20(4), Algorithm L: one draw per replaced row rather than per row seen), seeded: the same
 * rows in the same order give the same sample.
 */
export class RowSample {
  private readonly random;
  private columns: CodedColumn[] | null = null;
  private seen = 0;
  /** Algorithm L's W, and the index of the next row that enters the full reservoir. */
  private w = 1;
  private next = 0;

  constructor(
    private readonly capacity: number,
    seed: number,
  ) {
    this.random = makeRandom(seed, 0x5a4d);
  }

  private draw(): number {
    // (0, 1]: the logarithms below stay finite.
    return 1 - this.random.nextDouble();
  }

  private jump(): void {
    this.w *= Math.exp(Math.log(this.draw()) / this.capacity);
    this.next += Math.floor(Math.log(this.draw()) / Math.log1p(-this.w)) + 1;
  }

  add(batch: CodedBatch): void {
    const columns = (this.columns ??= batch.columns.map((c) =>
      c.type === 'number'
        ? { ...c, values: new Float64Array(this.capacity) }
        : { ...c, codes: new Int32Array(this.capacity) },
    ));
    const first = this.seen;
    const end = first + batch.rowCount;
    // Which batch row goes to which reservoir slot, drawn in row order; then copied column by
    // column (a row-by-row copy across the columns' types was a third of a second on 1M rows).
    const from: number[] = [];
    const to: number[] = [];
    for (let row = first; row < end; ) {
      let at: number;
      if (row < this.capacity) {
        at = row;
        if (row === this.capacity - 1) {
          this.next = row;
          this.jump();
        }
      } else {
        if (this.next >= end) break;
        row = Math.max(row, this.next);
        at = Math.floor(this.draw() * this.capacity) % this.capacity;
        this.jump();
      }
      from.push(row - first);
      to.push(at);
      row = row < this.capacity ? row + 1 : this.next;
    }
    // In draw order: a slot drawn twice keeps the later row, as row by row.
    batch.columns.forEach((source, c) => {
      const target = columns[c]!;
      if (source.type === 'number' && target.type === 'number')
        for (let k = 0; k < from.length; k++) target.values[to[k]!] = source.values[from[k]!]!;
      else if (source.type === 'label' && target.type === 'label')
        for (let k = 0; k < from.length; k++) target.codes[to[k]!] = source.codes[from[k]!]!;
    });
    this.seen = end;
  }

  /** The sample as a prepared table (its rows in reservoir order). */
  table(): PreparedTable {
    const size = Math.min(this.seen, this.capacity);
    const columns = (this.columns ?? []).map(
      (c): CodedColumn =>
        c.type === 'number'
          ? { ...c, values: c.values.slice(0, size) }
          : { ...c, codes: c.codes.slice(0, size) },
    );
    return preparedOfCoded({ rowCount: size, rowsRead: size, rowsDroppedByConsent: 0, columns });
  }
}
