/**
 * The `--where` language: a conjunction of comparisons on columns, as in SQL's WHERE clause.
 *
 *   churn = 'Yes' and internet_service in ('DSL', 'Fiber optic') and tenure between 1 and 12
 *   monthly_charges >= 70.5 and start_date < '2020-01-01' and total_charges is not null
 *
 * Columns are bare words or "double-quoted" (for names with spaces); values are 'single-quoted'
 * strings ('' escapes a quote), numbers, true or false. Operators: = != <> < <= > >= in, not in,
 * between … and …, is null, is not null. Only `and` joins terms: every row must satisfy each term.
 * Hand-written rather than an SQL parser library because the grammar is this small and a full
 * SQL parser (several MB) would accept much that conditioning cannot mean (or, joins, functions).
 */
import { DoppelError } from '../../errors.js';

export type ConditionValue = string | number | boolean;

/** One term of a condition, as written (resolved against a model later). */
export type ConditionTerm =
  | {
      readonly kind: 'in';
      readonly column: string;
      readonly values: readonly ConditionValue[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'range';
      readonly column: string;
      readonly low: ConditionValue | null;
      readonly lowInclusive: boolean;
      readonly high: ConditionValue | null;
      readonly highInclusive: boolean;
    }
  | { readonly kind: 'null'; readonly column: string; readonly negated: boolean };

/** A parsed condition: its terms and the text it came from (for messages). */
export interface Condition {
  readonly text: string;
  readonly terms: readonly ConditionTerm[];
}

type Token =
  | { readonly type: 'word'; readonly text: string; readonly at: number }
  | { readonly type: 'name'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly text: string; readonly at: number }
  | { readonly type: 'number'; readonly value: number; readonly at: number }
  | { readonly type: 'symbol'; readonly text: string; readonly at: number };

function syntaxError(text: string, at: number, expected: string): DoppelError {
  return new DoppelError(
    'usage',
    `--where "${text}": expected ${expected} at character ${at + 1}; write terms like column = 'value', column in ('a', 'b'), column between 1 and 9, column is null, joined by and`,
  );
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (c === "'" || c === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw syntaxError(text, at, `a closing ${c}`);
        if (text[i] === c) {
          if (text[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ type: c === "'" ? 'string' : 'name', text: value, at });
      continue;
    }
    const number = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(text.slice(i));
    if (number && (c !== '-' && c !== '+' ? true : tokens.at(-1)?.type !== 'number')) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      i += number[0].length;
      continue;
    }
    const word = /^[\p{L}_][\p{L}\p{N}_.$]*/u.exec(text.slice(i));
    if (word) {
      tokens.push({ type: 'word', text: word[0], at });
      i += word[0].length;
      continue;
    }
    const symbol = /^(<=|>=|<>|!=|=|<|>|\(|\)|,)/.exec(text.slice(i));
    if (symbol) {
      tokens.push({ type: 'symbol', text: symbol[0], at });
      i += symbol[0].length;
      continue;
    }
    throw syntaxError(text, at, 'a column, a value or an operator');
  }
  return tokens;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'between', 'true', 'false']);

function isKeyword(token: Token | undefined, keyword: string): boolean {
  return token?.type === 'word' && token.text.toLowerCase() === keyword;
}

/**
 * Parses a `--where` condition.
 * @throws DoppelError `usage` naming the position of the first thing that does not fit the grammar.
 * @example parseWhere("churn = 'Yes' and tenure < 12").terms.length // 2
 */
export function parseWhere(text: string): Condition {
  const tokens = tokenize(text);
  let p = 0;
  const end = text.length;
  const peek = () => tokens[p];
  const expectSymbol = (symbol: string) => {
    const token = tokens[p];
    if (token?.type !== 'symbol' || token.text !== symbol)
      throw syntaxError(text, token?.at ?? end, `"${symbol}"`);
    p++;
  };
  const value = (): ConditionValue => {
    const token = tokens[p];
    if (token?.type === 'string') {
      p++;
      return token.text;
    }
    if (token?.type === 'number') {
      p++;
      return token.value;
    }
    if (isKeyword(token, 'true') || isKeyword(token, 'false')) {
      p++;
      return (token as { text: string }).text.toLowerCase() === 'true';
    }
    throw syntaxError(text, token?.at ?? end, "a value ('text', a number, true or false)");
  };
  const column = (): string => {
    const token = tokens[p];
    if (token?.type === 'name' || (token?.type === 'word' && !KEYWORDS.has(token.text.toLowerCase()))) {
      p++;
      return token.text;
    }
    throw syntaxError(text, token?.at ?? end, 'a column name (double-quote names with spaces)');
  };
  const term = (): ConditionTerm => {
    const name = column();
    const token = peek();
    if (isKeyword(token, 'is')) {
      p++;
      const negated = isKeyword(peek(), 'not');
      if (negated) p++;
      if (!isKeyword(peek(), 'null')) throw syntaxError(text, peek()?.at ?? end, 'null');
      p++;
      return { kind: 'null', column: name, negated };
    }
    const negated = isKeyword(token, 'not');
    if (negated) p++;
    if (isKeyword(peek(), 'in')) {
      p++;
      expectSymbol('(');
      const values = [value()];
      while (peek()?.type === 'symbol' && (peek() as { text: string }).text === ',') {
        p++;
        values.push(value());
      }
      expectSymbol(')');
      return { kind: 'in', column: name, values, negated };
    }
    if (negated) throw syntaxError(text, peek()?.at ?? end, 'in after not');
    if (isKeyword(peek(), 'between')) {
      p++;
      const low = value();
      if (!isKeyword(peek(), 'and')) throw syntaxError(text, peek()?.at ?? end, 'and');
      p++;
      const high = value();
      return { kind: 'range', column: name, low, lowInclusive: true, high, highInclusive: true };
    }
    const operator = peek();
    if (operator?.type !== 'symbol')
      throw syntaxError(text, operator?.at ?? end, 'an operator (=, !=, <, <=, >, >=, in, between, is)');
    p++;
    const v = value();
    switch (operator.text) {
      case '=':
        return { kind: 'in', column: name, values: [v], negated: false };
      case '!=':
      case '<>':
        return { kind: 'in', column: name, values: [v], negated: true };
      case '<':
        return { kind: 'range', column: name, low: null, lowInclusive: false, high: v, highInclusive: false };
      case '<=':
        return { kind: 'range', column: name, low: null, lowInclusive: false, high: v, highInclusive: true };
      case '>':
        return { kind: 'range', column: name, low: v, lowInclusive: false, high: null, highInclusive: false };
      case '>=':
        return { kind: 'range', column: name, low: v, lowInclusive: true, high: null, highInclusive: false };
      default:
        throw syntaxError(text, operator.at, 'an operator (=, !=, <, <=, >, >=, in, between, is)');
    }
  };
  if (tokens.length === 0) throw syntaxError(text, 0, 'a condition');
  const terms = [term()];
  while (p < tokens.length) {
    if (isKeyword(peek(), 'or')) {
      throw new DoppelError(
        'usage',
        `--where "${text}": only "and" joins terms; for "or", sample each alternative with its own row count (--where-file)`,
      );
    }
    if (!isKeyword(peek(), 'and')) throw syntaxError(text, peek()?.at ?? end, '"and" or the end');
    p++;
    terms.push(term());
  }
  return { text, terms };
}

/** A term as text, for messages (the user's own words, never a model's or a real row's values). */
export function termText(term: ConditionTerm): string {
  const show = (v: ConditionValue) => (typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v));
  switch (term.kind) {
    case 'null':
      return `${term.column} is ${term.negated ? 'not ' : ''}null`;
    case 'in':
      return term.values.length === 1
        ? `${term.column} ${term.negated ? '!=' : '='} ${show(term.values[0] as ConditionValue)}`
        : `${term.column} ${term.negated ? 'not in' : 'in'} (${term.values.map(show).join(', ')})`;
    case 'range': {
      const parts: string[] = [];
      if (term.low !== null) parts.push(`${term.column} ${term.lowInclusive ? '>=' : '>'} ${show(term.low)}`);
      if (term.high !== null)
        parts.push(`${term.column} ${term.highInclusive ? '<=' : '<'} ${show(term.high)}`);
      return parts.join(' and ');
    }
  }
}
