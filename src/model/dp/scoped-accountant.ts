/**
 * One accountant shared by the tables of a private relational fit, seen by each table as its own:
 * the table's releases take a fixed share of the one budget, are keyed and recorded under the
 * table's name, and have their sensitivities multiplied by the most rows one customer can own in
 * that table. Neighbouring datasets then differ by one customer with all their rows (group privacy:
 * a customer's rows move a sum by at most that many rows' sensitivities, by the triangle
 * inequality), and the whole fit composes once, in the shared ledger.
 */
import type { PrivacyLedgerEntry } from '../model-format.js';
import { type Accountant, privacySection } from './accountant.js';

export interface AccountantScope {
  /** The table: prefixed to every column in the ledger, `<table>.<column>`. */
  readonly table: string;
  /** The table's share of the whole budget, in (0, 1]. */
  readonly share: number;
  /** The most rows of this table one customer can own (1 for the root). */
  readonly rowsPerCustomer: number;
  /** The table's part of the stability thresholds' δ (its threshold columns over all tables'). */
  readonly thresholdShare: number;
}

/**
 * The shared accountant as one table sees it (see the module comment). Stability thresholds: a
 * customer can bring up to m = rowsPerCustomer rows carrying up to m labels never seen otherwise,
 * each counted at most m times, so a label is released only when its noisy count reaches
 * max(k, m + the level the noise exceeds with probability δᵢ/m); by the union bound the customer's
 * new labels all stay hidden but with probability δᵢ, the δ the ledger records for the release.
 * With m = 1 this is the single-table threshold.
 */
export function scopedAccountant(shared: Accountant, scope: AccountantScope): Accountant {
  const m = scope.rowsPerCustomer;
  const parameters = {
    ...shared.parameters,
    thresholdDelta: shared.parameters.thresholdDelta * scope.thresholdShare,
  };
  const entries: PrivacyLedgerEntry[] = [];
  return {
    parameters,
    measure(request) {
      const measured = shared.measure({
        ...request,
        column: request.column === null ? scope.table : `${scope.table}.${request.column}`,
        l1Sensitivity: request.l1Sensitivity * m,
        l2Sensitivity: request.l2Sensitivity * m,
        share: request.share * scope.share,
      });
      const ledger = shared.ledger();
      entries.push(ledger[ledger.length - 1]!);
      return measured;
    },
    scaleFor: (share, l1, l2) => shared.scaleFor(share * scope.share, l1 * m, l2 * m),
    noiseAbove: (scale, p) => shared.noiseAbove(scale, p),
    stabilityThreshold(scale, thresholdDelta, minCount) {
      return Math.max(minCount, m + shared.noiseAbove(scale, thresholdDelta / m) * (1 + 1e-9));
    },
    noiseVariance: (scale) => shared.noiseVariance(scale),
    ledger: () => entries,
    privacySection: () => {
      const section = privacySection(shared.parameters, entries);
      return section.differentialPrivacy ? { ...section, neighbouring: 'add-remove-one-customer' } : section;
    },
  };
}
