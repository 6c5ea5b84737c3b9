/**
 * The seed plan of a relational model: one table per model table, parents first, each with its
 * primary key (the fresh keys the sampler writes) and a foreign key to its parent's key. The rows
 * are the relational sampler's own: it samples every table into a temporary directory of Arrow IPC
 * streams (one file per table, byte-identical for any worker count), and each table's batches are
 * streamed back from its file, so memory stays bounded by one batch whatever the row count.
 */
import { createReadStream } from 'node:fs';
import { type Field, RecordBatchReader } from 'apache-arrow';
import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { loadFakerFactory } from '../../sample/load-faker.js';
import { prepareRelationalSampler } from '../../sample/relational/prepare-relational-sampler.js';
import { relationalLayouts } from '../../sample/relational/relational-layouts.js';
import { sampleRelational } from '../../sample/relational/sample-relational.js';
import type { SeedPlan, SeedTable } from './seed-plan.js';
import { seedColumnOf } from './seed-plan-from-model.js';

export interface RelationalPlanOptions {
  /** Root customers (their related rows follow from the model). */
  readonly rows: number;
  readonly seed: number;
  readonly workers: number;
  /** An empty directory the sampled tables are written into; the caller removes it after seeding. */
  readonly scratch: string;
  readonly signal?: AbortSignal;
}

async function* batchesOfFile(path: string) {
  const reader = await RecordBatchReader.from(createReadStream(path));
  for await (const batch of reader) yield batch;
}

/**
 * Samples the model into `scratch` and returns the plan streaming those files.
 * @throws DoppelError `usage`, `invalid-model`, `worker-failed`, `write-failed`.
 * @example (await seedPlanFromRelationalModel(margarine, { rows: 100, seed: 1, workers: 2, scratch })).tables[1].foreignKeys
 */
export async function seedPlanFromRelationalModel(
  model: RelationalModel,
  options: RelationalPlanOptions,
): Promise<SeedPlan> {
  const sampled = await sampleRelational(model, {
    rows: options.rows,
    seed: options.seed,
    workers: options.workers,
    out: options.scratch,
    format: 'arrows',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  // The layouts give each written column's model (its kind and missing rate) and Arrow type.
  // Uncalibrated (null): the calibration moves draws, not the layouts.
  const layouts = relationalLayouts(
    prepareRelationalSampler(model, await loadFakerFactory(model.tables[0]!.model), null),
  );
  const tables = model.tables.map((table, t): SeedTable => {
    const { model: layoutModel, layout, written } = layouts[t]!;
    const columns = written.map((i) =>
      seedColumnOf(layoutModel.columns[i]!, layout.schema.fields[i] as Field),
    );
    const parent = table.parent === null ? null : model.tables.find((p) => p.name === table.parent!.table)!;
    const path = sampled.files.find((file) => file.table === table.name)!.path;
    return {
      name: table.name,
      columns,
      primaryKey: table.primaryKey === null ? [] : [table.primaryKey],
      uniques: [],
      foreignKeys:
        parent === null || parent.primaryKey === null
          ? []
          : [{ columns: [table.parent!.foreignKey], table: parent.name, references: [parent.primaryKey] }],
      rows: sampled.rows.get(table.name) ?? 0,
      batches: () => batchesOfFile(path),
    };
  });
  return { tables };
}
