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

/**
 * Child tables whose model can draw no event (a private fit whose noise left no room under the
 * contribution bound, as on a few dozen customers with a small ε): their synthetic tables come out
 * empty, so the fit says so and what to change.
 */
export function relationalFitWarnings(model: RelationalModel): string[] {
  return model.tables.flatMap((table) =>
    table.parent !== null && table.parent.maxEvents === 0
      ? [
          `warning: "${table.name}" will get no rows: its events model allows none per parent${model.privacy.differentialPrivacy ? ' (the noise of this budget left nothing under the bound; raise --epsilon, lower --events-per-parent, or fit more customers)' : ''}`,
        ]
      : [],
  );
}
