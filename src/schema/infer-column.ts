/**
 * The kind of one column, decided from its profile (values first, name second) with a plain-words
 * reason. Order matters: personal content, then booleans, then keys, then dates, then numbers and
 * labels; each step is explained where it is taken.
 */

import { numericDateOrder } from '../io/numeric-dates.js';
import type { ColumnSpec, PersonalType } from './dataset-schema.js';
import { type NameWords, nameWordIn } from './detect/column-name.js';
import { isIdentifierName } from './detect/identifier-name.js';
import { looksLikeIntegerCodes, MAX_CODE_VALUES } from './detect/integer-codes.js';
import { isoTemporalForm } from './detect/iso-datetime.js';
import { CODE_WORDS, COUNT_WORDS, TIME_WORDS } from './detect/name-hints.js';
import { orderedCategories } from './detect/ordinal-scale.js';
import { isUuid } from './detect/uuid.js';
import { count, percent } from './infer-comment.js';
import { freeTextReason } from './infer-free-text.js';
import { detectPersonal } from './infer-personal.js';
import { type ColumnProfile, distinctCount } from './infer-profile.js';

/** A column whose every value differs is a key (or free text) only when there are enough rows to tell. */
const MIN_ROWS_FOR_UNIQUE = 20;
/** The privacy rule's default k (dataset-schema.ts `privacy.minCount`): fit needs this many present values. */
const DEFAULT_MIN_COUNT = 5;
/** Integer codes named as codes (`region`, `choice`) may have gaps, but are still few. */
const MAX_NAMED_CODE_VALUES = 30;

/** Text spellings of true/false (sorted) that become booleans. Yes/no labels stay categorical (see textKind). */
const TRUE_FALSE_PAIRS = new Set(['false/true', 'f/t']);

/**
 * Personal types that work as a person's key (a login email, a card, an account, a line), so that
 * all-distinct real values ask for all-distinct fakes. Names, streets and postcodes are shared by
 * different people, so they are never asked to be unique.
 */
const KEY_LIKE_PERSONAL: ReadonlySet<PersonalType> = new Set(['email', 'card-number', 'iban', 'phone']);

export interface KindDecision {
  readonly spec: ColumnSpec;
  /** Sentences explaining the kind, in order. */
  readonly reasons: readonly string[];
}

const quoted = (word: string | undefined) => (word === undefined ? '' : ` ("${word}")`);

function decision(spec: ColumnSpec, ...reasons: string[]): KindDecision {
  return { spec, reasons };
}

function allMissing(profile: ColumnProfile): KindDecision {
  const { name, rows } = profile;
  const reason = `All ${rows} values are missing: there is nothing to learn from this column; remove it before fitting (fit refuses a column with fewer present values than privacy.minCount).`;
  switch (profile.storage) {
    case 'boolean':
      return decision({ name, kind: 'boolean' }, reason);
    case 'number':
      return decision({ name, kind: 'numeric' }, reason);
    case 'date':
    case 'timestamp':
      return decision({ name, kind: 'datetime', unit: profile.storage }, reason);
    case 'text':
      return decision({ name, kind: 'categorical' }, reason);
  }
}

function keyGenerator(profile: ColumnProfile): 'uuid' | 'sequence' {
  if (profile.storage !== 'text' || profile.texts.size === 0) return 'sequence';
  for (const value of profile.texts.keys()) if (!isUuid(value.trim())) return 'sequence';
  return 'uuid';
}

function identifierByName(profile: ColumnProfile): KindDecision {
  const distinct = distinctCount(profile);
  const generator = keyGenerator(profile);
  const spread =
    distinct === profile.present
      ? `every one of its ${profile.present} values is distinct.`
      : `it has ${distinct} distinct values over ${profile.present} rows, so keys repeat: it refers to rows of another table (such as a household or customer), and that one-to-many link is not reproduced.`;
  return decision(
    { name: profile.name, kind: 'identifier', generator },
    `Identifier: the name says it is a key, and ${spread}`,
    `Never modelled: synthetic rows get fresh ${generator === 'uuid' ? 'UUIDs' : 'sequence numbers'}.`,
  );
}

/**
 * Whether values are spread as keys are, so that a key-like name may decide: more distinct values
 * than √(present rows). A key of this table is all distinct; a key of a parent table (a household
 * in a purchases table) repeats a few times per value; a column with few values each repeated many
 * times (10 values over 3,500 rows) is a count or a category whatever its name says.
 * @example keyLikeSpread(profile of 10 distinct values over 3,500 rows) // false (√3,500 ≈ 59)
 */
function keyLikeSpread(profile: ColumnProfile): boolean {
  return distinctCount(profile) > Math.sqrt(profile.present);
}

function booleanFromNumbers(profile: ColumnProfile): boolean {
  return profile.numbers.size === 2 && profile.numbers.has(0) && profile.numbers.has(1);
}

function booleanFromText(profile: ColumnProfile): boolean {
  const words = [...profile.texts.keys()].map((v) => v.trim().toLowerCase()).sort();
  return TRUE_FALSE_PAIRS.has(words.join('/'));
}

function textKind(profile: ColumnProfile): KindDecision {
  const { name, present } = profile;
  const distinct = profile.texts.size;
  const forms = new Set<'date' | 'timestamp' | undefined>();
  for (const value of profile.texts.keys()) {
    forms.add(isoTemporalForm(value.trim()));
    if (forms.has(undefined)) break;
  }
  if (!forms.has(undefined)) {
    const unit = forms.has('timestamp') ? 'timestamp' : 'date';
    return decision(
      { name, kind: 'datetime', unit },
      unit === 'date'
        ? `Datetime (date): all ${present} present values are ISO 8601 calendar dates.`
        : `Datetime (timestamp): all ${present} present values are ISO 8601 dates with a time of day.`,
    );
  }
  if (distinct === present && present >= MIN_ROWS_FOR_UNIQUE) {
    const generator = keyGenerator(profile);
    return decision(
      { name, kind: 'identifier', generator },
      `Identifier: every one of the ${present} values is distinct${generator === 'uuid' ? ' and a UUID' : ''}, as in a key or free text; no category would be seen twice, so there is nothing to model.`,
      `Never modelled: synthetic rows get fresh ${generator === 'uuid' ? 'UUIDs' : 'sequence numbers'}.`,
    );
  }
  if (numericDateOrder([...profile.texts.keys()].map((value) => value.trim())) === 'ambiguous') {
    return decision(
      { name, kind: 'categorical' },
      `Categorical, though the values are dates: every one could be day/month or month/day (no first or second field exceeds 12), so they are not read as dates. Rewrite them as ISO 8601 (YYYY-MM-DD) to model them as dates.`,
    );
  }
  const ordered = orderedCategories([...profile.texts.keys()]);
  if (ordered) {
    return decision(
      { name, kind: 'categorical', ordered: true, categories: ordered },
      `Categorical, ordered: the ${distinct} labels all belong to a known ordered scale, listed in its order.`,
    );
  }
  if (distinct === 2) {
    // Two-valued labels such as yes/no stay categorical: a boolean column is written out as
    // true/false, so only data that already says true/false (or 0/1) becomes boolean, and synthetic
    // data keeps the real data's own labels.
    return decision(
      { name, kind: 'categorical' },
      `Categorical: 2 distinct labels. Not boolean, because only true/false text and 0/1 numbers become booleans; this keeps the data's own labels in the output.`,
    );
  }
  let rareRows = 0;
  for (const c of profile.texts.values()) if (c < 5) rareRows += c;
  const rare =
    rareRows > 0
      ? ` ${percent(rareRows / present)} of rows hold a label seen fewer than 5 times; such rare labels are merged or dropped by the privacy rule.`
      : '';
  return decision({ name, kind: 'categorical' }, `Categorical: ${count(distinct, 'distinct label')}.${rare}`);
}

function freeText(profile: ColumnProfile): KindDecision | undefined {
  const reason = freeTextReason(profile);
  if (reason === undefined) return undefined;
  return decision(
    { name: profile.name, kind: 'text' },
    reason,
    'Never modelled and never read into the model: synthetic rows get placeholder sentences. Use kind "categorical" only for a column of fixed labels.',
  );
}

/** Plausible Unix epoch seconds (2001-09 to 2096) or milliseconds over the same span. */
function epochUnit(profile: ColumnProfile): 'seconds' | 'milliseconds' | undefined {
  const values = [...profile.numbers.keys()];
  if (values.every((x) => x >= 1e9 && x < 4e9)) return 'seconds';
  if (values.every((x) => x >= 1e12 && x < 4e12)) return 'milliseconds';
  return undefined;
}

function isConsecutiveRun(values: readonly number[]): boolean {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.at(-1)! - sorted[0]! === sorted.length - 1;
}

function numberKind(profile: ColumnProfile, name: NameWords): KindDecision {
  const { present } = profile;
  const distinct = profile.numbers.size;
  const values = [...profile.numbers.keys()];
  const integral = values.every(Number.isInteger);
  const timeWord = nameWordIn(name, TIME_WORDS);
  const epoch = timeWord === undefined ? undefined : epochUnit(profile);
  if (epoch) {
    return decision(
      { name: profile.name, kind: 'datetime', unit: 'timestamp' },
      `Datetime (timestamp): every value lies in the range of Unix epoch ${epoch} and the name suggests a time${quoted(timeWord)}.`,
    );
  }
  if (!integral) {
    return decision(
      { name: profile.name, kind: 'numeric' },
      `Numeric: ${count(distinct, 'distinct value')}, some with decimals; their observed precision is kept.`,
    );
  }
  if (distinct === present && present >= MIN_ROWS_FOR_UNIQUE) {
    const digits = new Set(values.map((v) => Math.abs(v).toFixed(0).length));
    const reason = isConsecutiveRun(values)
      ? `every one of the ${present} values is distinct and together they are a run of consecutive whole numbers, like a row number`
      : digits.size === 1 && [...digits][0]! >= 6
        ? `every one of the ${present} values is distinct and they all have the same number of digits (6 or more), like account or customer numbers`
        : undefined;
    if (reason) {
      return decision(
        { name: profile.name, kind: 'identifier', generator: 'sequence' },
        `Identifier: ${reason}.`,
        'Never modelled: synthetic rows get fresh sequence numbers.',
      );
    }
  }
  const head = `all ${present} present values are whole numbers, ${count(distinct, 'distinct value')}`;
  const codeWord = nameWordIn(name, CODE_WORDS);
  const countWord = nameWordIn(name, COUNT_WORDS);
  const codeShape = looksLikeIntegerCodes(profile.numbers);
  if (
    codeWord !== undefined &&
    countWord === undefined &&
    distinct <= MAX_NAMED_CODE_VALUES &&
    distinct > 2
  ) {
    return decision(
      { name: profile.name, kind: 'categorical' },
      `Categorical: ${head}, and the name says they are codes${quoted(codeWord)}${codeShape ? '; their frequencies also jump between separate peaks, as codes do and counts do not' : ''}.`,
      'Each code is modelled as a category with its own frequency, not as an amount.',
    );
  }
  if (codeShape && countWord === undefined) {
    return decision(
      { name: profile.name, kind: 'categorical' },
      `Categorical: ${head} forming a consecutive run whose frequencies jump between separate peaks, which is how codes look (a count rises to one peak and falls away).`,
      'Each code is modelled as a category with its own frequency, not as an amount.',
    );
  }
  const why =
    countWord !== undefined
      ? ` The name suggests a count or measure${quoted(countWord)}.`
      : distinct > MAX_CODE_VALUES
        ? ' Too many distinct values to be category codes.'
        : ' Their frequencies have a single peak, like a count, so they are not taken for codes.';
  return decision(
    { name: profile.name, kind: 'integer' },
    `Integer: ${head}; sampled values are whole numbers too, with exact frequencies where values are few.${why}`,
  );
}

/**
 * The kind (and kind options) of one column, with the reasons in plain words.
 * @example inferColumnKind(profileColumn('tenure', table.getChild('tenure')!), nameWords('tenure')).spec
 * // { name: 'tenure', kind: 'integer' }
 */
export function inferColumnKind(profile: ColumnProfile, name: NameWords): KindDecision {
  const decided = decideKind(profile, name);
  if (
    decided.spec.kind === 'personal' ||
    decided.spec.kind === 'identifier' ||
    decided.spec.kind === 'text' ||
    profile.present === 0
  ) {
    return decided;
  }
  const notes: string[] = [];
  if (profile.present < DEFAULT_MIN_COUNT) {
    notes.push(
      `Only ${count(profile.present, 'value is', 'values are')} present, fewer than the ${DEFAULT_MIN_COUNT} customers the privacy rule needs: remove it before fitting, or lower privacy.minCount.`,
    );
  }
  if (distinctCount(profile) === 1) {
    notes.push('Only one distinct value occurs: the column carries no information; consider removing it.');
  }
  return { spec: decided.spec, reasons: [...decided.reasons, ...notes] };
}

function decideKind(profile: ColumnProfile, name: NameWords): KindDecision {
  if (profile.present === 0) return allMissing(profile);
  const personal = detectPersonal(profile, name);
  if (personal) {
    const unique =
      KEY_LIKE_PERSONAL.has(personal.personal) &&
      distinctCount(profile) === profile.present &&
      profile.present > 1;
    return decision(
      {
        name: profile.name,
        kind: 'personal',
        personal: personal.personal,
        ...(unique ? { unique: true } : {}),
      },
      `Personal field (${personal.personal}): ${percent(personal.share)} of the present values are ${personal.evidence}${personal.named ? ', and the name agrees' : ''}.`,
      `Never modelled: synthetic rows get fake values of this type${unique ? ', all distinct as in the real data' : ''}.`,
    );
  }
  switch (profile.storage) {
    case 'boolean':
      return decision(
        { name: profile.name, kind: 'boolean' },
        `Boolean: stored as true/false, ${count(profile.texts.size, 'distinct value')}.`,
      );
    case 'date':
    case 'timestamp':
      return decision(
        { name: profile.name, kind: 'datetime', unit: profile.storage },
        `Datetime (${profile.storage}): stored as ${profile.storage === 'date' ? 'calendar dates' : 'timestamps'}.`,
      );
    case 'number':
      if (booleanFromNumbers(profile)) {
        return decision(
          { name: profile.name, kind: 'boolean' },
          'Boolean: a 0/1 flag (no other values occur).',
        );
      }
      if (isIdentifierName(name) && keyLikeSpread(profile)) return identifierByName(profile);
      return numberKind(profile, name);
    case 'text':
      if (booleanFromText(profile)) {
        return decision({ name: profile.name, kind: 'boolean' }, 'Boolean: the values spell true/false.');
      }
      return (
        freeText(profile) ??
        (isIdentifierName(name) && keyLikeSpread(profile) ? identifierByName(profile) : textKind(profile))
      );
  }
}
