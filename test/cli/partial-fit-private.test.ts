import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../shared-data.js';
import { runDoppel, runDoppelOk, TELCO_SCHEMA, temporaryDirectory } from './run-doppel.js';

interface LedgerEntry {
  statistic: string;
  column: string | null;
  scale: number;
  thresholdDelta: number;
}
interface ModelJson {
  fit: { rowsUsed: number; rowsRead: number; minCount: number };
  privacy: { differentialPrivacy: boolean; ledger: LedgerEntry[]; spent: { epsilon: number; delta: number } };
  columns: {
    name: string;
    kind: string;
    categories?: string[];
    probabilities?: number[];
    trueProbability?: number;
    missingRate?: number;
  }[];
  copula: { dimensions: unknown[]; correlation: number[][] };
}
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as ModelJson;

/** Writes the CSV's data rows as consecutive blocks ending at `cuts`; `edit` may change a block's rows. */
function splitCsv(
  path: string,
  cuts: readonly number[],
  dir: string,
  edit: (rows: string[], part: number) => string[] = (rows) => rows,
): string[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const bounds = [0, ...cuts, rows.length];
  return bounds.slice(1).map((end, i) => {
    const file = join(dir, `part-${i}.csv`);
    writeFileSync(file, `${[header, ...edit(rows.slice(bounds[i], end), i)].join('\n')}\n`);
    return file;
  });
}

/**
 * The private fit from partials through the CLI, as a batch engine would run it: the exact first
 * pass, the private merge (marginals), the category-order pass and merge, the moments pass and merge.
 */
function fitPrivatelyByPartials(parts: readonly string[], dir: string, seed: string): string {
  const pass = (name: string, plan: string | null) =>
    parts.map((part, i) => {
      const out = join(dir, `${name}-${i}.json`);
      const run = runDoppelOk([
        'fit',
        part,
        '--schema',
        TELCO_SCHEMA,
        '--partial',
        ...(plan === null ? [] : ['--plan', plan]),
        '-o',
        out,
      ]);
      expect(run.stdout).toContain('never share it');
      return out;
    });
  const merge = (inputs: string[], out: string, privacy: string[]) => {
    runDoppelOk([
      'fit',
      '--merge',
      ...inputs,
      '--schema',
      TELCO_SCHEMA,
      ...privacy,
      '--seed',
      seed,
      '-o',
      out,
    ]);
    return out;
  };
  const plan1 = merge(pass('first', null), join(dir, 'plan1.json'), ['--epsilon', '1']);
  const plan2 = merge(pass('order', plan1), join(dir, 'plan2.json'), []);
  return merge(pass('moments', plan2), join(dir, 'model.json'), []);
}

function maxDifference(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((row, i) => row.map((x, j) => Math.abs(x - b[i]![j]!))));
}

describe('fit --merge --epsilon: differential privacy at the merge', () => {
  const telco = join(DATASETS, 'telco_churn.csv');

  it('4 exact partials of telco merge to the private fit: the same ledger, noise of its scale, the k and threshold rules', () => {
    const dir = temporaryDirectory();
    // Partition 2 holds two customers with a payment method nobody else has: a label of 2 < k rows.
    const parts = splitCsv(telco, [1000, 3000, 3100], dir, (rows, part) =>
      part === 2
        ? rows.map((row, i) => (i < 2 ? row.replace(/"[^"]*(check|automatic\))"/, '"Rare method"') : row))
        : rows,
    );
    expect(readFileSync(parts[2]!, 'utf8').split('Rare method').length - 1).toBe(2);
    const merged = read(fitPrivatelyByPartials(parts, dir, '11'));
    // The exact first-pass partials carry no noise: their counts are the data's.
    const first = JSON.parse(readFileSync(join(dir, 'first-0.json'), 'utf8')) as {
      marginals: { whole: { rows: number } };
    };
    expect(first.marginals.whole.rows).toBe(1000);

    const whole = join(dir, 'whole.csv');
    writeFileSync(
      whole,
      `${readFileSync(telco, 'utf8').split('\n')[0]}\n${parts.map((p) => readFileSync(p, 'utf8').trimEnd().split('\n').slice(1).join('\n')).join('\n')}\n`,
    );
    const singlePath = join(dir, 'single.json');
    runDoppelOk(['fit', whole, '--schema', TELCO_SCHEMA, '--epsilon', '1', '--seed', '11', '-o', singlePath]);
    const single = read(singlePath);
    const exactPath = join(dir, 'exact.json');
    runDoppelOk(['fit', whole, '--schema', TELCO_SCHEMA, '-o', exactPath]);
    const exact = read(exactPath);

    // Accounted once: the ledger and what it composes to are one private fit's, release for release.
    expect(merged.privacy).toEqual(single.privacy);
    expect(merged.privacy.spent).toMatchObject({ epsilon: 1, delta: 1e-9 });
    // The same mechanisms on the same exact histograms: with the same noise seed, the released
    // marginals are the private fit's (up to the last bit of a reordered probability).
    expect(merged.fit).toEqual(single.fit);
    merged.columns.forEach((column, i) => {
      const other = single.columns[i]!;
      expect({ ...column, probabilities: undefined }).toEqual({ ...other, probabilities: undefined });
      column.probabilities?.forEach((p, k) => {
        expect(p).toBeCloseTo(other.probabilities![k]!, 12);
      });
    });
    expect(merged.copula.dimensions).toEqual(single.copula.dimensions);
    // Only the scores' positions inside their intervals differ (each partition restarts the streams).
    expect(maxDifference(merged.copula.correlation, single.copula.correlation)).toBeLessThan(0.2);

    // Noise of the stated scale: the released row count and every boolean's share of true are off
    // the exact ones by no more than 6 standard deviations of the ledger's noise, and not all exact.
    const ledger = (statistic: string, column: string | null) =>
      merged.privacy.ledger.find((e) => e.statistic === statistic && e.column === column)!;
    const rowsScale = ledger('row counts', null).scale;
    expect(Math.abs(merged.fit.rowsUsed - exact.fit.rowsUsed)).toBeLessThanOrEqual(6 * rowsScale);
    let noisy = 0;
    for (const column of merged.columns.filter((c) => c.kind === 'boolean')) {
      const p = exact.columns.find((c) => c.name === column.name)!.trueProbability!;
      const sigma = ledger('boolean histogram', column.name).scale;
      // p̂ = t̂/(t̂ + f̂): its error is at most about √2·σ/n per unit of noise.
      expect(Math.abs(column.trueProbability! - p)).toBeLessThanOrEqual(
        (6 * Math.SQRT2 * sigma) / exact.fit.rowsUsed,
      );
      if (column.trueProbability !== p) noisy++;
    }
    expect(noisy).toBeGreaterThan(0);

    // The k and threshold rules: the label of two customers is not released; labels read from the
    // data pay their stability threshold's δ, and every released category count reaches k.
    const payment = merged.columns.find((c) => c.name === 'payment_method')!;
    expect(payment.categories).not.toContain('Rare method');
    expect(readFileSync(join(dir, 'model.json'), 'utf8')).not.toContain('Rare method');
    expect(ledger('category histogram', 'payment_method').thresholdDelta).toBeGreaterThan(0);
    for (const column of merged.columns.filter((c) => c.kind === 'categorical'))
      for (const p of column.probabilities!)
        expect(p * merged.fit.rowsUsed * (1 - column.missingRate!)).toBeGreaterThanOrEqual(
          merged.fit.minCount,
        );
  }, 300_000);

  it('one partition merges to exactly the private fit of the table', () => {
    const dir = temporaryDirectory();
    const merged = read(fitPrivatelyByPartials([telco], dir, '5'));
    const singlePath = join(dir, 'single.json');
    runDoppelOk(['fit', telco, '--schema', TELCO_SCHEMA, '--epsilon', '1', '--seed', '5', '-o', singlePath]);
    const single = read(singlePath);
    expect(merged.privacy).toEqual(single.privacy);
    expect(maxDifference(merged.copula.correlation, single.copula.correlation)).toBeLessThan(1e-12);
  }, 300_000);

  it('refuses noise in a partial, partials of different plans, a missing partition and another budget: exit 2, nothing written', () => {
    const dir = temporaryDirectory();
    const parts = splitCsv(telco, [3500], dir);
    const noisyPartial = join(dir, 'noisy.json');
    const noisy = runDoppel([
      'fit',
      parts[0]!,
      '--schema',
      TELCO_SCHEMA,
      '--partial',
      '--epsilon',
      '1',
      '-o',
      noisyPartial,
    ]);
    expect(noisy.code).toBe(2);
    expect(noisy.stderr).toContain('partials never carry noise');
    expect(existsSync(noisyPartial)).toBe(false);

    const first = parts.map((part, i) => {
      const out = join(dir, `first-${i}.json`);
      runDoppelOk(['fit', part, '--schema', TELCO_SCHEMA, '--partial', '-o', out]);
      return out;
    });
    const plans = ['1', '2'].map((seed) => {
      const out = join(dir, `plan-${seed}.json`);
      runDoppelOk([
        'fit',
        '--merge',
        ...first,
        '--schema',
        TELCO_SCHEMA,
        '--epsilon',
        '1',
        '--seed',
        seed,
        '-o',
        out,
      ]);
      expect(readFileSync(out, 'utf8')).toContain('doppel-private-plan');
      return out;
    });
    const order = parts.map((part, i) => {
      const out = join(dir, `order-${i}.json`);
      runDoppelOk(['fit', part, '--schema', TELCO_SCHEMA, '--partial', '--plan', plans[i]!, '-o', out]);
      return out;
    });
    const out = join(dir, 'next.json');
    const mixed = runDoppel(['fit', '--merge', ...order, '--schema', TELCO_SCHEMA, '-o', out]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('followed different plans');
    const missing = runDoppel(['fit', '--merge', order[0]!, '--schema', TELCO_SCHEMA, '-o', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/read 3500 rows, the plan was made from 7043/);
    const other = runDoppel([
      'fit',
      '--merge',
      order[0]!,
      '--schema',
      TELCO_SCHEMA,
      '--epsilon',
      '2',
      '-o',
      out,
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('the plan was released at epsilon 1');
    expect(existsSync(out)).toBe(false);
  }, 300_000);
});
