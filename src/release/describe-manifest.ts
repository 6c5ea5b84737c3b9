/** A release manifest in plain words, for whoever receives or audits the bundle. */
import type { Manifest } from './manifest-format.js';

function number(x: number): string {
  return x.toLocaleString('en');
}

function score(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}

function privacyWords(manifest: Manifest): string[] {
  const { privacy } = manifest;
  if (!privacy.differentialPrivacy) {
    return ['  Differential privacy: none (the model was fitted without --epsilon).'];
  }
  const { spent } = privacy;
  return [
    `  Differential privacy: (ε = ${privacy.epsilon}, δ = ${privacy.delta}) for adding or removing one real customer;`,
    `    the fit spent ε = ${Number(spent.epsilon.toPrecision(6))}, δ = ${Number(spent.delta.toPrecision(6))} over ${spent.releases} noisy releases (${privacy.accounting === 'zcdp' ? 'zCDP accounting' : 'pure ε-DP'}).`,
  ];
}

function protectionWords(manifest: Manifest): string[] {
  const { protection } = manifest;
  if (protection === undefined) return [];
  const { k, counts } = protection.kRule;
  const lines = [
    counts === 'customers'
      ? `  k rule: no category or value held by fewer than ${k} customers was stored, however many of their rows carry it; the unit protected is a customer with all their rows.`
      : `  k rule: no category or value held by fewer than ${k} rows was stored.`,
  ];
  const { contribution } = protection;
  if (contribution !== null) {
    const rows = contribution.rowsPerCustomer.map((t) => `${t.table} ${number(t.rows)}`).join(', ');
    lines.push(
      `  Contribution bound: each parent's first ${number(contribution.eventsPerParent)} child rows were used; at most these rows per customer reach the noise: ${rows}.`,
    );
  }
  return lines;
}

function validationWords(manifest: Manifest): string[] {
  const { validation } = manifest;
  if (validation === null) return ['Validation: none was run before release.'];
  const lines = [
    `Validation against ${number(validation.realRows)} real rows${validation.holdoutRows === null ? '' : ` and ${number(validation.holdoutRows)} unseen holdout rows`}:`,
    `  quality score ${score(validation.quality.overall)} (all pairs ${score(validation.quality.overallAllPairs)}; column shapes ${score(validation.quality.columnShapes)}, pair trends ${score(validation.quality.pairTrends)})`,
  ];
  if (validation.privacy === null) lines.push('  privacy tests: not run (no holdout)');
  else {
    const figures = Object.entries(validation.privacy)
      .filter(([, value]) => value !== null)
      .map(([name, value]) => `${name} ${score(value)}`);
    lines.push(`  privacy tests: ${figures.join(', ')}`);
  }
  const { policy } = validation;
  if (policy === null) lines.push('  release policy: none applied');
  else if (policy.passed) lines.push(`  release policy "${policy.name}": PASSED`);
  else lines.push(`  release policy "${policy.name}": FAILED on ${policy.failed.join(', ')}`);
  return lines;
}

/**
 * The manifest in words: what the bundle is, for whom, for what, until when, how it was protected,
 * and how it scored.
 */
export function describeManifest(manifest: Manifest): string {
  const fileList = manifest.files.map(
    (file) =>
      `  ${file.path}: ${number(file.rows)} rows, ${number(file.bytes)} bytes, SHA-256 ${file.sha256}`,
  );
  const suppressed = manifest.suppressedCategories.map(
    (s) =>
      `  ${s.column}: ${s.categories} rare categor${s.categories === 1 ? 'y' : 'ies'} (${number(s.rows)} rows) ${s.action === 'merge' ? `merged into "${s.otherLabel ?? 'other'}"` : 'dropped'}`,
  );
  const consent =
    manifest.consent.column === null
      ? 'Consent: no consent rule was applied.'
      : `Consent: only customers who consented (column "${manifest.consent.column}") were used; ${number(manifest.consent.rowsDropped)} rows without consent were dropped before fitting.`;
  const tables =
    manifest.tables === undefined
      ? []
      : [
          'Tables:',
          ...manifest.tables.map(
            (t) =>
              `  ${t.name}${t.parent === null ? ' (one row per customer)' : ` (rows of ${t.parent})`}: ${t.file}`,
          ),
        ];
  return [
    manifest.privacyCheck?.status === 'passed'
      ? `Synthetic data set "${manifest.dataset.name}": ${number(manifest.rows)} synthetic rows; the recorded privacy check found no real customer that can be singled out, linked or inferred (${manifest.privacyCheck.note}).`
      : `Synthetic data set "${manifest.dataset.name}": ${number(manifest.rows)} synthetic rows. NOT CHECKED for privacy: ${manifest.privacyCheck?.note ?? 'no privacy check is recorded'}; nothing here says whether a real customer can be found in it.`,
    `Made by ${manifest.generator.name} ${manifest.generator.version} on ${manifest.created} with seed ${manifest.seed}, from model ${manifest.model.name} (fitted by doppel ${manifest.model.fittedBy}, SHA-256 ${manifest.model.sha256}).`,
    manifest.dataset.schemaFile === null
      ? 'Dataset schema file: not recorded.'
      : `Dataset schema file: ${manifest.dataset.schemaFile.name} (SHA-256 ${manifest.dataset.schemaFile.sha256}).`,
    '',
    `For: ${manifest.recipient ?? 'no named recipient'}`,
    `Purpose: ${manifest.purpose}`,
    manifest.permittedUses.length === 0
      ? 'Permitted uses: only the purpose above.'
      : `Permitted uses:\n${manifest.permittedUses.map((use) => `  - ${use}`).join('\n')}`,
    `Licence or agreement: ${manifest.licence ?? 'none stated'}`,
    `May be used until: ${manifest.expires} (inclusive)`,
    '',
    'How it was protected:',
    ...privacyWords(manifest),
    ...protectionWords(manifest),
    `  ${consent}`,
    manifest.suppressedCategories.length === 0
      ? '  Rare categories: none had to be suppressed.'
      : `  Rare categories never stored by the model:\n${suppressed.join('\n')}`,
    '',
    ...validationWords(manifest),
    '',
    ...tables,
    'Files:',
    ...fileList,
  ].join('\n');
}
