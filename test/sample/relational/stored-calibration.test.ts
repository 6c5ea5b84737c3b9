import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnyModel } from '../../../src/model/load-model.js';
import type { RelationalModel } from '../../../src/model/relational/relational-model-format.js';
import { fitRelatedFiles } from '../../../src/pipeline/fit-related-files.js';
import { noFaker } from '../../../src/sample/load-faker.js';
import { calibrateRepeats } from '../../../src/sample/relational/calibrate-repeats.js';
import { prepareRelationalSampler } from '../../../src/sample/relational/prepare-relational-sampler.js';
import { keptCalibration } from '../../../src/sample/relational/stored-calibration.js';
import { loadRelationalSchema } from '../../../src/schema/load-relational-schema.js';
import { ROOT, runDoppelOk, temporaryDirectory } from '../../cli/run-doppel.js';

/** The model as `doppel sample` reads it back from its file. */
const readBack = (model: RelationalModel) =>
  parseAnyModel(JSON.parse(JSON.stringify(model, null, 2))) as RelationalModel;

/** The model as an older doppel wrote it: no kept calibration. */
function withoutCalibration(model: RelationalModel): RelationalModel {
  const { calibration: _kept, ...older } = model;
  return older;
}

describe('calibration kept in the model at fit time (real panels: margarine purchases, PSID jobs)', () => {
  it('is bit for bit the calibration the sampler makes from the model, and is ignored once the tables change', async () => {
    for (const path of ['schemas/margarine.json', 'test/data/psid/psid.json']) {
      const schemaPath = `${ROOT}${path}`;
      const model = readBack(await fitRelatedFiles(await loadRelationalSchema(schemaPath), schemaPath));
      expect(model.calibration).toBeDefined();
      const kept = keptCalibration(prepareRelationalSampler(model, noFaker, null));
      const computed = calibrateRepeats(
        prepareRelationalSampler(withoutCalibration(model), noFaker, null),
      ).calibration;
      expect(kept).toBeDefined();
      expect(kept!.rules.flat().length).toBeGreaterThan(0);
      expect(kept).toEqual(computed);
      // A preparation without a given calibration uses the kept one: the same thresholds and shifts.
      const [withKept, recalibrated] = [model, withoutCalibration(model)].map(
        (m) => prepareRelationalSampler(m, noFaker).children,
      );
      expect(withKept!.map((c) => [c.repeats.map((r) => r.threshold), c.scoreShift])).toEqual(
        recalibrated!.map((c) => [c.repeats.map((r) => r.threshold), c.scoreShift]),
      );
      // An edited model (a repeat rate moved) or another calibration sample: the kept one no longer fits.
      const edited = structuredClone(model);
      const indicator = edited.tables[1]!.model.columns.find((c) => c.name.startsWith('repeat:'))!;
      if (indicator.kind !== 'boolean') throw new Error('repeat indicator is not boolean');
      indicator.trueProbability += 0.01;
      expect(keptCalibration(prepareRelationalSampler(edited, noFaker, null))).toBeUndefined();
      const resampled = { ...model, calibration: { ...model.calibration!, steps: 3 } };
      expect(keptCalibration(prepareRelationalSampler(resampled, noFaker, null))).toBeUndefined();
    }
  }, 240_000);

  it('samples the same bytes as an older model file without it (the real CLI, workers 1 and 2)', () => {
    const dir = temporaryDirectory();
    const model = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', join(ROOT, 'schemas/margarine.json'), '-o', model]);
    const fitted = JSON.parse(readFileSync(model, 'utf8')) as RelationalModel;
    expect(fitted.calibration?.tables[0]?.repeats.length).toBeGreaterThan(0);
    const older = join(dir, 'older.json');
    writeFileSync(older, `${JSON.stringify(withoutCalibration(fitted), null, 2)}\n`);
    const sample = (modelPath: string, workers: string) => {
      const out = join(dir, `${modelPath === model ? 'kept' : 'older'}-${workers}`);
      runDoppelOk(['sample', modelPath, '--rows', '3000', '--seed', '9', '--workers', workers, '--out', out]);
      return (table: string) => readFileSync(join(out, `${table}.arrow`));
    };
    const reference = sample(older, '2');
    for (const other of [sample(model, '2'), sample(model, '1')]) {
      for (const table of ['margarine_households', 'margarine_purchases'])
        expect(other(table).equals(reference(table))).toBe(true);
    }
  }, 240_000);
});
