/**
 * Business rules a dataset schema declares: relations that hold on (nearly) every real row, which
 * `infer` proposes from the values, the user reviews, `fit` and `sample` keep by construction
 * (where `enforce` is on) and `validate` checks on real and synthetic rows.
 */
import { z } from 'zod';

const ruleBase = {
  support: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Rows the rule was checked on when `infer` proposed it (every one of them satisfied it).'),
  comment: z.string().optional().describe('Why the rule is there (written by `doppel infer`).'),
};

const bounds = z
  .object({ min: z.number(), max: z.number() })
  .describe('The interval the relation’s remainder stays in (from the data, rounded outward).');

export const productRuleSchema = z
  .object({
    kind: z.literal('product'),
    column: z.string().min(1).describe('The derived column c.'),
    factors: z.array(z.string().min(1)).length(2).describe('a and b: c ≈ a × b × ratio.'),
    ratio: bounds.describe('c / (a × b) stays in [min, max] where a × b ≠ 0.'),
    enforce: z
      .boolean()
      .optional()
      .describe('Fit the ratio instead of c and rebuild c when sampling (default true).'),
    ...ruleBase,
  })
  .strict();

export const linearRuleSchema = z
  .object({
    kind: z.literal('linear'),
    column: z.string().min(1).describe('The derived column c.'),
    terms: z
      .array(z.object({ column: z.string().min(1), coefficient: z.number() }).strict())
      .min(1)
      .max(2)
      .describe('c ≈ Σ coefficient × column + intercept + residual.'),
    intercept: z.number(),
    residual: bounds.describe('c − (Σ coefficient × column + intercept) stays in [min, max].'),
    enforce: z
      .boolean()
      .optional()
      .describe('Fit the residual instead of c and rebuild c when sampling (default true).'),
    ...ruleBase,
  })
  .strict();

export const orderRuleSchema = z
  .object({
    kind: z.literal('order'),
    lower: z.string().min(1),
    upper: z.string().min(1).describe('upper ≥ lower on every row where both are present.'),
    enforce: z
      .boolean()
      .optional()
      .describe('Raise upper to lower on the synthetic rows where it falls below (default true).'),
    ...ruleBase,
  })
  .strict();

const cell = z.object({ column: z.string().min(1), value: z.string() }).strict();

export const combinationRuleSchema = z
  .object({
    kind: z.literal('combination'),
    values: z
      .array(cell)
      .min(2)
      .describe('Values that occur all together or not at all (e.g. "no internet" in every service column).'),
    enforce: z
      .boolean()
      .optional()
      .describe(
        'Model the other columns where the value fixes them, and set them when sampling (default true).',
      ),
    ...ruleBase,
  })
  .strict();

export const zeroWhenRuleSchema = z
  .object({
    kind: z.literal('zero-when'),
    column: z.string().min(1).describe('A number column that is 0 exactly on the rows where …'),
    when: cell.describe('… this column holds this value (true/false for a yes/no column).'),
    enforce: z
      .boolean()
      .optional()
      .describe(
        'Model the other columns where the value fixes them, and set them when sampling (default true).',
      ),
    ...ruleBase,
  })
  .strict();

export const ruleSchema = z.discriminatedUnion('kind', [
  productRuleSchema,
  linearRuleSchema,
  orderRuleSchema,
  combinationRuleSchema,
  zeroWhenRuleSchema,
]);

export type Rule = z.infer<typeof ruleSchema>;
export type ProductRule = z.infer<typeof productRuleSchema>;
export type LinearRule = z.infer<typeof linearRuleSchema>;
export type OrderRule = z.infer<typeof orderRuleSchema>;
export type CombinationRule = z.infer<typeof combinationRuleSchema>;
export type ZeroWhenRule = z.infer<typeof zeroWhenRuleSchema>;
/** Rules that derive one column from others, and can be kept by construction. */
export type DerivingRule = ProductRule | LinearRule | OrderRule;

export function isDeriving(rule: Rule): rule is DerivingRule {
  return rule.kind === 'product' || rule.kind === 'linear' || rule.kind === 'order';
}

/** The column a deriving rule rebuilds. */
export function derivedColumn(rule: DerivingRule): string {
  return rule.kind === 'order' ? rule.upper : rule.column;
}

/** The columns a deriving rule rebuilds its column from. */
export function sourceColumns(rule: DerivingRule): string[] {
  switch (rule.kind) {
    case 'product':
      return [...rule.factors];
    case 'linear':
      return rule.terms.map((t) => t.column);
    case 'order':
      return [rule.lower];
  }
}

/** A rule in words, for reports (column names and the rule's own constants only). */
export function describeRule(rule: Rule): string {
  const n = (x: number) => String(Number(x.toPrecision(6)));
  switch (rule.kind) {
    case 'product':
      return `${rule.column} ≈ ${rule.factors[0]} × ${rule.factors[1]} (ratio ${n(rule.ratio.min)}–${n(rule.ratio.max)})`;
    case 'linear':
      return `${rule.column} ≈ ${rule.terms.map((t) => `${n(t.coefficient)} × ${t.column}`).join(' + ')} + ${n(rule.intercept)} (residual ${n(rule.residual.min)}–${n(rule.residual.max)})`;
    case 'order':
      return `${rule.lower} ≤ ${rule.upper}`;
    case 'combination':
      return `together or not at all: ${rule.values.map((v) => `${v.column} = ${v.value}`).join(', ')}`;
    case 'zero-when':
      return `${rule.column} = 0 exactly when ${rule.when.column} = ${rule.when.value}`;
  }
}
