/**
 * Business-rule adherence (SDMetrics' diagnostic style): for each rule of the schema, the share of
 * real and of synthetic rows that satisfy it, among the rows it applies to.
 */
import type { DatasetSchema } from '../schema/dataset-schema.js';
import type { PreparedTable } from '../schema/prepare-table.js';
import { ruleAdherence } from '../schema/rules/rule-adherence.js';
import { describeRule, type Rule } from '../schema/rules/rule-format.js';

export interface AdherenceShare {
  /** Rows the rule applies to (its columns present). */
  readonly rows: number;
  readonly satisfied: number;
  /** satisfied / rows; null when it applies to no row. */
  readonly share: number | null;
}

export interface RuleAdherenceEntry {
  readonly rule: Rule;
  /** The rule in words. */
  readonly description: string;
  readonly real: AdherenceShare | null;
  readonly synthetic: AdherenceShare | null;
}

function share(table: PreparedTable, rule: Rule): AdherenceShare | null {
  const adherence = ruleAdherence(table, rule);
  if (adherence === null) return null;
  return { ...adherence, share: adherence.rows === 0 ? null : adherence.satisfied / adherence.rows };
}

/** One entry per rule of the schema (none without rules). */
export function ruleAdherenceReport(
  schema: DatasetSchema,
  real: PreparedTable,
  synthetic: PreparedTable,
): RuleAdherenceEntry[] {
  return (schema.rules ?? []).map((rule) => ({
    rule,
    description: describeRule(rule),
    real: share(real, rule),
    synthetic: share(synthetic, rule),
  }));
}

/** Terminal lines: each rule with its real and synthetic shares. */
export function ruleAdherenceLines(entries: readonly RuleAdherenceEntry[]): string[] {
  if (entries.length === 0) return [];
  const percent = (s: AdherenceShare | null) => (s?.share == null ? 'n/a' : `${(100 * s.share).toFixed(2)}%`);
  return [
    `Business rules (share of rows that satisfy each, real / synthetic):`,
    ...entries.map(
      (e) => `  ${percent(e.real).padStart(7)} / ${percent(e.synthetic).padStart(7)}  ${e.description}`,
    ),
  ];
}
