/**
 * Which fit an event table's conditional copula gets: the row fit (every dimension's scores held at
 * once, rows × dimensions × 8 bytes: the peak of a large relational fit) or the fit from pair sums
 * over batches (partial/owned-batch-fit.ts), whose working set is one batch and the sums. The k rule
 * counts customers either way, with the same marginals; the copula differs by the streamed fit's
 * stated tolerance (README, "Relational fits of large event tables").
 */
import type { DatasetSchema } from '../../schema/dataset-schema.js';
import type { PreparedTable } from '../../schema/prepare-table.js';
import { fitPrepared, resolveFitOptions } from '../fit.js';
import type { Model } from '../model-format.js';
import { fitOwnedInBatches } from '../partial/owned-batch-fit.js';
import { STREAM_MIN_ROWS } from '../partial/stream-fit.js';

export interface EventsModelOptions {
  readonly seed: number;
  readonly minCount: number;
  /** True: from sums over batches; false: the row fit; undefined: batches from {@link STREAM_MIN_ROWS} events. */
  readonly stream?: boolean;
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
  prepared: PreparedTable,
  schema: DatasetSchema,
  owners: Int32Array,
  options: EventsModelOptions,
): Model {
  const { seed, minCount } = options;
  if (!streamsEvents(prepared.rowCount, options.stream))
    return fitPrepared(prepared, schema, { seed, minCount, owners });
  const resolved = resolveFitOptions(schema, { seed, minCount });
  return fitOwnedInBatches(prepared, schema, {
    minCount,
    rareCategories: resolved.rareCategories,
    locale: resolved.locale,
    owners,
  });
}
