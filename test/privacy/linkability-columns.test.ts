import { describe, expect, it } from 'vitest';
import { parseLinkColumns } from '../../src/cli/commands/validate.js';
import { linkabilityColumns } from '../../src/privacy/privacy-report.js';

const columns = ['age', 'income', 'owner', 'selfemp', 'months'];

describe('linkability column sets', () => {
  it('splits two or more quasi-identifiers into halves', () => {
    expect(linkabilityColumns(columns, ['age', 'owner', 'months'], [])).toEqual([
      ['age', 'owner'],
      ['months'],
    ]);
  });

  it('deals every non-sensitive column alternately when fewer than two are quasi-identifiers', () => {
    // creditcard_aer's inferred schema: only age is a quasi-identifier, income is sensitive.
    expect(linkabilityColumns(columns, ['age'], ['income'])).toEqual([
      ['age', 'selfemp'],
      ['owner', 'months'],
    ]);
    expect(linkabilityColumns(['age'], ['age'], [])).toBeNull();
  });

  it('takes given sets and refuses unknown, empty or shared columns', () => {
    expect(linkabilityColumns(columns, [], [], [['age'], ['owner', 'months']])).toEqual([
      ['age'],
      ['owner', 'months'],
    ]);
    expect(() => linkabilityColumns(columns, [], [], [['age'], ['postcode']])).toThrow(/postcode/);
    expect(() => linkabilityColumns(columns, [], [], [['age'], []])).toThrow(/two non-empty/);
    expect(() => linkabilityColumns(columns, [], [], [['age'], ['age']])).toThrow(/both sets: age/);
  });

  it('parses the --link-columns flag', () => {
    expect(parseLinkColumns('age, gender/postcode,income')).toEqual([
      ['age', 'gender'],
      ['postcode', 'income'],
    ]);
    expect(() => parseLinkColumns('age,gender')).toThrow(/two column sets/);
  });
});
