import { describe, expect, it } from 'vitest';
import { parseLinkColumns } from '../../src/cli/commands/validate.js';
import { chooseLinkSets, copyLinkedShare } from '../../src/privacy/link-sets.js';
import { checkLinkColumns } from '../../src/privacy/privacy-report.js';
import { tableFromColumns } from './helpers.js';

const columns = ['age', 'income', 'owner', 'selfemp', 'months'];

/** 40 customers: age and owner are coarse (few values), income and months tell them apart. */
function customers() {
  const n = 40;
  const range = Array.from({ length: n }, (_, i) => i);
  return tableFromColumns(
    {
      age: range.map((i) => 30 + (i % 3)),
      income: range.map((i) => 1000 + 37 * i),
      owner: range.map((i) => (i % 2 === 0 ? 'yes' : 'no')),
      selfemp: range.map((i) => (i % 5 === 0 ? 'yes' : 'no')),
      months: range.map((i) => (i * 7) % 41),
    },
    { age: 'integer', income: 'numeric', owner: 'categorical', selfemp: 'categorical', months: 'integer' },
  );
}

describe('linkability column sets', () => {
  it('measures how much of a copy of the training rows a split links', () => {
    const table = customers();
    // Every customer is unique on income and on months: a copy links all of them.
    expect(copyLinkedShare(table, [['income'], ['months']])).toBe(1);
    // age (3 values) and owner (2): a copy links each customer with chance n_AB/(n_A·n_B), about
    // 6.7/(13.3·20): these sets link almost nobody, even in a copy.
    expect(copyLinkedShare(table, [['age'], ['owner']])).toBeLessThan(0.05);
  });

  it('keeps the quasi-identifier halves when they link a copy, and says so', () => {
    const choice = chooseLinkSets(customers(), columns, ['income', 'months'], []);
    expect(choice).toMatchObject({
      columns: [['income'], ['months']],
      source: 'quasi-identifiers',
      copyLinked: 1,
    });
  });

  it('adds distinguishing columns when the quasi-identifiers are too coarse to link a copy', () => {
    // credit tables: the quasi-identifiers are age, marital status, job, home.
    const choice = chooseLinkSets(customers(), columns, ['age', 'owner'], []);
    expect(choice.source).toBe('quasi-identifiers and other non-sensitive columns');
    // Dealt by distinct values (income 40, months 40, age 3, owner 2, selfemp 2), so both halves tell customers apart.
    expect(choice.columns).toEqual([
      ['income', 'age', 'selfemp'],
      ['months', 'owner'],
    ]);
    expect(choice.copyLinked).toBe(1);
    // With income sensitive, the non-sensitive columns leave one distinguishing column: all columns are used.
    const withSensitive = chooseLinkSets(customers(), columns, ['age', 'owner'], ['income']);
    expect(withSensitive.source).toBe('all compared columns');
    expect(withSensitive.copyLinked).toBe(1);
  });

  it('says so when no split links a copy', () => {
    const table = customers();
    const choice = chooseLinkSets(table, ['age', 'owner'], ['age', 'owner'], []);
    expect(choice.columns).toBeNull();
    expect(choice.none).toMatch(/no split of the columns links a copy/);
    expect(chooseLinkSets(table, ['age'], ['age'], []).none).toMatch(/fewer than two columns/);
  });

  it('takes given sets and refuses unknown, empty or shared columns', () => {
    expect(checkLinkColumns(columns, [['age'], ['owner', 'months']])).toEqual([['age'], ['owner', 'months']]);
    expect(chooseLinkSets(customers(), columns, [], [], [['income'], ['months']])).toMatchObject({
      source: 'given',
      copyLinked: 1,
    });
    expect(() => checkLinkColumns(columns, [['age'], ['postcode']])).toThrow(/postcode/);
    expect(() => checkLinkColumns(columns, [['age'], []])).toThrow(/two non-empty/);
    expect(() => checkLinkColumns(columns, [['age'], ['age']])).toThrow(/both sets: age/);
  });

  it('parses the --link-columns flag', () => {
    expect(parseLinkColumns('age, gender/postcode,income')).toEqual([
      ['age', 'gender'],
      ['postcode', 'income'],
    ]);
    expect(() => parseLinkColumns('age,gender')).toThrow(/two column sets/);
  });
});
