import { describe, expect, it } from 'vitest';
import { overfittingFromDistances } from '../../src/privacy/dcr-overfitting-protection.js';
import { evaluatePolicy, formatVerdict, type ReleasePolicy } from '../../src/privacy/release-policy.js';

const policy = (noise?: number): ReleasePolicy => ({
  name: 'noise test',
  rules: [
    { figure: 'dcrOverfittingProtection', min: 0.95, ...(noise === undefined ? {} : { noise }) },
    { figure: 'linkabilityRisk', max: 0.2, ...(noise === undefined ? {} : { noise }) },
  ],
});

describe('a policy rule that allows for a figure’s sampling noise', () => {
  it('gives the overfitting score the binomial standard error of its share', () => {
    // 3 of 4 synthetic rows closer to training: p = 0.75, score 0.5, SE 2·√(0.75·0.25/4).
    const r = overfittingFromDistances([0, 0, 0, 1], [1, 1, 1, 0]);
    expect(r.closerToTraining).toBe(0.75);
    expect(r.score).toBe(0.5);
    expect(r.standardError).toBeCloseTo(2 * Math.sqrt((0.75 * 0.25) / 4), 12);
  });

  it('passes a figure within `noise` standard errors of the bound and fails one beyond', () => {
    const figures = { dcrOverfittingProtection: 0.9, linkabilityRisk: 0.1 };
    const errors = { dcrOverfittingProtection: 0.03 };
    expect(evaluatePolicy(policy(), figures, {}, errors).passed).toBe(false);
    expect(evaluatePolicy(policy(1), figures, {}, errors).passed).toBe(false); // 0.93 < 0.95
    const two = evaluatePolicy(policy(2), figures, {}, errors);
    expect(two.passed).toBe(true); // 0.96 ≥ 0.95
    expect(two.rules[0]!.allowance).toBeCloseTo(0.06, 12);
    expect(formatVerdict(two)).toContain('± 0.060 allowed for sampling noise');
  });

  it('gives no allowance to a figure the report gives no standard error for', () => {
    const verdict = evaluatePolicy(policy(4), { dcrOverfittingProtection: 1, linkabilityRisk: 0.21 }, {}, {});
    expect(verdict.rules[1]!.allowance).toBe(0);
    expect(verdict.passed).toBe(false);
  });

  it('still fails a copy of the training rows: the share is far past any noise', () => {
    // 150 synthetic customers of which 90% sit on a training customer.
    const n = 150;
    const toTraining = Array.from({ length: n }, (_, i) => (i < 135 ? 0 : 1));
    const toHoldout = Array.from({ length: n }, () => 0.5);
    const r = overfittingFromDistances(toTraining, toHoldout);
    const verdict = evaluatePolicy(
      policy(2),
      { dcrOverfittingProtection: r.score, linkabilityRisk: 0 },
      {},
      { dcrOverfittingProtection: r.standardError },
    );
    expect(r.score).toBeCloseTo(0.2, 12);
    expect(verdict.passed).toBe(false);
  });
});
