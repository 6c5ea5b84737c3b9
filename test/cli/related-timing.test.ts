import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ksComplement } from '../../src/validate/metrics/ks-complement.js';
import { readArrow, schemaColumnNames } from './related-helpers.js';
import { ROOT, runDoppelOk, temporaryDirectory } from './run-doppel.js';

const DATA = join(ROOT, 'test/data/pbcseq');
const SCHEMA = join(DATA, 'pbcseq.json');
const DAY_MS = 86_400_000;

interface SequenceJson {
  readonly gaps: { readonly unit: string; readonly score: number | null } | null;
}

/** Each patient's visit times, in output order. */
function timesByPatient(keys: ArrayLike<bigint | number>, times: ArrayLike<number>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const key = Number(keys[i]);
    out.set(key, [...(out.get(key) ?? []), Number(times[i])]);
  }
  return out;
}

/** Last minus first time of each history with two events or more. */
function spans(histories: Map<number, number[]>): Float64Array {
  return Float64Array.from(
    [...histories.values()].filter((h) => h.length > 1).map((h) => h[h.length - 1]! - h[0]!),
  );
}

function realHistories(): Map<number, number[]> {
  const lines = readFileSync(join(DATA, 'pbc_visits.csv'), 'utf8').trim().split('\n').slice(1);
  const cells = lines.map((line) => line.split(','));
  return timesByPatient(
    cells.map((c) => Number(c[0])),
    cells.map((c) => Number(c[1])),
  );
}

/** fit → sample (as many patients as the real data) → validate through the built CLI. */
function fitSampleValidate(schema: string, dir: string): { sequence: SequenceJson; model: string } {
  const model = join(dir, 'model.json');
  runDoppelOk(['fit', '--schema', schema, '-o', model]);
  runDoppelOk(['sample', model, '--rows', '312', '--out', join(dir, 'out'), '--seed', '3']);
  const report = join(dir, 'report.json');
  runDoppelOk([
    'validate',
    '--schema',
    schema,
    '--synthetic',
    join(dir, 'out'),
    '--no-utility',
    '--json',
    report,
  ]);
  const sequences = (JSON.parse(readFileSync(report, 'utf8')) as { sequences: SequenceJson[] }).sequences;
  return { sequence: sequences[0]!, model: readFileSync(model, 'utf8') };
}

/**
 * Events that carry time (issue 13): the Mayo PBC follow-up visits (test/data/pbcseq, 312 patients,
 * 1,945 visits on irregular days). The schema is `doppel infer`'s, which takes `day` as the order.
 */
describe('timed events: visits in order, gaps and spans as in the real panel', () => {
  let dir: string;
  let result: { sequence: SequenceJson; model: string };
  let synthetic: Map<number, number[]>;
  beforeAll(() => {
    dir = temporaryDirectory();
    result = fitSampleValidate(SCHEMA, dir);
    const visits = readArrow(join(dir, 'out', 'pbc_visits.arrow'));
    synthetic = timesByPatient(
      visits.getChild('patient')!.toArray() as BigInt64Array,
      visits.getChild('day')!.toArray() as ArrayLike<number>,
    );
  }, 120_000);

  it('puts the timing summaries in the patients’ copula (never in the output)', () => {
    for (const name of [
      'pbc_visits.first(day)',
      'pbc_visits.gapMean(day)',
      'pbc_visits.gapDispersion(day)',
      'pbc_visits.span(day)',
    ])
      expect(result.model).toContain(`"name": "${name}"`);
    const written = readArrow(join(dir, 'out', 'pbc_patients.arrow')).schema.fields.map((f) => f.name);
    expect(written).toEqual(schemaColumnNames(SCHEMA, 'pbc_patients'));
  });

  it('writes every patient’s visits strictly in time order', () => {
    let pairs = 0;
    for (const times of synthetic.values())
      for (let i = 1; i < times.length; i++, pairs++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    expect(pairs).toBeGreaterThan(1000);
  });

  it('keeps the gap distribution and the spans of histories', () => {
    expect(result.sequence.gaps!.unit).toBe('order units');
    expect(result.sequence.gaps!.score!).toBeGreaterThan(0.9);
    expect(ksComplement(spans(realHistories()), spans(synthetic))).toBeGreaterThan(0.85);
  });
});

describe('timed events with a date order column', () => {
  it('orders the dates within each patient and keeps their gaps in days', () => {
    const dir = temporaryDirectory();
    // The same visits with each day count written as a date (from an arbitrary origin).
    const [header, ...rows] = readFileSync(join(DATA, 'pbc_visits.csv'), 'utf8').trim().split('\n');
    const origin = Date.UTC(1974, 0, 1);
    const dated = rows.map((line) => {
      const cells = line.split(',');
      cells[1] = new Date(origin + Number(cells[1]) * DAY_MS).toISOString().slice(0, 10);
      return cells.join(',');
    });
    writeFileSync(join(dir, 'pbc_visits.csv'), `${[header, ...dated].join('\n')}\n`);
    writeFileSync(join(dir, 'pbc_patients.csv'), readFileSync(join(DATA, 'pbc_patients.csv')));
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as {
      tables: { columns: { name: string; kind: string; unit?: string }[] }[];
    };
    const day = schema.tables[1]!.columns.find((c) => c.name === 'day')!;
    day.kind = 'datetime';
    day.unit = 'date';
    writeFileSync(join(dir, 'schema.json'), JSON.stringify(schema));

    const { sequence } = fitSampleValidate(join(dir, 'schema.json'), dir);
    expect(sequence.gaps!.unit).toBe('days');
    expect(sequence.gaps!.score!).toBeGreaterThan(0.9);
    const visits = readArrow(join(dir, 'out', 'pbc_visits.arrow'));
    const histories = timesByPatient(
      visits.getChild('patient')!.toArray() as BigInt64Array,
      visits.getChild('day')!.toArray() as ArrayLike<number>,
    );
    for (const times of histories.values())
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    const realSpans = spans(realHistories()).map((d) => d * DAY_MS);
    expect(ksComplement(realSpans, spans(histories))).toBeGreaterThan(0.85);
  }, 120_000);
});
