import { describe, expect, it } from 'vitest';
import { isDoppelError } from '../../src/errors.js';
import { parseRelationalSchema } from '../../src/schema/load-relational-schema.js';

const customers = {
  name: 'customers',
  primaryKey: 'id',
  columns: [
    { name: 'id', kind: 'identifier' },
    { name: 'age', kind: 'integer' },
  ],
};
const orders = {
  name: 'orders',
  primaryKey: 'order_id',
  parent: { table: 'customers', foreignKey: 'customer', order: 'day' },
  columns: [
    { name: 'order_id', kind: 'identifier' },
    { name: 'customer', kind: 'identifier' },
    { name: 'day', kind: 'datetime', unit: 'date' },
  ],
};
const items = {
  name: 'items',
  parent: { table: 'orders', foreignKey: 'order', order: null },
  columns: [
    { name: 'order', kind: 'identifier' },
    { name: 'price', kind: 'numeric' },
  ],
};

function messages(value: unknown): string[] {
  try {
    parseRelationalSchema(value);
  } catch (error) {
    if (isDoppelError(error)) return error.issues.map((issue) => issue.message);
    throw error;
  }
  return [];
}

describe('parseRelationalSchema', () => {
  it('accepts a tree of depth 2 (customers -> orders -> items), parents first', () => {
    const tree = parseRelationalSchema({ name: 'shop', tables: [items, orders, customers] });
    expect(tree.root.name).toBe('customers');
    expect(tree.topDown.map((t) => t.name)).toEqual(['customers', 'orders', 'items']);
  });

  it('names the table and column of each structural problem', () => {
    expect(messages({ name: 'x', tables: [orders] })).toContain(
      'table "orders": parent table "customers" is not in the schema',
    );
    expect(messages({ name: 'x', tables: [customers, { ...customers, name: 'more' }] })).toEqual([
      '2 root tables ("customers", "more"): exactly one table may have no parent',
    ]);
    expect(
      messages({
        name: 'x',
        tables: [customers, { ...orders, parent: { ...orders.parent, foreignKey: 'nope' } }],
      }),
    ).toContain('table "orders": foreign key "nope" is not one of its columns');
    expect(messages({ name: 'x', tables: [{ ...customers, primaryKey: undefined }, orders] })).toContain(
      'table "orders": parent table "customers" needs a primaryKey for column "customer" to refer to',
    );
    expect(
      messages({
        name: 'x',
        tables: [customers, { ...orders, consent: { column: 'ok', values: ['yes'] } }],
      }),
    ).toContain('table "orders": consent belongs on the root table; it cascades to every descendant');
  });
});
