import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/io/read-table.js';
import { codeGroups, MIN_JOINT_ROWS } from '../../../src/model/partial/code-pair-counts.js';
import { BatchCoder, concatCodedBatches } from '../../../src/model/partial/coded-batch.js';
import { addCopulaBatch, emptyCopulaSums } from '../../../src/model/partial/partial-copula.js';
import { tablePlan } from '../../../src/model/partial/partial-fit.js';
import { addBatch, emptyMarginals } from '../../../src/model/partial/partial-marginals.js';
import type { ScopePlan } from '../../../src/model/partial/score-plan.js';
import type { DatasetSchema } from '../../../src/schema/dataset-schema.js';
import { inferSchema } from '../../../src/schema/infer-schema.js';
import { loadDatasetSchema } from '../../../src/schema/load-schema.js';
import { DATASETS } from '../../shared-data.js';

/** The sums' entries of the pairs of two code dimensions (contingency tables), pair by pair. */
function codePairTables(plan: ScopePlan, sums: Float64Array): number[][] {
  const tables: number[][] = [];
  for (let a = 0, p = 0; a < plan.dimensions.length; a++)
    for (let b = 0; b < a; b++, p++)
      if (plan.dimensions[a]!.type === 'code' && plan.dimensions[b]!.type === 'code')
        tables.push([...sums.subarray(plan.offsets[p]!, plan.offsets[p + 1]!)]);
  return tables;
}

describe('contingency tables of code dimensions through joint codes', () => {
  for (const [file, schemaOf] of [
    ['telco_churn.csv', () => loadDatasetSchema('schemas/telco.json')],
    ['margarine_households.csv', undefined],
    ['credit_data.csv', undefined],
  ] as const) {
    it(`${file}: equal to counting pair by pair, for the table and each stratum group`, async () => {
      const table = await readTable(join(DATASETS, file));
      const inferred: DatasetSchema = schemaOf ? await schemaOf() : inferSchema(table, { name: file });
      // The stratum column (telco's, else the first categorical) gives group scopes with fewer rows.
      const stratifyBy =
        inferred.model?.stratifyBy ?? inferred.columns.find((c) => c.kind === 'categorical')?.name ?? null;
      const schema = { ...inferred, rules: [], model: { ...inferred.model, stratifyBy } };
      const coder = new BatchCoder(schema, file);
      const once = coder.code(table);
      // Copies of the table: one batch large enough for joint counting, and the copies one by one
      // (each below MIN_JOINT_ROWS rows, so counted pair by pair).
      const copies = Math.ceil((4 * MIN_JOINT_ROWS) / once.rowCount);
      expect(once.rowCount).toBeLessThan(MIN_JOINT_ROWS);
      const batch = concatCodedBatches(Array.from({ length: copies }, () => once));
      const plan = tablePlan(schema, addBatch(schema, emptyMarginals(schema), batch), {
        minCount: 5,
        rareCategories: 'merge',
      });
      expect(codeGroups(plan.whole).length).toBeGreaterThan(1);
      const joint = emptyCopulaSums(plan);
      addCopulaBatch(plan, joint, batch);
      const pairwise = emptyCopulaSums(plan);
      for (let c = 0; c < copies; c++) addCopulaBatch(plan, pairwise, once);
      expect(codePairTables(plan.whole, joint.whole)).toEqual(codePairTables(plan.whole, pairwise.whole));
      for (const [label, groupPlan] of plan.groups?.byLabel ?? [])
        expect(codePairTables(groupPlan, joint.groups!.get(label)!)).toEqual(
          codePairTables(groupPlan, pairwise.groups!.get(label)!),
        );
    }, 120_000);
  }
});
