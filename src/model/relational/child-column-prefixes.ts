/**
 * Prefixes and names of a child's conditional copula columns (see relational-model-format.ts).
 * Their own module so that the sampler reads them without loading the fitter (which, with the
 * private fit and its detectors, takes about a second of start-up in every sample worker) or the
 * dataset schema's zod definitions (evolving-columns.ts imports them; zod alone is ~95 modules).
 */
export const EVENT = 'event:';
export const REPEAT = 'repeat:';
export const PREVIOUS = 'prev:';
export const PARENT = 'parent:';
/** Prefix of a child's copula column holding an evolving column's change from the previous event. */
export const DELTA = 'delta:';

/** The name of a parent's first-value summary of an evolving child column (never written to output). */
export function firstValueName(child: string, column: string): string {
  return `${child}.first(${column})`;
}
