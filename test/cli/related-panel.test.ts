import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArrow } from './related-helpers.js';
import { ROOT, runDoppel, temporaryDirectory } from './run-doppel.js';

const PSID_SCHEMA = join(ROOT, 'test/data/psid/psid.json');
const DEFAULT_POLICY = join(ROOT, 'schemas/default-policy.json');
const WORKERS = 'psid_workers';
const YEARS = 'psid_years';

interface ReportJson {
  readonly figures: Record<string, number | null>;
  readonly policy: { readonly passed: boolean } | null;
  readonly relationships: readonly {
    referentialIntegrity: number | null;
    cardinalityBoundaryAdherence: number | null;
  }[];
  readonly sequences: readonly {
    readonly coherence: readonly {
      readonly column: string;
      readonly kind: string;
      readonly syntheticLag1?: number | null;
    }[];
  }[];
  readonly holdoutBaseline: { readonly overallAllPairs: number | null } | null;
}

/** Each worker's records as [year, experience] pairs, in file order. */
function histories(path: string): Map<number, [number, number][]> {
  const table = readArrow(path);
  const worker = table.getChild('worker')!.toArray() as BigInt64Array;
  const year = table.getChild('year')!.toArray() as ArrayLike<number>;
  const experience = table.getChild('experience')!.toArray() as ArrayLike<number>;
  const out = new Map<number, [number, number][]>();
  for (let i = 0; i < table.numRows; i++) {
    const key = Number(worker[i]);
    out.set(key, [...(out.get(key) ?? []), [Number(year[i]), Number(experience[i])]]);
  }
  return out;
}

/**
 * Issue 13's protocol, one seed, through the built CLI on the second real panel: the PSID earnings
 * panel (595 workers × 7 yearly records, test/data/psid), whose values evolve year by year. The schema
 * is what `doppel infer` proposes from the two files. (Five seeds on this panel and on margarine:
 * scripts/relational-protocol.ts, figures in the README.)
 */
describe('doppel run on a balanced yearly panel (PSID), split 70/30 by worker', () => {
  let dir: string;
  let report: ReportJson;
  let code: number;
  beforeAll(() => {
    dir = temporaryDirectory();
    const result = runDoppel([
      'run',
      '--schema',
      PSID_SCHEMA,
      '--holdout',
      '0.3',
      '--rows',
      '179',
      '--seed',
      '1',
      '--out',
      join(dir, 'synthetic'),
      '--policy',
      DEFAULT_POLICY,
      '--json',
      join(dir, 'report.json'),
    ]);
    code = result.code;
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;
  }, 120_000);

  it('passes the default policy, keys valid, quality at least 0.97 of the real holdout’s', () => {
    expect(code).toBe(0);
    expect(report.policy?.passed).toBe(true);
    expect(report.relationships[0]?.referentialIntegrity).toBe(1);
    expect(report.relationships[0]?.cardinalityBoundaryAdherence).toBe(1);
    // The protocol script measured 0.980 on this seed (0.936 against the holdout’s 0.955); before
    // evolving columns 0.951.
    expect(report.figures['quality.ofHoldout']).toBeGreaterThanOrEqual(0.97);
    expect(report.figures['dcrOverfittingProtection']).toBeGreaterThanOrEqual(0.95);
  });

  it('every synthetic worker’s years count up by one from the first year, and experience grows by one a year', () => {
    const workers = histories(join(dir, 'synthetic', `${YEARS}.arrow`));
    expect(workers.size).toBe(179);
    for (const records of workers.values()) {
      expect(records).toHaveLength(7);
      expect(records[0]![0]).toBe(1976);
      for (let t = 1; t < records.length; t++) {
        expect(records[t]![0] - records[t - 1]![0]).toBe(1);
        expect(records[t]![1] - records[t - 1]![1]).toBe(1);
      }
    }
    expect(readArrow(join(dir, 'synthetic', `${WORKERS}.arrow`)).numRows).toBe(179);
  });

  it('wages persist from year to year as real ones do', () => {
    const wage = report.sequences[0]!.coherence.find((c) => c.column === 'wage');
    // Real lag-1 correlation of wages: 0.86 (training), 0.90 (holdout).
    expect(wage?.syntheticLag1).toBeGreaterThanOrEqual(0.8);
  });
});

/**
 * The same protocol, one seed, on margarine: 0.963 of the holdout's quality on seed 1 with
 * moment-matched customer draws (0.953 before; 0.971 when the k rule counted purchases instead of
 * households; without the private CDF's end tails 0.964 and lower), keys valid by construction.
 */
describe('doppel run on the margarine panel, split 70/30 by household (seed 1)', () => {
  it('reaches at least 0.955 of the real holdout’s quality, every purchase joins, counts within the real bounds', () => {
    const dir = temporaryDirectory();
    const result = runDoppel([
      'run',
      '--schema',
      join(ROOT, 'schemas/margarine.json'),
      '--holdout',
      '0.3',
      '--rows',
      '155',
      '--seed',
      '1',
      '--out',
      join(dir, 'synthetic'),
      '--json',
      join(dir, 'report.json'),
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as ReportJson;
    expect(report.figures['quality.ofHoldout']).toBeGreaterThanOrEqual(0.955);
    expect(report.relationships[0]?.referentialIntegrity).toBe(1);
    expect(report.relationships[0]?.cardinalityBoundaryAdherence).toBe(1);
  }, 120_000);
});
