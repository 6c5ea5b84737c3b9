/**
 * Prefixes of a child's conditional copula columns (see relational-model-format.ts). Their own
 * module so that the sampler reads them without loading the fitter (which, with the private fit
 * and its detectors, takes about a second of start-up in every sample worker).
 */
export const EVENT = 'event:';
export const REPEAT = 'repeat:';
export const PREVIOUS = 'prev:';
export const PARENT = 'parent:';
