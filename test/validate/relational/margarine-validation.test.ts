/**
 * Relational validation on real data: the margarine panel (households and their purchases, hhid,
 * purchases in panel order), split by household. Until the relational sampler lands, the releases
 * judged are real ones: unseen real households (what a perfect generator would give), a copy of the
 * training households with their purchases (a leak the gate must catch), and the training purchases
 * dealt to random households in random order (histories destroyed, columns intact).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../src/privacy/release-policy.js';
import { RELATIONAL_POLICY_FIGURES } from '../../../src/validate/relational/relational-privacy.js';
import type { RelationalTables } from '../../../src/validate/relational/relational-tables.js';
import {
  type RelationalValidationReport,
  validateRelational,
} from '../../../src/validate/relational/validate-relational.js';
import { ROOT } from '../../shared-data.js';
import {
  householdsSubset,
  loadMargarine,
  type MargarinePanel,
  shuffledAcrossHouseholds,
  splitHouseholds,
} from './margarine.js';

const choiceCoherence = (report: RelationalValidationReport) => {
  const row = report.sequences[0]!.coherence.find((c) => c.column === 'choice');
  if (row?.kind !== 'categorical') throw new Error('choice should be scored as categorical');
  return row;
};

let panel: MargarinePanel;
beforeAll(() => {
  panel = loadMargarine();
});

describe('real training households against real holdout households (70/30, seed 1)', () => {
  let report: RelationalValidationReport;
  beforeAll(async () => {
    const [train, holdout] = splitHouseholds(panel, [0.7, 0.3], 1);
    report = await validateRelational(householdsSubset(panel, train!), householdsSubset(panel, holdout!), {
      seed: 1,
    });
  });

  it('scores the real holdout’s own ceiling, with every SDMetrics property present', () => {
    expect(report.rootTable).toBe('households');
    expect(report.tables.map((t) => [t.table, t.realRows + t.syntheticRows])).toEqual([
      ['households', 516],
      ['purchases', 4470],
    ]);
    const { quality } = report;
    // Measured: 0.868 with every pair counting (the SDV figure for such a split: 0.889).
    expect(quality.overallAllPairs!).toBeGreaterThan(0.83);
    expect(quality.overallAllPairs!).toBeLessThan(0.93);
    expect(quality.columnShapes!).toBeGreaterThan(0.93);
    expect(quality.cardinality!).toBeGreaterThan(0.9);
    // 7 household columns × 11 purchase columns, hhid left out as a key.
    expect(quality.intertable).toHaveLength(77);
    expect(quality.tables.map((t) => t.columns.length)).toEqual([7, 11]);
  });

  it('finds every relationship valid and real habits on both sides', () => {
    const [relationship] = report.relationships;
    expect(relationship!.referentialIntegrity).toBe(1);
    expect(relationship!.cardinalityBoundaryAdherence!).toBeGreaterThan(0.98);
    const choice = choiceCoherence(report);
    // Brand loyalty: about half of consecutive purchases repeat the product (issue 13: real 0.49).
    expect(choice.realSameShare!).toBeGreaterThan(0.4);
    expect(choice.realSameShare!).toBeLessThan(0.6);
    expect(Math.abs(choice.realSameShare! - choice.syntheticSameShare!)).toBeLessThan(0.05);
    expect(report.sequences[0]!.gaps).toBeNull(); // purchases follow the file's order: no time
    expect(report.segments.length).toBeGreaterThan(0);
  });
});

describe('privacy of whole histories and the release gate (50% training, 25% holdout, 25% fresh)', () => {
  let training: RelationalTables;
  let holdout: RelationalTables;
  let fresh: RelationalTables;
  const run = async (synthetic: RelationalTables) =>
    validateRelational(training, synthetic, {
      holdout,
      seed: 3,
      policy: await loadPolicy(`${ROOT}/schemas/default-policy.json`, RELATIONAL_POLICY_FIGURES),
    });
  beforeAll(() => {
    const [t, h, f] = splitHouseholds(panel, [0.5, 0.25, 0.25], 1);
    training = householdsSubset(panel, t!);
    holdout = householdsSubset(panel, h!);
    fresh = householdsSubset(panel, f!);
  });

  it('fails the default policy for a copy of the training households with their purchases', async () => {
    const report = await run(training);
    expect(report.gate?.passed).toBe(false);
    const failed = report.gate!.checks.filter((check) => !check.passed).map((check) => check.name);
    expect(failed).toEqual(
      expect.arrayContaining([
        'dcrOverfittingProtection',
        'exactMatchRateExcess',
        'newRowSynthesisShortfall',
        'singlingOutRiskUnivariate',
      ]),
    );
    expect(report.figures['exactMatchRate']).toBe(1);
    // Fresh real customers (half the holdout) keep their distance; the copy does not.
    expect(report.figures['dcrOverfittingProtectionShortfall']!).toBeGreaterThan(0.3);
    // Perfect fidelity does not buy a pass; the copy beats unseen real customers' own score.
    expect(report.quality.overallAllPairs).toBe(1);
    expect(report.figures['quality.ofHoldout']!).toBeGreaterThan(1.05);
  });

  it('scores fresh real households as far from training as unseen customers are', async () => {
    const report = await run(fresh);
    const vectorColumns = report.privacy!.vectorColumns;
    expect(vectorColumns).toContain('purchases: events');
    expect(vectorColumns).toContain('purchases: mean PPk_Stk');
    expect(vectorColumns.some((name) => name.startsWith('purchases: share choice='))).toBe(true);
    expect(report.figures['exactMatchRateExcess']).toBe(0);
    expect(report.figures['newRowSynthesisShortfall']).toBe(0);
    // 129 fresh households: the statistic's noise is ±0.09 (measured 0.93 here, the copy 0.48).
    expect(report.figures['dcrOverfittingProtection']!).toBeGreaterThan(0.8);
    expect(report.figures['singlingOutRiskUnivariate']!).toBeLessThan(0.2);
    expect(Math.abs(report.figures['dcrOverfittingProtectionShortfall']!)).toBeLessThan(0.15);
    // Two samples of real households: about as faithful as each other, and as loyal.
    expect(report.figures['quality.ofHoldout']!).toBeGreaterThan(0.93);
    expect(report.figures['quality.ofHoldout']!).toBeLessThan(1.07);
    expect(report.holdoutBaseline!.persistence.map((p) => p.column)).toEqual(['choice']);
    expect(report.figures['sequences.persistenceGap']!).toBeLessThan(0.06);
    // The report is plain JSON: nothing lost in a round trip.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('purchases dealt to random households in random order (seed 7)', () => {
  it('scores lower on cardinality, brand loyalty and segments than real unseen households', async () => {
    const [train, holdout] = splitHouseholds(panel, [0.7, 0.3], 1);
    const training = householdsSubset(panel, train!);
    const real = await validateRelational(training, householdsSubset(panel, holdout!), { seed: 1 });
    const shuffled = await validateRelational(training, shuffledAcrossHouseholds(training, 7), { seed: 1 });
    expect(shuffled.quality.cardinality!).toBeLessThan(real.quality.cardinality! - 0.1);
    expect(shuffled.sequences[0]!.eventsPerParent.score!).toBeLessThan(
      real.sequences[0]!.eventsPerParent.score!,
    );
    expect(shuffled.sequences[0]!.coherenceScore!).toBeLessThan(real.sequences[0]!.coherenceScore! - 0.1);
    const loyalty = choiceCoherence(shuffled);
    expect(loyalty.syntheticSameShare!).toBeLessThan(loyalty.realSameShare! - 0.2);
    const flagged = shuffled.segments.flatMap((s) => s.groups).filter((g) => g.histories[0]!.flagged);
    const flaggedReal = real.segments.flatMap((s) => s.groups).filter((g) => g.histories[0]!.flagged);
    expect(flagged.length).toBeGreaterThan(flaggedReal.length);
    // Every column's own distribution is untouched, and keys still join.
    expect(shuffled.quality.columnShapes).toBe(1);
    expect(shuffled.relationships[0]!.referentialIntegrity).toBe(1);
  });
});
