import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.js';
import { splitTable } from '../../src/io/split-table.js';
import { fit } from '../../src/model/fit.js';
import { PRIVACY_FIGURES } from '../../src/privacy/privacy-report.js';
import { loadPolicy } from '../../src/privacy/release-policy.js';
import { renderHtmlReport } from '../../src/report/render-html-report.js';
import { sampleTable } from '../../src/sample/sample-table.js';
import { loadDatasetSchema } from '../../src/schema/load-schema.js';
import { makeRandom } from '../../src/stats/random.js';
import { FIDELITY_FIGURES, validateRelease } from '../../src/validate/validate-release.js';
import { ROOT } from '../shared-data.js';

describe('the privacy section of the report', () => {
  it('carries the privacy figures and the policy verdict in JSON and HTML', async () => {
    const real = await readTable(join(ROOT, 'samples/telco_churn.csv'));
    const schema = await loadDatasetSchema(join(ROOT, 'schemas/telco.json'));
    const policy = await loadPolicy(join(ROOT, 'schemas/default-policy.json'), [
      ...PRIVACY_FIGURES,
      ...FIDELITY_FIGURES,
    ]);
    const { train, holdout } = splitTable(real, 0.3, makeRandom(4, 0));
    const synthetic = sampleTable(fit(train, schema), { rows: holdout.numRows, seed: 4 });
    const report = await validateRelease(train, synthetic, schema, {
      holdout,
      policy,
      seed: 4,
      target: null,
    });

    expect(report.privacy?.rows).toEqual({
      training: train.numRows,
      holdout: holdout.numRows,
      synthetic: holdout.numRows,
    });
    expect(Object.keys(report.privacy!.figures).sort()).toEqual([...PRIVACY_FIGURES].sort());
    expect(report.policy?.rules.map((r) => r.figure)).toEqual(policy.rules.map((r) => r.figure));
    expect(report.gate?.checks).toHaveLength(policy.rules.length);
    const json = JSON.parse(JSON.stringify(report));
    expect(json.privacy.figures.exactMatchRate).toBe(report.privacy!.figures.exactMatchRate);

    const page = renderHtmlReport(report);
    expect(page).toContain('<section id="privacy">');
    expect(page).toContain('DCR overfitting protection');
    expect(page).toContain('singling out, multivariate');
    expect(page).toMatch(/Release policy “doppel default”: (passed|FAILED)/);
    expect(readFileSync(join(ROOT, 'schemas/default-policy.json'), 'utf8')).toContain(
      '"dcrOverfittingProtection"',
    );
  });
});
