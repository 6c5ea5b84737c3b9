/**
 * The privacy roles of a column, which values cannot show: whether it is a quasi-identifier, a
 * sensitive attribute, or a demographic to report fidelity for per group. They come from the
 * column's name and kind, and are starting points for a person to review.
 */
import type { ColumnSpec, PersonalType } from './dataset-schema.js';
import { type NameWords, nameWordIn } from './detect/column-name.js';
import { QUASI_IDENTIFIER_WORDS, SENSITIVE_WORDS } from './detect/name-hints.js';
import { type ColumnProfile, distinctCount } from './infer-profile.js';

export interface RoleFlags {
  readonly quasiIdentifier?: true;
  readonly sensitive?: true;
  readonly segment?: true;
}

export interface RoleDecision {
  readonly flags: RoleFlags;
  readonly reasons: readonly string[];
}

/** Personal fields that are also quasi-identifiers (an attacker can know them); names and emails identify directly. */
const QUASI_IDENTIFYING_PERSONAL: ReadonlySet<PersonalType> = new Set([
  'postcode',
  'city',
  'date-of-birth',
  'address',
  'street',
]);

/** Sensitive attributes that are also demographics, so fairness reporting splits by them. */
const DEMOGRAPHIC_SENSITIVE_WORDS = new Set([
  'race',
  'ethnicity',
  'ethnic',
  'religion',
  'religious',
  'disability',
  'disabled',
]);

/** More groups than this make per-group reports too thin to read. */
const MAX_SEGMENT_GROUPS = 12;

const quoted = (word: string) => `("${word}")`;

/**
 * Quasi-identifier, sensitive and segment flags for one column, with reasons.
 * @example inferRoles({ name: 'female', kind: 'boolean' }, profile, nameWords('female')).flags
 * // { quasiIdentifier: true, segment: true }
 */
export function inferRoles(spec: ColumnSpec, profile: ColumnProfile, name: NameWords): RoleDecision {
  if (spec.kind === 'identifier' || spec.kind === 'text') return { flags: {}, reasons: [] };
  const reasons: string[] = [];
  const flags: { quasiIdentifier?: true; sensitive?: true; segment?: true } = {};
  const qiWord = nameWordIn(name, QUASI_IDENTIFIER_WORDS);
  if (spec.kind === 'personal') {
    if (QUASI_IDENTIFYING_PERSONAL.has(spec.personal)) {
      flags.quasiIdentifier = true;
      reasons.push(
        'Quasi-identifier: others can know where someone lives or when they were born; here it is faked, so it cannot link a synthetic row to a person.',
      );
    }
    return { flags, reasons };
  }
  if (qiWord !== undefined) {
    flags.quasiIdentifier = true;
    reasons.push(
      `Quasi-identifier: the name ${quoted(qiWord)} suggests an attribute others may know (age, gender, place, family, education or job); combined with similar columns it could single someone out.`,
    );
  }
  const sensitiveWord = nameWordIn(name, SENSITIVE_WORDS);
  if (sensitiveWord !== undefined) {
    flags.sensitive = true;
    reasons.push(
      `Sensitive: the name ${quoted(sensitiveWord)} suggests something a privacy attack must not be able to infer (finances, health, beliefs, or a private outcome).`,
    );
  }
  const groups = distinctCount(profile);
  const demographic = qiWord !== undefined || nameWordIn(name, DEMOGRAPHIC_SENSITIVE_WORDS) !== undefined;
  if (
    demographic &&
    (spec.kind === 'categorical' || spec.kind === 'boolean') &&
    groups >= 2 &&
    groups <= MAX_SEGMENT_GROUPS
  ) {
    flags.segment = true;
    reasons.push(`Segment: a demographic with ${groups} groups, so fidelity is also reported per group.`);
  }
  return { flags, reasons };
}
