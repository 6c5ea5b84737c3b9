import type { ColumnSpec } from '../schema/dataset-schema.js';
import type { IdentifierColumnModel, PersonalColumnModel } from './model-format.js';

/** Default faker locale for personal fields when the schema names none. */
export const DEFAULT_LOCALE = 'en';

/**
 * The model of a column that is generated, never modelled: an identifier (any column whose role is
 * identifier), a personal field or free text. Built from the schema alone; the data of these columns is never
 * read, so no real key or personal value can reach the model.
 * @example generatedColumnModel({ name: 'hhid', kind: 'identifier' }, 'en')
 * // { kind: 'identifier', name: 'hhid', generator: 'sequence' }
 */
export function generatedColumnModel(
  spec: ColumnSpec,
  locale: string,
): IdentifierColumnModel | PersonalColumnModel {
  if (spec.kind === 'text') {
    // Free text may name anyone: nothing of it is read, the sampler writes placeholder sentences.
    return { kind: 'personal', name: spec.name, personal: 'free-text', unique: false, locale };
  }
  if (spec.kind === 'personal') {
    return {
      kind: 'personal',
      name: spec.name,
      personal: spec.personal,
      unique: spec.unique ?? false,
      locale,
    };
  }
  return {
    kind: 'identifier',
    name: spec.name,
    generator: spec.kind === 'identifier' ? (spec.generator ?? 'sequence') : 'sequence',
  };
}
