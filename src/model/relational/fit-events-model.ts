/**
 * Which fit an event table's conditional copula gets: the row fit (every column computed whole and
 * every dimension's scores held at once, rows × dimensions × 8 bytes each: the peak of a large
 * relational fit) or the same fit with its pair sums over batches (partial/owned-batch-fit.ts),
 * whose working set is one whole column or one batch of every column, and the sums.
 * Both give the same model (the k rule counting customers, the same scores, the same sums).
 */
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import { fitPrepared, resolveFitOptions } from '../fit.js';
import type { Model } from '../model-format.js';
import { type BatchedTable, materialized } from '../partial/batched-table.js';
import { fitOwnedInBatches } from '../partial/owned-batch-fit.js';
import { STREAM_MIN_ROWS } from '../partial/stream-fit.js';

export interface EventsModelOptions {
  readonly seed: number;
  readonly minCount: number;
  /** True: from sums over batches; false: the row fit; undefined: batches from {@link STREAM_MIN_ROWS} events. */
  readonly stream?: boolean;
  /** Events per batch when streamed (default OWNED_BATCH_ROWS). */
  readonly batchRows?: number;
}

/** Whether an event table of `events` rows is fitted from sums over batches. */
export function streamsEvents(events: number, stream: boolean | undefined): boolean {
  return stream ?? events >= STREAM_MIN_ROWS;
}

/**
 * The model of an event table (its rows' customers in `owners`), by the row fit or from sums over
 * batches (see the module comment).
 * @throws DoppelError as fitPrepared.
 */
export function fitEventsModel(
  table: BatchedTable,
  schema: DatasetSchema,
  owners: Int32Array,
  options: EventsModelOptions,
): Model {
  const { seed, minCount } = options;
  if (!streamsEvents(table.rowCount, options.stream))
    return fitPrepared(materialized(table), schema, { seed, minCount, owners });
  const resolved = resolveFitOptions(schema, { seed, minCount });
  return fitOwnedInBatches(table, schema, {
    seed,
    minCount,
    rareCategories: resolved.rareCategories,
    locale: resolved.locale,
    owners,
    ...(options.batchRows === undefined ? {} : { batchRows: options.batchRows }),
  });
}
