import { FLAG_COLOR, OK_COLOR, REAL_COLOR, SYNTHETIC_COLOR } from './palette.js';

/** The report's whole stylesheet, inline: system fonts only, so the file needs no network. */
export const REPORT_CSS = `
:root { color-scheme: light; --real: ${REAL_COLOR}; --synthetic: ${SYNTHETIC_COLOR}; --flag: ${FLAG_COLOR}; --ok: ${OK_COLOR}; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1f; background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 1px solid #d8dbe0; }
h3 { font-size: 15px; margin: 0 0 6px; overflow-wrap: anywhere; }
p.lead { margin: 0 0 18px; color: #555; }
nav { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 12px 0 0; font-size: 13px; }
nav a { color: #35507a; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 26px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .label { font-size: 12.5px; color: #555; }
.gate { display: inline-block; font-weight: 700; padding: 4px 12px; border-radius: 999px; color: #fff; }
.gate.pass { background: var(--ok); } .gate.fail { background: var(--flag); }
table { border-collapse: collapse; background: #fff; font-size: 13px; width: 100%; }
th, td { padding: 5px 10px; border-bottom: 1px solid #eceef1; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f2f5; font-weight: 600; position: sticky; top: 0; }
tbody th { position: static; white-space: nowrap; width: 1%; }
thead th { overflow-wrap: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.chosen td { font-weight: 600; }
.scroll { max-height: 520px; overflow: auto; border: 1px solid #e1e4e8; border-radius: 6px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(500px, 1fr)); gap: 16px; }
.panel { background: #fff; border: 1px solid #e1e4e8; border-radius: 8px; padding: 12px 14px; min-width: 0; }
.panel .meta { font-size: 12.5px; color: #555; margin-bottom: 6px; }
.panel svg { max-width: 100%; height: auto; }
.heatmaps { display: grid; grid-template-columns: 1fr; gap: 16px; }
.legend { display: flex; gap: 16px; align-items: center; font-size: 13px; margin: 4px 0 12px; }
.chip { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.chip.real { background: var(--real); opacity: 0.7; } .chip.synthetic { background: var(--synthetic); }
.flag { color: var(--flag); font-weight: 650; } .ok { color: var(--ok); }
.note { font-size: 12.5px; color: #555; }
.reading { font-size: 13px; color: #333; background: #eef3f8; border-left: 3px solid #8aa4c0; padding: 6px 10px; margin: 8px 0 12px; }
.heatmaps .panel { overflow-x: auto; }
.heatmaps .panel svg { max-width: none; }
.two { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 16px; align-items: start; }
footer { margin-top: 48px; font-size: 12.5px; color: #666; }
`;
