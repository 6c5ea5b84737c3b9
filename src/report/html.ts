/**
 * A tiny tagged template for the report's markup: interpolated strings are escaped unless they are
 * {@link Markup} produced by this module (or plot SVG wrapped with {@link trusted}), so forgetting to
 * escape a data value is not possible by accident.
 */
import { escapeHtml } from './escape-html.js';

/** Markup that is already safe to insert. */
export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

type Part = Markup | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.html;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** Builds markup; every interpolated string or number is escaped, Markup and arrays of it are kept. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Markup {
  let out = strings[0]!;
  parts.forEach((part, i) => {
    out += render(part) + strings[i + 1]!;
  });
  return new Markup(out);
}

/** Markup from a source that escapes on its own (Plot's serialised SVG, the report's CSS). */
export function trusted(markup: string): Markup {
  return new Markup(markup);
}
