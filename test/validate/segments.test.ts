import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/read-csv.js';
import { validate } from '../../src/validate/validate.js';
import { TELCO_CSV_TEXT, telcoSchema, telcoTable } from './telco.js';

const header = TELCO_CSV_TEXT.slice(0, TELCO_CSV_TEXT.indexOf('\n'))
  .split(',')
  .map((name) => name.replaceAll('"', ''));
const lines = TELCO_CSV_TEXT.trim().split('\n').slice(1);
const column = (name: string) => header.indexOf(name);

/** telco with `edit` applied to the cells of each row (no quoted commas in this file, so split is safe). */
function editedTelco(edit: (cells: string[], row: number) => void) {
  const edited = lines.map((line, row) => {
    const cells = line.split(',');
    edit(cells, row);
    return cells.join(',');
  });
  return readCsv([header.map((name) => `"${name}"`).join(','), ...edited].join('\n'), 'edited.csv');
}

const noOptions = { target: null } as const;

describe('segment fidelity', () => {
  it('flags nothing when the synthetic data is the real data', () => {
    const report = validate(telcoTable(), telcoTable(), telcoSchema(), noOptions);
    const { segments } = report;
    expect(segments.columns.map((c) => [c.column, c.roles])).toEqual([
      ['churn', ['sensitive']],
      ['female', ['segment']],
      ['senior_citizen', ['segment']],
      ['internet_service', ['segment']],
      ['contract', ['segment']],
    ]);
    expect(segments.flagged).toBe(0);
    for (const segment of segments.columns) {
      expect(segment.groups.reduce((sum, g) => sum + g.realShare, 0)).toBeCloseTo(1, 12);
      for (const group of segment.groups) {
        expect(group.realRows).toBe(group.syntheticRows);
        expect(group.columnShapes!).toBeGreaterThan(0.97);
        expect(group.tolerance!).toBeGreaterThanOrEqual(segments.rule.minGap);
      }
    }
    const contract = segments.columns.find((c) => c.column === 'contract')!;
    expect(contract.groups.map((g) => [g.label, g.realRows])).toEqual([
      ['Month-to-month', 3875],
      ['Two year', 1695],
      ['One year', 1473],
    ]);
  });

  it('flags the group whose customers were made up badly, and only that one', () => {
    // Two-year customers are made up as new, cheap, paper-billed customers: wrong inside that group
    // only (4 of its 18 other columns), which the whole table barely shows.
    const synthetic = editedTelco((cells, row) => {
      if (cells[column('contract')] === '"Two year"') {
        cells[column('tenure')] = '1';
        cells[column('monthly_charges')] = String(20 + (row % 17));
        cells[column('total_charges')] = String(20 + (row % 17));
        cells[column('paperless_billing')] = '0';
      }
    });
    const contract = validate(telcoTable(), synthetic, telcoSchema(), noOptions).segments.columns.find(
      (c) => c.column === 'contract',
    )!;
    const byLabel = new Map(contract.groups.map((g) => [g.label, g]));
    const twoYear = byLabel.get('Two year')!;
    expect(twoYear.flagged).toBe(true);
    expect(twoYear.columnShapes!).toBeLessThan(twoYear.expected! - twoYear.tolerance!);
    expect(['tenure', 'monthly_charges', 'total_charges']).toContain(twoYear.weakestColumn);
    expect(byLabel.get('Month-to-month')!.flagged).toBe(false);
    expect(byLabel.get('One year')!.flagged).toBe(false);
  });

  it('flags a group the synthetic data lacks, and reports the shift in shares', () => {
    const synthetic = editedTelco((cells) => {
      if (cells[column('contract')] === '"One year"') cells[column('contract')] = '"Month-to-month"';
    });
    const contract = validate(telcoTable(), synthetic, telcoSchema(), noOptions).segments.columns.find(
      (c) => c.column === 'contract',
    )!;
    const oneYear = contract.groups.find((g) => g.label === 'One year')!;
    expect(oneYear).toMatchObject({
      syntheticRows: 0,
      syntheticShare: 0,
      flagged: true,
      note: 'no-synthetic-rows',
    });
    expect(contract.groups.find((g) => g.label === 'Month-to-month')!.syntheticShare).toBeCloseTo(
      (3875 + 1473) / 7043,
      12,
    );
  });

  it('pools categories held by fewer than k real rows without naming them, and skips tiny groups', () => {
    const real = editedTelco((cells, row) => {
      if (row < 3) cells[column('payment_method')] = '"Barter (rare)"';
      if (row >= 3 && row < 23) cells[column('payment_method')] = '"Cheque by pigeon"';
    });
    const schema = telcoSchema({
      columns: telcoSchema().columns.map((c) => (c.name === 'payment_method' ? { ...c, segment: true } : c)),
    });
    const report = validate(real, real, schema, noOptions);
    const payment = report.segments.columns.find((c) => c.column === 'payment_method')!;
    const pooled = payment.groups.find((g) => g.kind === 'other')!;
    expect(pooled).toMatchObject({ label: null, realRows: 3, flagged: false, note: 'too-few-real-rows' });
    const pigeon = payment.groups.find((g) => g.label === 'Cheque by pigeon')!;
    expect(pigeon).toMatchObject({ realRows: 20, columnShapes: null, note: 'too-few-real-rows' });
    expect(JSON.stringify(report)).not.toContain('Barter');
  });

  it('cuts a numeric segment column at the real quartiles', () => {
    const schema = telcoSchema({
      columns: telcoSchema().columns.map((c) => (c.name === 'tenure' ? { ...c, segment: true } : c)),
    });
    const tenure = validate(telcoTable(), telcoTable(), schema, noOptions).segments.columns.find(
      (c) => c.column === 'tenure',
    )!;
    expect(tenure.groups.map((g) => g.label)).toEqual(['< 9', '9 to < 29', '29 to < 55', '≥ 55']);
    expect(tenure.groups.every((g) => g.kind === 'range' && g.realShare > 0.2 && g.realShare < 0.3)).toBe(
      true,
    );
  });
});
