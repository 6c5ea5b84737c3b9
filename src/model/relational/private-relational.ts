/**
 * What a differentially private relational fit adds to the plain one: the customer as the unit of
 * privacy. Each table's statistics are released through one shared accountant (one budget, one
 * ledger), scoped per table (dp/scoped-accountant.ts) with sensitivities multiplied by the most rows
 * one customer can own there after the contribution bound (cap-events.ts).
 */
import { DoppelError } from '../../errors.js';
import { type ColumnSpec, type DatasetSchema, roleOf } from '../../schema/dataset-schema.js';
import type { PreparedTable } from '../../schema/prepare-table.js';
import { makeAccountant, privacyParameters } from '../dp/accountant.js';
import { fitPrivate } from '../dp/fit-private.js';
import type { ResolvedPrivacyOptions } from '../dp/privacy-options.js';
import { scopedAccountant } from '../dp/scoped-accountant.js';
import type { ResolvedFitOptions } from '../fit.js';
import type { Model } from '../model-format.js';
import type { RelationalPrivacy } from './relational-model-format.js';

/** The tables a private relational fit will fit, described before any data is read. */
export interface PlannedTable {
  readonly name: string;
  /** Every column the table's fitted copula may get (schema-determined, an upper bound). */
  readonly columns: readonly ColumnSpec[];
  /** The most rows of the fitted table one customer can own. */
  readonly rowsPerCustomer: number;
}

export interface PrivateRelationalFit {
  /** Fits one planned table through its scope of the shared budget. */
  fitTable(name: string, prepared: PreparedTable, schema: DatasetSchema): Model;
  /** The relational model's `privacy` section: the whole ledger and the contribution bound. */
  privacy(): RelationalPrivacy;
}

/**
 * Plans the budget of a private relational fit: each table's share is its number of modelled
 * columns over all tables' (schema-determined upper bounds, so the split is public), and the δ of
 * stability thresholds is split by threshold columns likewise. A child table's k is counted in
 * events: a value held by fewer than k customers has at most (k − 1)·m of them, so it must reach a
 * noisy count of (k − 1)·m + 1, m being the rows one customer can own there.
 * @throws DoppelError `usage` for ε or δ that cannot be used, `usage` for a bad events cap.
 */
export function planPrivateRelationalFit(
  tables: readonly PlannedTable[],
  options: ResolvedFitOptions & { readonly privacy: ResolvedPrivacyOptions },
  eventsPerParent: number,
): PrivateRelationalFit {
  if (!Number.isInteger(eventsPerParent) || eventsPerParent < 1)
    throw new DoppelError(
      'usage',
      `the events cap per parent must be a whole number of at least 1, got ${String(eventsPerParent)}`,
      [{ path: ['eventsPerParent'], message: 'expected an integer >= 1' }],
    );
  const zcdp = options.privacy.delta > 0;
  const modelled = (t: PlannedTable) => t.columns.filter((c) => roleOf(c) === 'modelled');
  const thresholdColumns = (t: PlannedTable) =>
    modelled(t).filter(
      (c) =>
        (c.kind === 'categorical' && c.categories === undefined) ||
        (zcdp && (c.kind === 'numeric' || c.kind === 'integer' || c.kind === 'datetime')),
    ).length;
  const weights = new Map(tables.map((t) => [t.name, Math.max(1, modelled(t).length)]));
  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
  const thresholds = new Map(tables.map((t) => [t.name, thresholdColumns(t)]));
  const totalThresholds = [...thresholds.values()].reduce((a, b) => a + b, 0);
  const labels = tables.reduce(
    (sum, t) =>
      sum + modelled(t).filter((c) => c.kind === 'categorical' && c.categories === undefined).length,
    0,
  );
  const parameters = privacyParameters(options.privacy.epsilon, options.privacy.delta, {
    labels,
    values: totalThresholds - labels,
  });
  const shared = makeAccountant(parameters, options.seed);
  const byName = new Map(tables.map((t) => [t.name, t]));
  return {
    fitTable(name, prepared, schema) {
      const table = byName.get(name);
      if (table === undefined) throw new Error(`private relational fit: table "${name}" was not planned`);
      const m = table.rowsPerCustomer;
      const accountant = scopedAccountant(shared, {
        table: name,
        share: weights.get(name)! / totalWeight,
        rowsPerCustomer: m,
        thresholdShare: totalThresholds === 0 ? 0 : thresholds.get(name)! / totalThresholds,
      });
      return fitPrivate(
        prepared,
        schema,
        {
          seed: options.seed,
          minCount: (options.minCount - 1) * m + 1,
          rareCategories: options.rareCategories,
          locale: options.locale,
          privacy: options.privacy,
        },
        () => accountant,
      );
    },
    privacy() {
      const section = shared.privacySection();
      if (!section.differentialPrivacy) throw new Error('private relational fit without a private ledger');
      return {
        ...section,
        neighbouring: 'add-remove-one-customer',
        contribution: {
          eventsPerParent,
          rowsPerCustomer: tables.map((t) => ({ table: t.name, rows: t.rowsPerCustomer })),
        },
      };
    },
  };
}
