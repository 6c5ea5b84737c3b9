import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDoppelError, isDoppelError } from '../../src/errors.js';
import { loadDatasetSchema, parseDatasetSchema } from '../../src/schema/load-schema.js';

/** The message a user sees for a rejected schema, as the CLI renders it. */
function rendered(value: unknown): string {
  try {
    parseDatasetSchema(value, 'schema file telco.json');
  } catch (error) {
    if (isDoppelError(error)) return `${error.code}\n${formatDoppelError(error)}`;
    throw error;
  }
  return 'accepted';
}

async function renderedLoad(path: string): Promise<string> {
  try {
    await loadDatasetSchema(path);
  } catch (error) {
    if (isDoppelError(error)) return `${error.code}\n${formatDoppelError(error)}`;
    throw error;
  }
  return 'accepted';
}

describe('parseDatasetSchema errors name the path and the problem', () => {
  it('a malformed column: unknown kind, missing name, wrong flag type', () => {
    expect(
      rendered({
        name: 'telco',
        columns: [
          { name: 'tenure', kind: 'count' },
          { kind: 'integer' },
          { name: 'churn', kind: 'categorical', sensitive: 'yes' },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "invalid-schema
      error: schema file telco.json is not a valid dataset schema
        - at columns.0.kind: Invalid discriminator value. Expected 'numeric' | 'integer' | 'categorical' | 'boolean' | 'datetime' | 'identifier' | 'personal' | 'text'
        - at columns.1.name: Invalid input: expected string, received undefined
        - at columns.2.sensitive: Invalid input: expected boolean, received string"
    `);
  });

  it('an unknown top-level field and an empty column list', () => {
    expect(rendered({ name: 'telco', columns: [], colums: [] })).toMatchInlineSnapshot(`
      "invalid-schema
      error: schema file telco.json is not a valid dataset schema
        - at columns: Too small: expected array to have >=1 items
        - at (root): Unrecognized key: "colums""
    `);
  });

  it('a column listed twice', () => {
    expect(
      rendered({
        name: 'telco',
        columns: [
          { name: 'tenure', kind: 'integer' },
          { name: 'churn', kind: 'categorical' },
          { name: 'tenure', kind: 'numeric' },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "invalid-schema
      error: schema file telco.json is not a valid dataset schema
        - at columns.2.name: column "tenure" is listed twice"
    `);
  });

  it('a consent column that is also listed, repeated categories and a target that is not a column', () => {
    expect(
      rendered({
        name: 'telco',
        consent: { column: 'marketing_ok', values: ['yes'] },
        target: 'churned',
        columns: [
          { name: 'marketing_ok', kind: 'categorical' },
          { name: 'size', kind: 'categorical', ordered: true, categories: ['S', 'M', 'M', 'L'] },
        ],
      }),
    ).toMatchInlineSnapshot(`
      "invalid-schema
      error: schema file telco.json is not a valid dataset schema
        - at columns.1.categories: categories must be distinct
        - at consent.column: the consent column "marketing_ok" must not also be listed in columns (it is never modelled)
        - at target: target "churned" is not one of the schema's columns"
    `);
  });

  it('accepts a valid schema as it is', () => {
    const schema = {
      name: 'telco',
      consent: { column: 'marketing_ok', values: ['yes', true] },
      columns: [{ name: 'email', kind: 'personal', personal: 'email', unique: true }],
    };
    expect(parseDatasetSchema(schema)).toEqual(schema);
  });
});

describe('loadDatasetSchema', () => {
  it('reports a missing file and a file that is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doppel-schema-'));
    expect((await renderedLoad(join(dir, 'nope.json'))).replace(dir, '<dir>')).toMatchInlineSnapshot(`
      "file-not-found
      error: cannot read schema file <dir>/nope.json: no such file or folder (ENOENT); check the path"
    `);
    writeFileSync(join(dir, 'broken.json'), '{ "name": "telco", ');
    // The parser's own wording changes between Node versions, so only doppel's part is pinned.
    expect((await renderedLoad(join(dir, 'broken.json'))).replace(dir, '<dir>')).toMatch(
      /^invalid-schema\nerror: schema file <dir>\/broken\.json is not valid JSON: .+ position 19/,
    );
  });
});
