import { fit } from '../src/model/fit.js';
import { sampleTable } from '../src/sample/sample-table.js';
import { prepareTable } from '../src/schema/prepare-table.js';
import { dcrOverfittingProtection } from '../src/privacy/dcr-overfitting-protection.js';
import { makeRandom } from '../src/stats/random.js';
import { protocolSplit, readDataset } from './benchmark-protocol.js';
const file = process.argv[2]!;
const { table, schema } = await readDataset('/work/shared/datasets', file);
const columns = schema.columns.filter((c: any) => c.kind !== 'identifier' && c.kind !== 'personal').map((c: any) => c.name);
for (const seed of (process.argv[3] ?? '1,2,3,4,5').split(',').map(Number)) {
  const { train, holdout } = protocolSplit(table, seed);
  const model = fit(train, schema, { seed });
  const tr = prepareTable(train, schema, { columns: 'all', applyConsent: true });
  const ho = prepareTable(holdout, schema, { columns: 'all', applyConsent: true });
  const ps: number[] = [];
  for (let s = 1; s <= Number(process.argv[4] ?? 8); s++) {
    const syn = prepareTable(sampleTable(model, { rows: holdout.numRows, seed: s === 1 ? seed : 1000 + s }), schema, { columns: 'all', applyConsent: false });
    const r = await dcrOverfittingProtection(tr, ho, syn, columns, { random: makeRandom(seed, 7), iterations: 5, workers: 1 } as any);
    ps.push(r.equalSize.closerToTraining);
  }
  const m = ps.reduce((a, b) => a + b, 0) / ps.length;
  console.log(file, 'split', seed, 'mean closer-to-train', m.toFixed(3), ps.map((p) => p.toFixed(3)).join(' '));
}
