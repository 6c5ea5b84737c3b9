/**
 * Writes the JSON Schemas in schemas/ from their zod definitions, the single source of truth.
 * Run `npm run schemas` after changing a definition; a test fails while a file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { JSON_SCHEMA_FILES, renderJsonSchema } from '../src/schema/json-schemas.js';

for (const file of JSON_SCHEMA_FILES) {
  writeFileSync(new URL(`../schemas/${file.fileName}`, import.meta.url), renderJsonSchema(file));
  console.log(`wrote schemas/${file.fileName}`);
}
