import { Table } from 'apache-arrow';
import type { Model } from '../model/model-format.js';
import { arrowLayoutFromModel } from './arrow-schema.js';
import { choleskyFactor } from './cholesky.js';
import { conditionedSampler, planSegment } from './conditions/condition-plan.js';
import { plainChunks, segmentedChunks } from './conditions/segment-chunks.js';
import { fakerForLocale } from './faker-for-locale.js';
import { prepareSampler } from './prepare-sampler.js';
import { recordBatchFromChunk } from './record-batch.js';
import { sampleChunk } from './sample-chunk.js';
import { maybeSampleTableOptions, type SampleTableOptions } from './sample-options.js';

/**
 * The rows `sample` would write for the same model, rows and seed, made in this thread as an Arrow
 * Table: same chunks, same values, same schema and dictionaries. For tests and validation; use
 * `sample` for large outputs (this holds the whole table in memory).
 * @throws DoppelError `usage` or `invalid-model`.
 * @example sampleTable(model, { rows: 1000, seed: 7 }).numRows // 1000
 */
export function sampleTable(model: Model, options: SampleTableOptions): Table {
  const { rows, seed, conditions } = maybeSampleTableOptions(options);
  const sampler = prepareSampler(model, {
    cholesky: choleskyFactor(model.copula.correlation),
    fakerFor: fakerForLocale,
  });
  const layout = arrowLayoutFromModel(model);
  const segments = conditions?.map((set) => conditionedSampler(sampler, planSegment(model, sampler, set)));
  const chunks =
    conditions === undefined
      ? plainChunks(rows, seed)
      : segmentedChunks(
          conditions.map((set) => set.rows),
          seed,
        );
  const batches = Array.from({ length: chunks.count }, (_, i) => {
    const task = chunks.task(i);
    const chunkSampler = task.segment === undefined ? sampler : (segments?.[task.segment] ?? sampler);
    return recordBatchFromChunk(layout, sampleChunk(chunkSampler, task));
  });
  return new Table(layout.schema, batches);
}
