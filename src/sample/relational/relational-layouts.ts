/**
 * The Arrow layout of every table of a relational sample, for the main thread's writers and
 * seeders: kept out of prepare-relational-sampler.ts so that the sample workers, which only fill
 * typed buffers, never load Arrow (a quarter of a second of start-up each).
 */
import type { Model } from '../../model/model-format.js';
import { type ArrowLayout, arrowLayoutFromModel } from '../arrow-schema.js';
import type { PreparedRelationalSampler } from './prepare-relational-sampler.js';

export interface RelationalTableLayout {
  /** The table's layout model: its written columns, then summaries of its own children. */
  readonly model: Model;
  readonly layout: ArrowLayout;
  /** The written columns' indices in the layout. */
  readonly written: readonly number[];
}

/** Per table, in model order. */
export function relationalLayouts(sampler: PreparedRelationalSampler): RelationalTableLayout[] {
  return sampler.layouts.map(({ model, written }) => ({
    model,
    layout: arrowLayoutFromModel(model),
    written,
  }));
}
