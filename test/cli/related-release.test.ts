import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/release/manifest-format.js';
import { readArrow } from './related-helpers.js';
import { ROOT, runDoppel, runDoppelOk, temporaryDirectory } from './run-doppel.js';

const SCHEMA = join(ROOT, 'test/data/pbcseq/pbcseq.json');

/** `doppel release` of a relational model into `dir/bundle`; the manifest it wrote. */
function release(model: string, dir: string): Manifest {
  const bundle = join(dir, 'bundle');
  const result = runDoppelOk([
    'release',
    model,
    '--rows',
    '200',
    '--seed',
    '4',
    '--out',
    bundle,
    '--purpose',
    'tests of follow-up schedules',
    '--expires',
    '2030-12-31',
    '--today',
    '2026-12-04',
  ]);
  expect(result.stdout).toContain('pbc_visits (rows of pbc_patients): pbc_visits.arrow');
  return JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as Manifest;
}

/**
 * A release of related tables (issue 13): one Arrow file per table in the bundle, and a manifest that
 * says what protected it: the k rule counting customers, and for a differentially private fit the
 * budget and the contribution bound (events per parent, the most rows one customer owns per table).
 * Real data: the PBC follow-up visits (test/data/pbcseq).
 */
describe('doppel release of related tables', () => {
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory();
  });

  it('records the k rule by customer for a plain fit, every table’s file, and verifies', () => {
    const model = join(dir, 'plain.json');
    runDoppelOk(['fit', '--schema', SCHEMA, '-o', model]);
    const manifest = release(model, join(dir, 'plain'));
    expect(manifest.privacy).toEqual({ differentialPrivacy: false, epsilon: 'none', delta: 'none' });
    expect(manifest.protection).toEqual({
      unit: 'customer',
      kRule: { k: 5, counts: 'customers' },
      contribution: null,
    });
    expect(manifest.tables).toEqual([
      { name: 'pbc_patients', parent: null, file: 'pbc_patients.arrow' },
      { name: 'pbc_visits', parent: 'pbc_patients', file: 'pbc_visits.arrow' },
    ]);
    const bundle = join(dir, 'plain', 'bundle');
    expect(readdirSync(bundle).sort()).toEqual(['manifest.json', 'pbc_patients.arrow', 'pbc_visits.arrow']);
    const visits = readArrow(join(bundle, 'pbc_visits.arrow')).numRows;
    expect(manifest.files.map((f) => [f.path, f.rows])).toEqual([
      ['pbc_patients.arrow', 200],
      ['pbc_visits.arrow', visits],
    ]);
    expect(manifest.rows).toBe(200 + visits);
    const verified = runDoppel(['verify', bundle, '--today', '2026-12-05']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toContain('all 2 file(s) match');
  }, 120_000);

  it('records the budget and the contribution bound of a private fit', () => {
    const model = join(dir, 'private.json');
    runDoppelOk(['fit', '--schema', SCHEMA, '--epsilon', '20', '--events-per-parent', '6', '-o', model]);
    const manifest = release(model, join(dir, 'private'));
    if (!manifest.privacy.differentialPrivacy) throw new Error('expected a private manifest');
    expect(manifest.privacy.epsilon).toBe(20);
    expect(manifest.privacy.neighbouring).toBe('add-remove-one-customer');
    expect(manifest.privacy.spent.epsilon).toBeGreaterThan(0);
    expect(manifest.privacy.spent.epsilon).toBeLessThanOrEqual(20 + 1e-9);
    expect(manifest.protection).toEqual({
      unit: 'customer',
      kRule: { k: 5, counts: 'customers' },
      contribution: {
        eventsPerParent: 6,
        rowsPerCustomer: [
          { table: 'pbc_patients', rows: 1 },
          { table: 'pbc_visits', rows: 6 },
        ],
      },
    });
    const words = runDoppelOk(['verify', join(dir, 'private', 'bundle'), '--today', '2026-12-05']);
    expect(words.stdout).toContain('OK');
  }, 120_000);

  it('refuses validation flags for related tables with exit 2, writing nothing', () => {
    const bundle = join(dir, 'refused');
    const result = runDoppel([
      'release',
      join(dir, 'plain.json'),
      '--rows',
      '10',
      '--out',
      bundle,
      '--purpose',
      'x',
      '--expires',
      '2030-12-31',
      '--real',
      join(ROOT, 'test/data/pbcseq/pbc_patients.csv'),
      '--schema',
      SCHEMA,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('doppel validate --schema');
    expect(existsSync(bundle)).toBe(false);
  });
});
