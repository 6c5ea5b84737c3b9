/**
 * The terminal summary of a relational validation report: the release gate, the multi-table quality
 * and what each property means, relationships, histories, customer groups and privacy. Holds table
 * and column names, scores, and names of groups held by at least 20 real customers; never a row's values.
 */
import { formatPrivacyReport } from '../../privacy/format-privacy-report.js';
import type { CoherenceRow } from './coherence.js';
import type { RelationalValidationReport } from './validate-relational.js';

function percent(score: number | null | undefined): string {
  return score === null || score === undefined ? 'n/a' : `${(score * 100).toFixed(1)}%`;
}

function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? 'n/a' : value.toFixed(digits);
}

/** Left-aligned text columns, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

function coherenceCells(row: CoherenceRow): string[] {
  if (row.kind === 'categorical') {
    return [
      row.column,
      'same value as the previous event',
      fixed(row.realSameShare),
      fixed(row.syntheticSameShare),
      fixed(row.score),
    ];
  }
  return [row.column, 'lag-1 correlation', fixed(row.realLag1), fixed(row.syntheticLag1), fixed(row.score)];
}

function gateLines(report: RelationalValidationReport): string[] {
  if (!report.policy) return [];
  const failed = report.policy.rules.filter((rule) => !rule.passed);
  const lines = [
    `Release gate (${report.policy.policy}): ${report.policy.passed ? 'PASSED' : `FAILED (${failed.length} of ${report.policy.rules.length} rules)`}`,
  ];
  for (const rule of failed) {
    const requirement = [
      rule.min === null ? null : `≥ ${rule.min}`,
      rule.max === null ? null : `≤ ${rule.max}`,
    ]
      .filter(Boolean)
      .join(' and ');
    lines.push(
      `  ✗ ${rule.figure} = ${fixed(rule.value)} (needs ${requirement})${rule.why ? `: ${rule.why}` : ''}`,
    );
  }
  return [...lines, ''];
}

/** Renders the report for a terminal, in the order a reader decides: gate, quality, structure, histories, privacy. */
export function formatRelationalReport(report: RelationalValidationReport): string {
  const { quality } = report;
  const { correlation, association } = quality.thresholds;
  const lines = [
    ...gateLines(report),
    `validated related tables of ${report.dataset} (customers: ${report.rootTable})`,
    ...table(
      ['table', 'real rows', 'synthetic rows'],
      report.tables.map((t) => [
        t.table,
        t.realRows.toLocaleString('en'),
        t.syntheticRows.toLocaleString('en'),
      ]),
    ),
    '',
    'Fidelity (SDMetrics multi-table QualityReport; 100% = the synthetic tables look like the real ones)',
    `  overall             ${percent(quality.overall).padStart(6)}   shapes, pair trends, cardinality, intertable trends of related pairs (|r| > ${correlation} or V > ${association})`,
    `  overall, all pairs  ${percent(quality.overallAllPairs).padStart(6)}   every pair counting (SDMetrics < 0.27, SDGym)`,
    `  column shapes       ${percent(quality.columnShapes).padStart(6)}   each column of each table (KS / TV complement)`,
    `  column pair trends  ${percent(quality.pairTrends).padStart(6)}   pairs within a table; every pair: ${percent(quality.pairTrendsAllPairs)}`,
    `  cardinality         ${percent(quality.cardinality).padStart(6)}   children per parent (CardinalityShapeSimilarity)`,
    `  intertable trends   ${percent(quality.intertableTrends).padStart(6)}   parent column × child column across the join; every pair: ${percent(quality.intertableTrendsAllPairs)}`,
    ...(report.holdoutBaseline
      ? [
          `  real holdout        ${percent(report.holdoutBaseline.overallAllPairs).padStart(6)}   unseen real customers scored the same way (all pairs): the synthetic data reaches ${fixed(report.figures['quality.ofHoldout'])} of it`,
        ]
      : []),
    '',
    `Relationships (Relationship Validity ${percent(report.relationshipValidity)})`,
    ...table(
      ['relationship', 'referential integrity', 'cardinality bounds', 'shape', 'mean', 'median', 'std'],
      report.relationships.map((r) => [
        `${r.parentTable} → ${r.childTable} (${r.childForeignKey})`,
        fixed(r.referentialIntegrity),
        fixed(r.cardinalityBoundaryAdherence),
        fixed(r.cardinalityShapeSimilarity),
        fixed(r.cardinalityStatistics.mean.score),
        fixed(r.cardinalityStatistics.median.score),
        fixed(r.cardinalityStatistics.std.score),
      ]),
    ),
  ];
  for (const sequence of report.sequences) {
    const events = sequence.eventsPerParent;
    lines.push(
      '',
      `Histories: ${sequence.childTable} per ${sequence.parentTable} (${sequence.orderColumn === null ? 'in file order' : `ordered by ${sequence.orderColumn}`})`,
      `  events per ${sequence.parentTable}: mean ${fixed(events.real.mean, 2)} real, ${fixed(events.synthetic.mean, 2)} synthetic; median ${fixed(events.real.median, 1)} / ${fixed(events.synthetic.median, 1)}; max ${fixed(events.real.max, 0)} / ${fixed(events.synthetic.max, 0)}; KS complement ${fixed(events.score)}`,
    );
    if (sequence.gaps) {
      lines.push(
        `  gaps between events (${sequence.gaps.unit}): median ${fixed(sequence.gaps.realMedian, 2)} real, ${fixed(sequence.gaps.syntheticMedian, 2)} synthetic; KS complement ${fixed(sequence.gaps.score)}`,
      );
    }
    const persistence =
      report.holdoutBaseline?.persistence.filter((p) => p.childTable === sequence.childTable) ?? [];
    for (const p of persistence) {
      lines.push(
        `  ${p.column}: same value as the previous event in ${fixed(p.holdout)} of the real holdout's consecutive events, ${fixed(p.synthetic)} of the synthetic ones`,
      );
    }
    lines.push(
      `  consecutive-event coherence ${fixed(sequence.coherenceScore)}`,
      ...table(['column', 'measure', 'real', 'synthetic', 'score'], sequence.coherence.map(coherenceCells)),
    );
  }
  const groups = report.segments.flatMap((segment) =>
    segment.groups.flatMap((group) =>
      group.histories.map((h) => ({ segment: segment.column, group: group.value, ...h })),
    ),
  );
  if (groups.length > 0) {
    const flagged = groups.filter((g) => g.flagged);
    lines.push(
      '',
      `Customer groups: ${flagged.length} of ${groups.length} flagged (events per customer differ beyond the KS test's 5% critical value, or no synthetic customer)`,
    );
    for (const g of flagged) {
      lines.push(
        `  ${g.segment} = ${g.group}, ${g.childTable}: mean events ${fixed(g.realMeanEvents, 2)} real, ${fixed(g.syntheticMeanEvents, 2)} synthetic (KS complement ${fixed(g.eventsScore)})`,
      );
    }
  }
  if (report.privacy) {
    lines.push(
      '',
      `Privacy of whole histories: one vector per ${report.privacy.rootTable} row (${report.privacy.vectorColumns.length} columns: own columns, events, means and shares of each child table)`,
      formatPrivacyReport(report.privacy.privacy),
      `  fresh real customers (half the holdout scored as if synthetic): DCR overfitting protection ${fixed(report.privacy.freshDcrOverfittingProtection)}; shortfall of the synthetic customers ${fixed(report.figures['dcrOverfittingProtectionShortfall'])}`,
    );
  } else {
    lines.push('', 'Privacy: not measured (needs a holdout of real customers the generator never saw)');
  }
  return lines.join('\n');
}
