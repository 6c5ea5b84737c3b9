import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILES, renderJsonSchema } from '../src/schema/json-schemas.js';

describe('published JSON Schemas', () => {
  it.each(JSON_SCHEMA_FILES.map((file) => [file.fileName, file] as const))(
    'schemas/%s is generated from the current zod definition (run `npm run schemas`)',
    (fileName, file) => {
      const published = readFileSync(new URL(`../schemas/${fileName}`, import.meta.url), 'utf8');
      expect(published).toBe(renderJsonSchema(file));
    },
  );
});
