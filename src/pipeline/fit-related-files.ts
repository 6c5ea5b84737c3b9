import { readPreparedRelational } from '../io/read-related-tables.js';
import { fitRelational, type RelationalFitOptions } from '../model/relational/fit-relational.js';
import type { RelationalModel } from '../model/relational/relational-model-format.js';
import { withKeptCalibration } from '../sample/relational/calibrate-model.js';
import type { RelationalTree } from '../schema/load-relational-schema.js';

/**
 * Reads the tables a relational schema names (paths relative to the schema file), checks their keys
 * and order, applies consent with its cascade, and fits a relational model.
 * @throws DoppelError as readPreparedRelational and fitRelational.
 */
export async function fitRelatedFiles(
  tree: RelationalTree,
  schemaPath: string,
  options: RelationalFitOptions = {},
): Promise<RelationalModel> {
  // One table's Arrow columns at a time, each garbage once prepared, before the fit's working set
  // (the event copula's table and scores) is built.
  const prepared = await readPreparedRelational(tree, schemaPath);
  // The sampler's calibration is made once here rather than on every sample (stored-calibration.ts).
  return withKeptCalibration(fitRelational(prepared, options));
}
