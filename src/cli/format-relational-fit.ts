import type { RelationalModel } from '../model/relational/relational-model-format.js';

/** What a relational fit did, in a few lines: customers used, and per child table its events model. */
export function formatRelationalFitSummary(model: RelationalModel): string {
  const { fit } = model;
  const lines = [
    `fitted ${model.dataset.name}: ${fit.customersUsed.toLocaleString('en')} customers in "${model.root}" (${fit.customersDroppedByConsent.toLocaleString('en')} dropped by consent with all their rows), k = ${fit.minCount} customers`,
  ];
  for (const table of model.tables) {
    if (table.parent === null) continue;
    const p = table.parent;
    lines.push(
      `  ${table.name}: events of "${p.table}" by "${p.foreignKey}" in ${p.order === null ? 'file row order' : `order of "${p.order}"`}, up to ${p.maxEvents} per parent, ${p.previous ? 'each conditioned on the previous event and its parent' : 'each conditioned on its parent'} (${p.eventsUsed.toLocaleString('en')} events fitted)`,
    );
  }
  return lines.join('\n');
}
