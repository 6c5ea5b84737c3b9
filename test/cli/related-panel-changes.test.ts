import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ksComplement } from '../../src/validate/metrics/ks-complement.js';
import { readArrow, readCsvRows, schemaColumnNames } from './related-helpers.js';
import { ROOT, runDoppelOk, temporaryDirectory } from './run-doppel.js';

const DATA = join(ROOT, 'test/data/pbcseq');
const SCHEMA = join(DATA, 'pbcseq.json');

interface Visits {
  readonly patient: number[];
  readonly bili: number[];
  readonly alkPhos: number[];
}

/** One column's values at each patient's first visit and at the later ones (rows in visit order). */
function firstAndLater(visits: Visits, values: readonly number[]): { first: number[]; later: number[] } {
  const first: number[] = [];
  const later: number[] = [];
  values.forEach((x, i) => {
    if (!Number.isFinite(x)) return;
    (i === 0 || visits.patient[i] !== visits.patient[i - 1] ? first : later).push(x);
  });
  return { first, later };
}

/**
 * Mean |change| between consecutive visits of a patient whose previous value lies in the top
 * quarter of previous values, over the same for the bottom quarter: how much more a high value moves.
 */
function topToBottomChange(visits: Visits, values: readonly number[]): number {
  const pairs: [number, number][] = [];
  for (let i = 1; i < values.length; i++)
    if (visits.patient[i] === visits.patient[i - 1]) pairs.push([values[i - 1]!, values[i]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const quarter = Math.floor(pairs.length / 4);
  const meanChange = (part: [number, number][]) =>
    part.reduce((sum, [a, b]) => sum + Math.abs(b - a), 0) / part.length;
  return meanChange(pairs.slice(pairs.length - quarter)) / meanChange(pairs.slice(0, quarter));
}

function realVisits(): Visits {
  const rows = readCsvRows(join(DATA, 'pbc_visits.csv'));
  const number = (v: string | undefined) =>
    v === undefined || v === '' || v === 'NA' ? Number.NaN : Number(v);
  return {
    patient: rows.map((r) => number(r['patient'])),
    bili: rows.map((r) => number(r['bili'])),
    alkPhos: rows.map((r) => number(r['alk.phos'])),
  };
}

/**
 * Two mechanisms of the relational model, decided from the values, on the Mayo PBC visits
 * (test/data/pbcseq, 312 patients, 1,945 visits) through the built CLI: bilirubin's changes drawn in
 * normal-score space (its changes grow with its level), and first visits that take their own values
 * where diagnosis visits differ from follow-ups (alkaline phosphatase above 11,000 only at diagnosis).
 */
describe('panel values: changes that grow with the level, first records unlike the later ones', () => {
  const real = realVisits();
  let model: string;
  let synthetic: Visits;
  let dir: string;
  beforeAll(() => {
    dir = temporaryDirectory();
    const modelPath = join(dir, 'model.json');
    runDoppelOk(['fit', '--schema', SCHEMA, '-o', modelPath]);
    runDoppelOk(['sample', modelPath, '--rows', '312', '--out', join(dir, 'out'), '--seed', '5']);
    model = readFileSync(modelPath, 'utf8');
    const visits = readArrow(join(dir, 'out', 'pbc_visits.arrow'));
    const numbers = (name: string) =>
      Array.from({ length: visits.numRows }, (_, i) => {
        const v: unknown = visits.getChild(name)!.get(i);
        return v === null ? Number.NaN : Number(v);
      });
    synthetic = { patient: numbers('patient'), bili: numbers('bili'), alkPhos: numbers('alk.phos') };
  }, 120_000);

  it('draws bilirubin’s changes as changes of normal score, and keeps its marginal and its level-dependent moves', () => {
    expect(model).toContain('"name": "scoreDelta:bili"');
    // Years of follow-up count in days: the order column's gaps stay changes in its units.
    expect(model).toContain('"name": "delta:day"');
    expect(model).not.toContain('"name": "scoreDelta:day"');
    // In units, the walk drifted up (KSComplement 0.73-0.81 on the protocol's splits).
    expect(ksComplement(Float64Array.from(real.bili), Float64Array.from(synthetic.bili))).toBeGreaterThan(
      0.9,
    );
    // Real: a top-quarter bilirubin moves about 20 times as much as a bottom-quarter one; in units, 2.
    expect(topToBottomChange(real, real.bili)).toBeGreaterThan(10);
    expect(topToBottomChange(synthetic, synthetic.bili)).toBeGreaterThan(8);
  });

  it('gives first visits their own alkaline phosphatase, as at diagnosis', () => {
    expect(model).toContain('"name": "pbc_visits.first(alk.phos)"');
    const realAlk = firstAndLater(real, real.alkPhos);
    const syntheticAlk = firstAndLater(synthetic, synthetic.alkPhos);
    const ks = (a: readonly number[], b: readonly number[]) =>
      ksComplement(Float64Array.from(a), Float64Array.from(b));
    // Real first visits stand apart from follow-ups (KSComplement 0.84); drawn from the follow-ups'
    // marginal they could not, and the synthetic range stopped near 5,900.
    expect(ks(realAlk.first, realAlk.later)).toBeLessThan(0.9);
    expect(ks(syntheticAlk.first, syntheticAlk.later)).toBeLessThan(0.9);
    expect(ks(realAlk.first, syntheticAlk.first)).toBeGreaterThan(0.9);
    expect(ks(realAlk.later, syntheticAlk.later)).toBeGreaterThan(0.9);
    // About one diagnosis visit in twenty lies above every follow-up, in the data and in the sample.
    const aboveLater = (values: readonly number[]) =>
      values.filter((x) => x > Math.max(...realAlk.later)).length / values.length;
    expect(aboveLater(realAlk.first)).toBeGreaterThan(0.03);
    expect(aboveLater(syntheticAlk.first)).toBeGreaterThan(0.02);
    // Patients are not written with it: the first value is a summary of the patients' copula only.
    const written = readArrow(join(dir, 'out', 'pbc_patients.arrow')).schema.fields.map((f) => f.name);
    expect(written).toEqual(schemaColumnNames(SCHEMA, 'pbc_patients'));
  });
});
