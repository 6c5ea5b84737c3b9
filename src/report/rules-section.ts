/** Business-rule adherence: per rule, the share of real and synthetic rows that satisfy it. */
import type { ValidationReport } from '../validate/validate.js';
import { count, percent } from './format.js';
import { html, type Markup } from './html.js';

export function rulesSection(report: ValidationReport): Markup | null {
  const rules = report.rules;
  if (rules === undefined || rules.length === 0) return null;
  const cell = (share: { rows: number; share: number | null } | null, flag: boolean) =>
    html`<td class="num${flag ? ' flag' : ''}">${share?.share == null ? 'n/a' : percent(share.share, 2)}</td><td class="num">${share === null ? '' : count(share.rows)}</td>`;
  return html`<section><h2>Business rules</h2>
  <p>Each rule of the schema, with the share of rows that satisfy it among the rows it applies to (its columns present). Enforced rules hold on every synthetic row by construction.</p>
  <table><thead><tr><th>rule</th><th class="num">real</th><th class="num">real rows</th><th class="num">synthetic</th><th class="num">synthetic rows</th></tr></thead><tbody>${rules.map(
    (entry) =>
      html`<tr><td>${entry.description}</td>${cell(entry.real, false)}${cell(entry.synthetic, (entry.synthetic?.share ?? 1) < (entry.real?.share ?? 1))}</tr>`,
  )}</tbody></table></section>`;
}
