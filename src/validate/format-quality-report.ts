import type { PairTrendRow } from './quality-report.js';
import { ruleAdherenceLines } from './rule-adherence-report.js';
import type { SegmentGroup, SegmentReport } from './segments.js';
import type { UtilityReport } from './utility/utility.js';
import type { ValidationReport } from './validate.js';
import type { QualityReport } from './validate-quality.js';

/** How many of the lowest-scoring pairs the summary lists. */
const WEAKEST_PAIRS = 5;

function percent(score: number | null): string {
  return score === null ? 'n/a' : `${(score * 100).toFixed(1)}%`;
}

function fixed(score: number | null): string {
  return score === null ? 'n/a' : score.toFixed(4);
}

/** Left-aligned text columns, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function strength(pair: PairTrendRow): string {
  if (pair.metric === 'CorrelationSimilarity') {
    return pair.realCorrelation === null ? 'r n/a' : `r ${pair.realCorrelation.toFixed(2)}`;
  }
  return pair.realAssociation === null ? 'V n/a' : `V ${pair.realAssociation.toFixed(2)}`;
}

function headline(quality: QualityReport): string[] {
  const { correlation, association } = quality.thresholds;
  const pairCount = quality.pairs.length;
  const indent = ' '.repeat(31);
  return [
    'Fidelity (SDMetrics QualityReport; 100% = the synthetic data looks like the real data)',
    `  overall             ${percent(quality.overall).padStart(6)}   column shapes + trends of the ${quality.pairsMeetingThreshold} of ${pairCount} pairs related in the real data`,
    `${indent}(|r| > ${correlation} or Cramér's V > ${association}: the headline of SDMetrics ≥ 0.27)`,
    `  overall, all pairs  ${percent(quality.overallAllPairs).padStart(6)}   column shapes + trends of every pair (SDMetrics < 0.27, SDGym)`,
    `  column shapes       ${percent(quality.columnShapes).padStart(6)}   each column's distribution (KS / TV complement)`,
    `  pair trends         ${percent(quality.pairTrends).padStart(6)}   related pairs only; every pair: ${percent(quality.pairTrendsAllPairs)}`,
    `  data validity       ${percent(quality.dataValidity.score).padStart(6)}   values inside the real ranges and categories, keys unique`,
  ];
}

function utilityLines(utility: UtilityReport): string[] {
  const metric = utility.metric === 'accuracy' ? 'accuracy' : 'R²';
  const test = utility.testSource === 'holdout' ? 'the real holdout' : 'a seeded 30% of the real rows';
  return [
    '',
    `Utility (train on synthetic, test on real): predicting "${utility.target}" with ${utility.model}`,
    `  train on real        ${metric} ${fixed(utility.trainOnReal.score)}`,
    `  train on synthetic   ${metric} ${fixed(utility.trainOnSynthetic.score)}   ratio ${fixed(utility.ratio)}`,
    `  baseline             ${metric} ${fixed(utility.baseline)}   (${utility.task === 'classification' ? 'always the majority class' : 'always the training mean'})`,
    `  (${utility.rows.realTrain.toLocaleString('en')} training rows each, tested on ${utility.rows.test.toLocaleString('en')} rows of ${test})`,
  ];
}

function groupName(group: SegmentGroup): string {
  if (group.kind === 'other') return '(other)';
  if (group.kind === 'missing') return '(missing)';
  return group.label ?? '';
}

function segmentLines(segments: SegmentReport): string[] {
  if (segments.columns.length === 0) return [];
  const total = segments.columns.reduce((sum, column) => sum + column.groups.length, 0);
  const lines = [
    '',
    `Segments: ${segments.flagged} of ${total} groups flagged (column shapes more than ${segments.rule.minGap} below the whole table's at the same size)`,
  ];
  for (const column of segments.columns) {
    const flagged = column.groups.filter((group) => group.flagged);
    const detail = flagged
      .map((group) =>
        group.note === 'no-synthetic-rows'
          ? `${groupName(group)} (no synthetic rows)`
          : `${groupName(group)} ${fixed(group.columnShapes)} vs ${fixed(group.expected)}`,
      )
      .join('; ');
    lines.push(
      `  ${column.column}: ${flagged.length} of ${column.groups.length} flagged${detail ? `: ${detail}` : ''}`,
    );
  }
  return lines;
}

/**
 * A terminal summary of a validation report: both overall quality scores and what they mean, the
 * column shapes table with each column's missing-value similarity, the weakest column pairs, and,
 * for a full report, utility and the flagged segment groups. Holds column names, scores and names
 * of groups held by at least k real rows, never a row's values.
 */
export function formatQualityReport(report: ValidationReport | QualityReport): string {
  const quality = 'quality' in report ? report.quality : report;
  const lines: string[] = [];
  if ('rows' in report) {
    const { real, synthetic, realDroppedByConsent } = report.rows;
    const consent =
      realDroppedByConsent > 0
        ? ` (${realDroppedByConsent.toLocaleString('en')} without consent left out)`
        : '';
    lines.push(
      `validated ${synthetic.toLocaleString('en')} synthetic rows against ${real.toLocaleString('en')} real rows${consent}`,
    );
  }
  lines.push(...headline(quality));
  if (quality.pairsSubsampled) {
    lines.push(
      `  (pairs of categories and bins were scored on a seeded subsample of ${quality.subsampleRows?.toLocaleString('en')} rows per side)`,
    );
  }
  lines.push('', 'Column shapes');
  lines.push(
    ...table(
      ['column', 'kind', 'metric', 'score', 'missing-value similarity'],
      quality.columns.map((row) => [
        row.column,
        row.sdtype,
        row.metric,
        fixed(row.score),
        fixed(row.missingValueSimilarity),
      ]),
    ),
  );
  const weakest = quality.pairs
    .filter((pair) => pair.score !== null)
    .sort((a, b) => a.score! - b.score!)
    .slice(0, WEAKEST_PAIRS);
  if (weakest.length > 0) {
    lines.push('', `Weakest column pairs (${weakest.length} of ${quality.pairs.length})`);
    lines.push(
      ...table(
        ['pair', 'metric', 'score', 'real strength', 'counts in overall'],
        weakest.map((pair) => [
          `${pair.column1} × ${pair.column2}`,
          pair.metric,
          fixed(pair.score),
          strength(pair),
          pair.meetsThreshold ? 'yes' : 'all pairs only',
        ]),
      ),
    );
  }
  if ('rows' in report) {
    if (report.utility) lines.push(...utilityLines(report.utility));
    lines.push(...segmentLines(report.segments));
    if (report.rules && report.rules.length > 0) lines.push('', ...ruleAdherenceLines(report.rules));
  }
  return lines.join('\n');
}
