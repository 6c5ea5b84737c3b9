import { formatPrivacyBudget, privacyBudgetSpent } from '../model/dp/privacy-summary.js';
import type { Model } from '../model/model-format.js';

/** What a fit did, in words: rows used and dropped, columns by kind, what privacy suppressed. */
export function formatFitSummary(model: Model): string {
  const { fit } = model;
  const spent = privacyBudgetSpent(model);
  // A private fit releases only noisy row counts: say so, lest they be read as exact.
  const about = spent === null ? '' : 'about ';
  const lines = [
    `fit: ${about}${fit.rowsUsed} of ${about}${fit.rowsRead} rows used` +
      (fit.consentColumn
        ? ` (${about}${fit.rowsDroppedByConsent} dropped: no consent in "${fit.consentColumn}")`
        : '') +
      (spent === null
        ? ''
        : `; noisy counts released under differential privacy (part of the ε = ${Number(spent.epsilon.toPrecision(6))} spent), not the exact ones`),
  ];
  const byKind = new Map<string, number>();
  for (const column of model.columns) byKind.set(column.kind, (byKind.get(column.kind) ?? 0) + 1);
  lines.push(
    `columns: ${model.columns.length} (${[...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ')}); ` +
      `copula of ${model.copula.dimensions.length} dimensions`,
  );
  if (model.mixture) {
    const { column, components } = model.mixture;
    const shares = components.map((c) => `${(100 * c.weight).toFixed(0)}%`);
    lines.push(
      column === null
        ? `mixture: one copula per latent group, ${components.length} groups found in the normal scores (${shares.join(', ')})`
        : `mixture: one copula per group of ${column} (${components.map((c, g) => `${c.category} ${shares[g]}`).join(', ')})`,
    );
  }
  const suppressed = model.columns.flatMap((c) =>
    c.kind === 'categorical' && c.suppressed.categories > 0
      ? [
          `${c.name}: ${c.suppressed.categories} rare categories (${c.suppressed.rows} rows) ${c.suppressed.action === 'merge' ? `merged into "${c.suppressed.otherLabel}"` : 'dropped'}${c.suppressed.personal ? `, ${c.suppressed.personal} of them not rare but naming a person, an e-mail or a phone number (mark the column "kind": "text" if it is free text)` : ''}`,
        ]
      : [],
  );
  // Each mixture group applies the k rule to its own rows, dropping what is rare there.
  const groupDrops = (model.mixture?.components ?? []).flatMap((group) =>
    group.columns.flatMap((c) => (c.kind === 'categorical' ? [c.suppressed.categories] : [])),
  );
  const droppedInGroups = groupDrops.reduce((sum, n) => sum + n, 0);
  if (droppedInGroups > 0)
    suppressed.push(
      `within mixture groups, ${droppedInGroups} ${droppedInGroups === 1 ? 'category' : 'categories'} rarer than k in the group dropped`,
    );
  lines.push(
    suppressed.length > 0
      ? `privacy: categories seen in fewer than ${fit.minCount} rows are not stored; ${suppressed.join('; ')}`
      : `privacy: no category seen in fewer than ${fit.minCount} rows; none suppressed`,
  );
  lines.push(formatPrivacyBudget(model));
  return lines.join('\n');
}
