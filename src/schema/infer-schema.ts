/**
 * `doppel infer`: a starting dataset schema for a table nobody has described yet. Kinds come from
 * the values (whole numbers, codes, 0/1 flags, ISO dates, keys), personal fields from their content
 * (shapes, checksums, name lists), privacy roles from the column names; every column carries a
 * comment saying why, in counts and shares, never quoting a value.
 */
import type { Table } from 'apache-arrow';
import { DoppelError } from '../errors.js';
import type { ColumnSpec, DatasetSchema } from './dataset-schema.js';
import { nameWordIn, nameWords } from './detect/column-name.js';
import { TARGET_WORDS } from './detect/name-hints.js';
import { inferColumnKind } from './infer-column.js';
import { missingSentence } from './infer-comment.js';
import { type ColumnProfile, distinctCount, profileColumn } from './infer-profile.js';
import { inferRoles } from './infer-roles.js';
import { parseDatasetSchema } from './load-schema.js';
import { inferRules } from './rules/infer-rules.js';

export interface InferOptions {
  /** The dataset's name in the schema (the CLI uses the file name). */
  readonly name: string;
}

/** Kind-specific options first and the comment last, so the JSON reads top-down. */
function orderedColumn(
  spec: ColumnSpec,
  flags: ReturnType<typeof inferRoles>['flags'],
  comment: string,
): ColumnSpec {
  const { name, kind, comment: _ignored, ...options } = spec;
  return { name, kind, ...options, ...flags, comment } as ColumnSpec;
}

/** A two-valued column named like an outcome (churn, default, status) becomes the target. */
function targetOf(columns: readonly { spec: ColumnSpec; profile: ColumnProfile }[]): string | undefined {
  const candidate = columns.find(
    ({ spec, profile }) =>
      (spec.kind === 'categorical' || spec.kind === 'boolean') &&
      distinctCount(profile) === 2 &&
      nameWordIn(nameWords(spec.name), TARGET_WORDS) !== undefined,
  );
  return candidate?.spec.name;
}

/**
 * Infers a dataset schema from a table. The result passes {@link parseDatasetSchema}.
 * Time O(rows × columns); memory O(distinct values of one column).
 * @throws DoppelError `malformed-input` when the table has no columns or a column name twice.
 * @example
 * const schema = inferSchema(await readTable('samples/telco_churn.csv'), { name: 'telco' });
 * schema.columns.find((c) => c.name === 'tenure');
 * // { name: 'tenure', kind: 'integer',
 * //   comment: 'Integer: all 7043 present values are whole numbers, 73 distinct values; ...' }
 * schema.target; // 'churn'
 */
export function inferSchema(table: Table, options: InferOptions): DatasetSchema {
  const fields = table.schema.fields;
  if (fields.length === 0) throw new DoppelError('malformed-input', 'the data has no columns to describe');
  const seen = new Set<string>();
  for (const field of fields) {
    if (seen.has(field.name)) {
      throw new DoppelError('malformed-input', `the data has the column name "${field.name}" twice`);
    }
    seen.add(field.name);
  }
  const decided = fields.map((field, index) => {
    const profile = profileColumn(field.name, table.getChildAt(index)!);
    const words = nameWords(field.name);
    const kind = inferColumnKind(profile, words);
    const roles = inferRoles(kind.spec, profile, words);
    const missing = missingSentence(profile.rows, profile.present);
    const comment = [
      ...kind.reasons,
      ...(missing && profile.present > 0 ? [missing] : []),
      ...roles.reasons,
    ].join(' ');
    return { spec: orderedColumn(kind.spec, roles.flags, comment), profile };
  });
  const target = targetOf(decided);
  const described = [
    `Inferred by doppel infer from ${table.numRows} rows and ${fields.length} columns.`,
    target === undefined ? undefined : `Target "${target}": a two-valued column whose name names an outcome.`,
    "Review every column's comment before fitting.",
  ];
  const schema: DatasetSchema = {
    name: options.name,
    description: described.filter((line) => line !== undefined).join(' '),
    ...(target === undefined ? {} : { target }),
    columns: decided.map(({ spec }) => spec),
  };
  const rules = inferRules(table, schema.columns);
  if (rules.length > 0) schema.rules = rules;
  // A schema that would not load again is a bug here, not a user error; checking keeps it honest.
  parseDatasetSchema(schema, 'the inferred schema');
  return schema;
}
