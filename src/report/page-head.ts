/** The `<head>` every doppel report page shares, so both reports keep one security policy and style. */
import { html, type Markup, trusted } from './html.js';
import { REPORT_CSS } from './report-style.js';

/** No network, no script: styles inline, images only as data: URLs. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The page head: charset, Content Security Policy, viewport, generator, title and the report CSS. */
export function pageHead(title: string, doppelVersion: string): Markup {
  return html`<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="doppel ${doppelVersion}">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${trusted(REPORT_CSS)}</style>
</head>`;
}
