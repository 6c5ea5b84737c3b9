/**
 * Flags the command does not know, found before yargs' own messages: yargs checks required options
 * before unknown ones, so a typo of a required flag (`--row 10`) would read "Missing required
 * argument: rows". This names the typo and the nearest known flag instead.
 */
import { closest, distance } from 'fastest-levenshtein';
import { DoppelError } from '../errors.js';

/** yargs' `getOptions()`, the part read here. */
export interface KnownOptions {
  readonly key: Readonly<Record<string, unknown>>;
  readonly alias: Readonly<Record<string, readonly string[]>>;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every spelling of every option: names, aliases, camelCase and kebab-case forms. */
export function knownOptionNames(options: KnownOptions): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => {
    names.add(name);
    names.add(kebab(name));
  };
  for (const name of Object.keys(options.key)) add(name);
  for (const [name, aliases] of Object.entries(options.alias)) {
    add(name);
    for (const alias of aliases) add(alias);
  }
  return names;
}

/** The flags of `argv` (without dashes or `=value`) that `known` does not hold, in order. */
export function unknownFlags(argv: readonly string[], known: ReadonlySet<string>): string[] {
  const unknown: string[] = [];
  for (const token of argv) {
    if (token === '--') break;
    if (token.startsWith('--')) {
      const name = token.slice(2).split('=')[0] ?? '';
      const positive = name.startsWith('no-') ? name.slice(3) : name;
      if (name !== '' && !known.has(name) && !known.has(positive)) unknown.push(`--${name}`);
    } else if (/^-[^-\d.]/.test(token)) {
      // Short flags may be grouped (-qn): each letter is a flag.
      for (const letter of token.slice(1).split('=')[0] ?? '') {
        if (!known.has(letter)) unknown.push(`-${letter}`);
      }
    }
  }
  return unknown;
}

/** The known long flag nearest a typo, if near enough to be a likely typo. */
export function nearestFlag(flag: string, known: ReadonlySet<string>): string | null {
  const name = flag.replace(/^-+/, '');
  const candidates = [...known].filter((k) => k.length > 1 && !/[A-Z]/.test(k));
  if (candidates.length === 0) return null;
  const best = closest(name, candidates);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? `--${best}` : null;
}

/** @throws DoppelError `usage` naming the first unknown flag (and its likely meaning) if there is one. */
export function assertNoUnknownFlags(argv: readonly string[], options: KnownOptions | null): void {
  if (options === null) return;
  const known = knownOptionNames(options);
  const [first, ...rest] = unknownFlags(argv, known);
  if (first === undefined) return;
  const suggestion = nearestFlag(first, known);
  const others = rest.length > 0 ? ` (also unknown: ${rest.join(', ')})` : '';
  throw new DoppelError(
    'usage',
    `unknown option ${first}${suggestion ? `, did you mean ${suggestion}?` : ''}${others} (see doppel --help)`,
  );
}
