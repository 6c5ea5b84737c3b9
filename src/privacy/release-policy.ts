/**
 * A release policy: thresholds on the validation figures that decide whether a synthetic dataset may
 * go out. Plain JSON (schemas/policy.schema.json, generated from the zod definition below); doppel
 * ships a calibrated default in schemas/default-policy.json.
 */
import { z } from 'zod';
import { DoppelError } from '../errors.js';
import { readJsonFile } from '../io/read-input-file.js';
import { issuesFromZod } from '../schema/load-schema.js';

export const policySchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    rules: z
      .array(
        z
          .object({
            figure: z
              .string()
              .min(1)
              .describe('A figure of the report, e.g. dcrOverfittingProtection or quality.overallAllPairs.'),
            min: z.number().optional().describe('The figure must be at least this.'),
            max: z.number().optional().describe('The figure must be at most this.'),
            noise: z
              .number()
              .min(0)
              .max(4)
              .optional()
              .describe(
                'Allow the figure this many of its standard errors past the bound, for figures whose sampling noise the report gives (e.g. dcrOverfittingProtection); ignored for the others.',
              ),
            why: z.string().optional().describe('What the rule protects, shown when it fails.'),
          })
          .strict()
          .refine((rule) => rule.min !== undefined || rule.max !== undefined, {
            message: 'a rule needs min or max',
          }),
      )
      .min(1),
  })
  .strict();

export type ReleasePolicy = z.infer<typeof policySchema>;

export interface RuleResult {
  readonly figure: string;
  readonly value: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** How far past the bound the rule lets the figure go for its sampling noise (0 without `noise`). */
  readonly allowance: number;
  /**
   * A figure that could not be computed (e.g. no holdout given) fails: the gate cannot vouch for it.
   * A figure that does not apply to the dataset passes, with the reason in `notApplicable`.
   */
  readonly passed: boolean;
  readonly notApplicable: string | null;
  readonly why: string | null;
}

export interface PolicyVerdict {
  readonly policy: string;
  readonly passed: boolean;
  readonly rules: readonly RuleResult[];
}

/**
 * Checks every rule against the figures; `notApplicable` names figures that do not apply to the
 * dataset (with the reason), whose rules pass.
 */
export function evaluatePolicy(
  policy: ReleasePolicy,
  figures: Readonly<Record<string, number | null>>,
  notApplicable: Readonly<Record<string, string | undefined>> = {},
  standardErrors: Readonly<Record<string, number | undefined>> = {},
): PolicyVerdict {
  const rules = policy.rules.map((rule) => {
    const value = figures[rule.figure] ?? null;
    const inapplicable = value === null ? (notApplicable[rule.figure] ?? null) : null;
    const allowance = (rule.noise ?? 0) * (standardErrors[rule.figure] ?? 0);
    const passed =
      inapplicable !== null ||
      (value !== null &&
        Number.isFinite(value) &&
        (rule.min === undefined || value + allowance >= rule.min) &&
        (rule.max === undefined || value - allowance <= rule.max));
    return {
      figure: rule.figure,
      value,
      min: rule.min ?? null,
      max: rule.max ?? null,
      allowance,
      passed,
      notApplicable: inapplicable,
      why: rule.why ?? null,
    };
  });
  return { policy: policy.name, passed: rules.every((r) => r.passed), rules };
}

/**
 * Reads and checks a policy file; unknown figure names are refused so a typo cannot pass silently.
 * @throws DoppelError `file-not-found` or `invalid-schema`.
 */
export async function loadPolicy(path: string, knownFigures: readonly string[]): Promise<ReleasePolicy> {
  const json = await readJsonFile(path, 'policy file', 'invalid-schema');
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) {
    throw new DoppelError(
      'invalid-schema',
      `policy file ${path} is not a valid release policy`,
      issuesFromZod(parsed.error),
    );
  }
  const known = new Set(knownFigures);
  const unknown = parsed.data.rules.flatMap((rule, i) =>
    known.has(rule.figure)
      ? []
      : [
          {
            path: ['rules', i, 'figure'],
            message: `unknown figure "${rule.figure}"; known: ${knownFigures.join(', ')}`,
          },
        ],
  );
  if (unknown.length > 0)
    throw new DoppelError('invalid-schema', `policy file ${path} names unknown figures`, unknown);
  return parsed.data;
}

/** The verdict in words, one line per rule. */
export function formatVerdict(verdict: PolicyVerdict): string {
  const lines = [
    `Release policy "${verdict.policy}": ${verdict.passed ? 'PASSED' : 'FAILED: this release must not go out'}`,
  ];
  for (const rule of verdict.rules) {
    const bound = [rule.min === null ? null : `≥ ${rule.min}`, rule.max === null ? null : `≤ ${rule.max}`]
      .filter(Boolean)
      .join(' and ');
    const value =
      rule.value === null ? (rule.notApplicable === null ? 'not computed' : 'n/a') : rule.value.toFixed(4);
    const noise = rule.allowance > 0 ? ` (± ${rule.allowance.toFixed(3)} allowed for sampling noise)` : '';
    lines.push(
      `  ${rule.passed ? 'pass' : 'FAIL'}  ${rule.figure.padEnd(30)} ${value.padStart(12)}  needs ${bound}${noise}${rule.notApplicable === null ? '' : ` (not applicable: ${rule.notApplicable})`}${!rule.passed && rule.why ? `: ${rule.why}` : ''}`,
    );
  }
  return lines.join('\n');
}
