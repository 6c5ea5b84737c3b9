import type { RelationalModel } from '../../model/relational/relational-model-format.js';
import { loadFakerFactory } from '../load-faker.js';
import { calibrateRepeats } from './calibrate-repeats.js';
import { prepareRelationalSampler } from './prepare-relational-sampler.js';
import { storedCalibration } from './stored-calibration.js';

/**
 * The fitted model with the sampler's repeat calibration kept in it (stored-calibration.ts), or as
 * it is when its sampler needs none. Calibrated in this thread from the model as a sampler reads it
 * back from its file (JSON), so that it is bit for bit the calibration sampling would make.
 * O(calibration steps · calibration sample): 1-2 CPU s on margarine.
 */
export async function withKeptCalibration(model: RelationalModel): Promise<RelationalModel> {
  const written = JSON.parse(JSON.stringify(model)) as RelationalModel;
  const fakerFor = await loadFakerFactory(written.tables.map((t) => t.model));
  const sampler = prepareRelationalSampler(written, fakerFor, null);
  const { calibration } = calibrateRepeats(sampler);
  return calibration === undefined
    ? model
    : { ...model, calibration: storedCalibration(sampler, calibration) };
}
