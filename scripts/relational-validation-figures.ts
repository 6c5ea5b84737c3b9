/**
 * The relational validation's figures on the margarine panel, for the README: per split seed, the
 * real holdout's own multi-table quality (the ceiling a generator can reach, 70/30 by household),
 * and the release gate's verdict on three releases judged against a 50/25/25 split (training,
 * holdout, fresh): fresh real households, a copy of the training households with their purchases,
 * and the training purchases dealt to random households in random order.
 * Usage: npx tsx scripts/relational-validation-figures.ts [seeds, default 1-5]
 * (The panel loader is the tests' own, test/validate/relational/margarine.ts.)
 */
import { loadPolicy } from '../src/privacy/release-policy.js';
import { RELATIONAL_POLICY_FIGURES } from '../src/validate/relational/relational-privacy.js';
import type { RelationalValidationReport } from '../src/validate/relational/validate-relational.js';
import { validateRelational } from '../src/validate/relational/validate-relational.js';
import {
  householdsSubset,
  loadMargarine,
  shuffledAcrossHouseholds,
  splitHouseholds,
} from '../test/validate/relational/margarine.js';

const seeds = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 2, 3, 4, 5];
const panel = loadMargarine();
const policy = await loadPolicy('schemas/default-policy.json', RELATIONAL_POLICY_FIGURES);
const f = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
const loyalty = (report: RelationalValidationReport, side: 'real' | 'synthetic') => {
  const row = report.sequences[0]!.coherence.find((c) => c.column === 'choice');
  if (row?.kind !== 'categorical') return null;
  return side === 'real' ? row.realSameShare : row.syntheticSameShare;
};

console.log(
  'seed | release | quality (all pairs) | cardinality | loyalty real/synthetic | DCR overfitting (fresh) | gate',
);
for (const seed of seeds) {
  const [train, holdout] = splitHouseholds(panel, [0.7, 0.3], seed);
  const ceiling = await validateRelational(
    householdsSubset(panel, train!),
    householdsSubset(panel, holdout!),
    {
      seed,
    },
  );
  console.log(
    `${seed} | real holdout 70/30 | ${f(ceiling.quality.overallAllPairs)} | ${f(ceiling.quality.cardinality)} | ${f(loyalty(ceiling, 'real'))}/${f(loyalty(ceiling, 'synthetic'))} | | `,
  );
  const [t, h, fresh] = splitHouseholds(panel, [0.5, 0.25, 0.25], seed);
  const training = householdsSubset(panel, t!);
  const releases = [
    ['fresh households', householdsSubset(panel, fresh!)],
    ['copy of training', training],
    ['purchases shuffled', shuffledAcrossHouseholds(training, seed)],
  ] as const;
  for (const [name, synthetic] of releases) {
    const r = await validateRelational(training, synthetic, {
      holdout: householdsSubset(panel, h!),
      seed,
      policy,
    });
    const failed = r.gate!.checks.filter((c) => !c.passed).map((c) => c.name);
    console.log(
      `${seed} | ${name} | ${f(r.quality.overallAllPairs)} | ${f(r.quality.cardinality)} | ${f(loyalty(r, 'real'))}/${f(loyalty(r, 'synthetic'))} | ${f(r.figures['dcrOverfittingProtection'])} (${f(r.privacy!.freshDcrOverfittingProtection)}) | ${r.gate!.passed ? 'pass' : `FAIL: ${failed.join(', ')}`}`,
    );
  }
}
