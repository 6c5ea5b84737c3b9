/** The utility check: what was trained and tested, both scores and their ratio. */
import type { ValidationReport } from '../validate/validate.js';
import { count, fixed, signed } from './format.js';
import { html, type Markup, trusted } from './html.js';
import type { PlotDocument } from './plot-document.js';
import { readingNote } from './reading.js';
import { utilityPlot } from './utility-plot.js';

export function utilitySection(report: ValidationReport, document: PlotDocument): Markup {
  const { utility } = report;
  if (!utility) {
    return html`<section id="utility"><h2>Utility</h2><p class="note">No utility check: the schema names no <code>target</code> and none was given with <code>--target</code>.</p></section>`;
  }
  const real = utility.trainOnReal.score;
  const uninformative =
    real !== null && utility.baseline !== null && real <= utility.baseline + 0.01
      ? html`<p class="note">The model trained on real data barely beats the baseline: “${utility.target}” is hard to predict from the other columns, so this comparison says little about the synthetic data.</p>`
      : '';
  const classification = utility.task === 'classification';
  const secondary = (scores: typeof utility.trainOnReal) =>
    classification
      ? `macro F1 ${fixed(scores.macroF1)}`
      : `mean absolute error ${fixed(scores.meanAbsoluteError)}`;
  const test =
    utility.testSource === 'holdout'
      ? 'the real holdout rows, which the generator never saw'
      : 'a seeded 30% of the real rows set aside for testing (no holdout was given, so the generator may have seen them)';
  return html`<section id="utility">
<h2>Utility: train on synthetic, test on real</h2>
<div class="two"><div>
<table><tbody>
<tr><th>target</th><td>${utility.target} (${utility.task}${utility.classes === undefined ? '' : html`, ${count(utility.classes)} classes`})</td></tr>
<tr><th>model</th><td>${utility.model}, ${count(utility.features)} features</td></tr>
<tr><th>train on real</th><td>${utility.metric === 'accuracy' ? 'accuracy' : 'R²'} ${fixed(utility.trainOnReal.score)} · ${secondary(utility.trainOnReal)}</td></tr>
<tr><th>train on synthetic</th><td>${utility.metric === 'accuracy' ? 'accuracy' : 'R²'} ${fixed(utility.trainOnSynthetic.score)} · ${secondary(utility.trainOnSynthetic)}</td></tr>
<tr><th>ratio (synthetic / real)</th><td>${fixed(utility.ratio)}; difference ${signed(utility.difference === null ? null : -utility.difference, 4)}</td></tr>
<tr><th>baseline</th><td>${classification ? 'always the majority class' : 'always the training mean'}: ${fixed(utility.baseline)}</td></tr>
<tr><th>rows</th><td>${count(utility.rows.realTrain)} real and ${count(utility.rows.syntheticTrain)} synthetic training rows; tested on ${count(utility.rows.test)} rows of ${test}${utility.subsampled ? '; larger tables were subsampled at random' : ''}</td></tr>
</tbody></table></div>
<div class="panel">${trusted(utilityPlot(utility, document))}</div></div>
${readingNote('Good when the “train on synthetic” score reaches the “train on real” score: a ratio near 1 (or above) means the synthetic data teaches a model as well as the real data; well below 1, it teaches worse. Both scores: higher is better.')}
${uninformative}
</section>`;
}
