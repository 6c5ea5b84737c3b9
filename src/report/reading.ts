import { html, type Markup } from './html.js';

/**
 * One line under a figure saying which way is good, in words a data owner reads (issue 12): a
 * score without its direction invites the wrong conclusion.
 */
export function readingNote(text: Markup | string): Markup {
  return html`<p class="reading"><strong>How to read it:</strong> ${text}</p>`;
}
