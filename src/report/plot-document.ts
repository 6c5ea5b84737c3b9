/**
 * Observable Plot draws into a DOM; on the server that DOM is linkedom's (no browser, no canvas).
 * One document serves every plot of a report; each figure is serialised to markup, in which
 * linkedom escapes text and attribute values.
 */
import { parseHTML } from 'linkedom';

/** The `document` option of `Plot.plot` (Plot's types name the DOM's Document, linkedom provides its own). */
// biome-ignore lint/suspicious/noExplicitAny: bridges linkedom's Document to Plot's DOM-typed option.
export type PlotDocument = any;

export function makePlotDocument(): PlotDocument {
  return parseHTML('<!doctype html><html><body></body></html>').document;
}

/** The markup of a rendered plot (an `<svg>`, or a `<figure>` when Plot adds a legend). */
export function markupOf(node: { outerHTML: string }): string {
  return node.outerHTML;
}
