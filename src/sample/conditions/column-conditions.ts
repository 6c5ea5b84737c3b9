/**
 * A parsed condition resolved against a model: per column, what its values may be. Terms on one
 * column intersect. A value term (=, in, a range) also requires the value to be present, as in SQL,
 * where a comparison with null is never true.
 */
import { DoppelError } from '../../errors.js';
import type { ColumnModel, Model } from '../../model/model-format.js';
import { type Condition, type ConditionTerm, type ConditionValue, termText } from './parse-where.js';

/** An interval of a numeric, integer or datetime column, in model units (epoch ms for dates). */
export interface ValueRange {
  readonly low: number;
  readonly lowInclusive: boolean;
  readonly high: number;
  readonly highInclusive: boolean;
}

export interface ColumnCondition {
  readonly column: string;
  /** Allowed categories (model dictionary labels), or allowed booleans as 'true' / 'false'; null: any. */
  readonly allowed: ReadonlySet<string> | null;
  /** Allowed range of a numeric, integer or datetime column; null: any. */
  readonly range: ValueRange | null;
  /** 'null': must be missing; 'present': must have a value; null: either. */
  readonly missing: 'null' | 'present' | null;
  /** The terms on this column as the user wrote them, for messages. */
  readonly text: string;
}

/** The error for a condition the model cannot meet; names the condition, never a stored statistic. */
export function unmeetable(condition: string, why: string): DoppelError {
  return new DoppelError('usage', `the condition ${condition} cannot be met: ${why}`, [
    { path: ['where'], message: condition },
  ]);
}

function usage(message: string): DoppelError {
  return new DoppelError('usage', message, [{ path: ['where'], message }]);
}

function booleanOf(value: ConditionValue, term: string): string {
  if (value === true || value === 1 || value === 'true') return 'true';
  if (value === false || value === 0 || value === 'false') return 'false';
  throw usage(`${term}: a yes/no column takes true or false`);
}

function numberOf(column: ColumnModel, value: ConditionValue, term: string): number {
  if (column.kind === 'datetime') {
    const ms =
      typeof value === 'string'
        ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
        : Number.NaN;
    if (!Number.isFinite(ms)) throw usage(`${term}: a date column takes dates like '2024-01-31'`);
    return ms;
  }
  if (typeof value !== 'number')
    throw usage(`${term}: ${column.name} is a number column; write the value without quotes`);
  return value;
}

interface Draft {
  allowed: Set<string> | null;
  range: { low: number; lowInclusive: boolean; high: number; highInclusive: boolean } | null;
  missing: 'null' | 'present' | null;
  texts: string[];
}

function applyTerm(column: ColumnModel, draft: Draft, term: ConditionTerm): void {
  const text = termText(term);
  draft.texts.push(text);
  if (term.kind === 'null') {
    const want = term.negated ? 'present' : 'null';
    if (draft.missing !== null && draft.missing !== want)
      throw unmeetable(draft.texts.join(' and '), 'a value cannot be both missing and present');
    draft.missing = want;
    return;
  }
  if (draft.missing === 'null')
    throw unmeetable(draft.texts.join(' and '), 'a value cannot be both missing and present');
  draft.missing = 'present';
  if (term.kind === 'in') {
    let labels: string[];
    let universe: readonly string[];
    if (column.kind === 'categorical') {
      labels = term.values.map((v) => String(v));
      universe = column.categories;
      for (const label of labels) {
        if (!term.negated && !column.categories.includes(label)) {
          // One message for a category that never occurred and one the k rule suppressed: which of
          // the two it is would itself disclose something about the real rows.
          throw unmeetable(
            text,
            `the model holds no category '${label}' for ${column.name} (categories held by fewer than k customers are never stored); it holds: ${column.categories.join(', ')}`,
          );
        }
      }
    } else if (column.kind === 'boolean') {
      labels = term.values.map((v) => booleanOf(v, text));
      universe = ['false', 'true'];
    } else if (column.kind === 'numeric' || column.kind === 'integer' || column.kind === 'datetime') {
      if (term.negated)
        throw usage(
          `${text}: != and not in apply to categories and yes/no columns; use < or > on ${column.name}`,
        );
      if (term.values.length !== 1)
        throw usage(
          `${text}: in (…) applies to categories and yes/no columns; use between on ${column.name}`,
        );
      const x = numberOf(column, term.values[0] as ConditionValue, text);
      intersectRange(draft, { low: x, lowInclusive: true, high: x, highInclusive: true });
      return;
    } else {
      throw usage(`${text}: ${column.name} is not modelled`);
    }
    const set = new Set(term.negated ? universe.filter((u) => !labels.includes(u)) : labels);
    draft.allowed = draft.allowed === null ? set : new Set([...draft.allowed].filter((a) => set.has(a)));
    return;
  }
  if (column.kind !== 'numeric' && column.kind !== 'integer' && column.kind !== 'datetime') {
    throw usage(`${text}: ranges apply to number and date columns; ${column.name} takes = or in (…)`);
  }
  intersectRange(draft, {
    low: term.low === null ? Number.NEGATIVE_INFINITY : numberOf(column, term.low, text),
    lowInclusive: term.low === null ? false : term.lowInclusive,
    high: term.high === null ? Number.POSITIVE_INFINITY : numberOf(column, term.high, text),
    highInclusive: term.high === null ? false : term.highInclusive,
  });
}

function intersectRange(draft: Draft, range: ValueRange): void {
  const r = draft.range;
  if (r === null) {
    draft.range = { ...range };
    return;
  }
  if (range.low > r.low || (range.low === r.low && !range.lowInclusive)) {
    r.low = range.low;
    r.lowInclusive = range.lowInclusive;
  }
  if (range.high < r.high || (range.high === r.high && !range.highInclusive)) {
    r.high = range.high;
    r.highInclusive = range.highInclusive;
  }
}

/**
 * Resolves a condition against the model's columns.
 * @throws DoppelError `usage` for an unknown or generated column, a value of the wrong type, or a
 * condition no value can satisfy (a category the model does not hold, an empty range).
 */
export function resolveCondition(model: Model, condition: Condition): ColumnCondition[] {
  const byName = new Map(model.columns.map((column) => [column.name, column]));
  const drafts = new Map<string, Draft>();
  for (const term of condition.terms.flatMap((t) => throughFixedCells(model, t))) {
    const column = byName.get(term.column);
    if (column === undefined) {
      throw usage(
        `--where names ${term.column}, which is not a column of the model (columns: ${model.columns.map((c) => c.name).join(', ')})`,
      );
    }
    if (column.kind === 'identifier' || column.kind === 'personal') {
      throw usage(
        `--where names ${term.column}, which is generated fresh for every row, not modelled; conditions apply to modelled columns`,
      );
    }
    const derivedBy = model.derived?.find(
      (d) => d.column === term.column && d.kind !== 'combination' && d.kind !== 'zero-when',
    );
    if (derivedBy !== undefined) {
      throw usage(
        `--where names ${term.column}, which a business rule rebuilds from ${rebuiltFrom(derivedBy)}; condition on those columns instead`,
      );
    }
    let draft = drafts.get(term.column);
    if (draft === undefined) {
      draft = { allowed: null, range: null, missing: null, texts: [] };
      drafts.set(term.column, draft);
    }
    applyTerm(column, draft, term);
  }
  return [...drafts].map(([column, draft]) => {
    const text = draft.texts.join(' and ');
    if (draft.allowed !== null && draft.allowed.size === 0)
      throw unmeetable(text, 'no value satisfies every term');
    const r = draft.range;
    if (r !== null && (r.low > r.high || (r.low === r.high && !(r.lowInclusive && r.highInclusive)))) {
      throw unmeetable(text, 'the range is empty');
    }
    return { column, allowed: draft.allowed, range: r, missing: draft.missing, text };
  });
}

/** The columns a business rule rebuilds a column from, for messages. */
function rebuiltFrom(derived: NonNullable<Model['derived']>[number]): string {
  switch (derived.kind) {
    case 'product':
      return derived.factors.join(' and ');
    case 'linear':
      return derived.terms.map((t) => t.column).join(' and ');
    case 'order':
      return derived.lower;
    case 'combination':
    case 'zero-when':
      return derived.when.column;
  }
}

/**
 * A term on a column that a combination or zero-when rule fixes, as terms the sampler can meet: the
 * fixed value alone is its leader's value (`multiple_lines = 'No phone service'` is
 * `phone_service = false`), values without it also exclude the leader's value (the rule would
 * overwrite them there). A term allowing the fixed value and others is refused: it is no single
 * interval of the copula's scores.
 * @throws DoppelError `usage` for such a term.
 */
function throughFixedCells(model: Model, term: ConditionTerm): ConditionTerm[] {
  const rule = model.derived?.find((d) => d.column === term.column);
  if (rule === undefined || (rule.kind !== 'combination' && rule.kind !== 'zero-when')) return [term];
  const leader = model.columns.find((c) => c.name === rule.when.column);
  const leaderValue: ConditionValue =
    leader?.kind === 'boolean' ? rule.when.value === 'true' : rule.when.value;
  const onLeader = (negated: boolean): ConditionTerm => ({
    kind: 'in',
    column: rule.when.column,
    values: [leaderValue],
    negated,
  });
  if (term.kind === 'null') return term.negated ? [term] : [term, onLeader(true)];
  // Which values the term allows: only the fixed one, none of it, or a mix.
  let fixedOnly: boolean;
  let withoutFixed: boolean;
  if (rule.kind === 'combination') {
    const column = model.columns.find((c) => c.name === rule.column);
    const universe =
      column?.kind === 'categorical'
        ? column.categories
        : column?.kind === 'boolean'
          ? ['false', 'true']
          : [];
    const named = term.kind === 'in' ? term.values.map((v) => String(v)) : [];
    const allowed = term.kind === 'in' && term.negated ? universe.filter((u) => !named.includes(u)) : named;
    fixedOnly = allowed.length > 0 && allowed.every((v) => v === rule.value);
    withoutFixed = !allowed.includes(rule.value);
  } else {
    const values = term.kind === 'in' ? term.values.map(Number) : [];
    const holdsZero =
      term.kind === 'in'
        ? values.includes(0) !== term.negated
        : (term.low === null || Number(term.low) < 0 || (Number(term.low) === 0 && term.lowInclusive)) &&
          (term.high === null || Number(term.high) > 0 || (Number(term.high) === 0 && term.highInclusive));
    fixedOnly =
      term.kind === 'in'
        ? !term.negated && values.every((v) => v === 0)
        : Number(term.low) === 0 && Number(term.high) === 0 && holdsZero;
    withoutFixed = !holdsZero;
  }
  if (fixedOnly) return [onLeader(false)];
  if (withoutFixed) return [term, onLeader(true)];
  throw usage(
    `--where ${termText(term)}: ${rule.column} is ${rule.kind === 'combination' ? `'${rule.value}'` : '0'} exactly when ${rule.when.column} is '${rule.when.value}' (a business rule), so a condition must take that value alone or leave it out; sample the two parts with --where-file`,
  );
}
