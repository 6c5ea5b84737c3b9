import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoppelOk, TELCO_CSV, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

describe('doppel fit --stream', () => {
  it('fits telco in passes over record batches with the mixture the row fit chooses, and says when it needs every row', () => {
    const dir = temporaryDirectory();
    const streamed = join(dir, 'streamed.json');
    const run = runDoppelOk(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '--stream', '-o', streamed]);
    expect(run.stderr).toContain('fitted in 3 passes over record batches');
    expect(run.stderr).toContain('one copula per group of "internet_service"');
    const row = join(dir, 'row.json');
    const plain = runDoppelOk(['fit', TELCO_CSV, '--schema', TELCO_SCHEMA, '-o', row]);
    // 7,043 rows are fewer than the streaming threshold: the row fit, silently.
    expect(plain.stderr).not.toContain('passes');
    const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
    expect(read(streamed).fit).toEqual(read(row).fit);
    expect(read(streamed).mixture.column).toBe(read(row).mixture.column);

    const dp = runDoppelOk([
      'fit',
      TELCO_CSV,
      '--schema',
      TELCO_SCHEMA,
      '--stream',
      '--epsilon',
      '1',
      '-o',
      join(dir, 'dp.json'),
    ]);
    expect(dp.stderr).toMatch(/fitting with all 7,043 rows in memory: a differentially private fit/);
    expect(read(join(dir, 'dp.json')).privacy.differentialPrivacy).toBeTruthy();
  }, 300_000);
});
