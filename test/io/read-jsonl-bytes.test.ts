/**
 * The JSON Lines reader that reads line by line from the bytes against the one it replaced (the
 * whole text split into lines, an object per row kept; jsonl-reference.ts): the same table or the
 * same refusal.
 */
import type { Table } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { readJsonl } from '../../src/io/read-jsonl.js';
import { readJsonlByLines } from './jsonl-reference.js';

function outcome(read: () => Table): unknown {
  try {
    const table = read();
    return table.schema.fields.map((field, c) => {
      const vector = table.getChildAt(c)!;
      return {
        name: field.name,
        type: String(field.type),
        nullCount: vector.nullCount,
        values: Array.from({ length: vector.length }, (_, i) => vector.get(i) as unknown),
      };
    });
  } catch (error) {
    if (isDoppelError(error)) return { code: error.code, message: error.message };
    throw error;
  }
}

describe('readJsonl from the bytes gives what the line-splitting reader gave', () => {
  it.each([
    [
      'keys first seen late, missing keys and nulls',
      '{"a":1}\n{"a":2,"b":"x"}\n{"b":null}\n\n{"c":true,"a":null}\n',
    ],
    ['CR LF, a BOM, blank and space-only lines', '\uFEFF{"a":"1"}\r\n   \r\n{"a":"2.5"}\r\n'],
    ['keys of Object.prototype', '{"__proto__":1,"constructor":"x"}\n{"toString":2}\n'],
    [
      'nested values, numbers as text, dates, code-like numbers',
      '{"n":{"x":[1,2]},"s":"1,234.5","d":"2024-01-05","z":"02134"}\n{"n":[],"s":"7","d":"NA","z":"90210"}\n',
    ],
    ['a broken line', '{"a":1}\n{"a":oops}\n'],
    ['a line that is no object', '{"a":1}\n[1,2]\n'],
    ['a last line without a line ending', '{"a":1}\n{"a":2}'],
    ['no lines', ''],
  ])('%s', (_, text) => {
    expect(outcome(() => readJsonl(text, 'rows.jsonl'))).toEqual(
      outcome(() => readJsonlByLines(text, 'rows.jsonl')),
    );
  });
});
