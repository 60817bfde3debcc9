/**
 * The HTML report's stylesheet, inlined in the page: no external font, image or stylesheet, so the file reads
 * the same offline, in an archive and on paper. The print rules keep table headers on every page and rows whole,
 * and unfold folded groups where the browser allows it (report.pdf is the paper form either way).
 */
/** `w-1` … `w-100`: a table column's share of the width, which the HTML renderer sets from the column's weight. */
const columnWidths = Array.from({ length: 100 }, (_, index) => `col.w-${index + 1} { width: ${index + 1}%; }`).join('\n');

export const reportStylesheet = `
:root { --good: #1b7f3b; --bad: #c62828; --warn: #a15c00; --muted: #757575; --strong: #1b5e20; --standard: #1565c0; --weak: #d84315;
  --ink: #1a1a1a; --line: #d6d6d6; --soft: #f4f5f7; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p { margin: 6px 0; }
.organisation { font-size: 18px; margin: 0 0 8px; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 16px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.panel { border: 1px solid var(--line); border-left-width: 6px; border-radius: 4px; padding: 10px 14px; margin: 12px 0; }
.panel.ok { border-left-color: var(--good); }
.panel.warn { border-left-color: var(--warn); background: #fff8e6; }
.panel.bad { border-left-color: var(--bad); background: #fdecea; }
.panel ul { margin: 4px 0; padding-left: 20px; }
.headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.figure { border: 1px solid var(--line); border-radius: 4px; padding: 10px 16px; min-width: 150px; }
.figure .value { display: block; font-size: 26px; font-weight: 700; }
.figure .label { color: var(--muted); }
nav ol { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 2px 18px; padding-left: 0; margin: 8px 0; list-style-position: inside; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
table.columns { table-layout: fixed; }
${columnWidths}
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td ul { margin: 0; padding-left: 16px; }
.login { display: block; color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.badge.ok { color: var(--good); }
.badge.bad { color: var(--bad); }
.badge.warn { color: var(--warn); }
.badge.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
details > summary { cursor: pointer; font-weight: 600; padding: 6px 0; }
details.group { border-top: 1px solid var(--line); margin: 6px 0; }
.capped { color: var(--muted); font-size: 12px; font-style: italic; }
code { font-size: 12px; }
.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; }
.chart-label, .chart-note { font-size: 12px; fill: var(--ink); }
.chart-track { fill: var(--soft); }
.tone-good { fill: var(--good); }
.tone-bad { fill: var(--bad); }
.tone-warn { fill: var(--warn); }
.tone-muted { fill: var(--muted); }
.tone-strong { fill: var(--strong); }
.tone-standard { fill: var(--standard); }
.tone-weak { fill: var(--weak); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin: 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: baseline; }
.swatch.tone-good { background: var(--good); } .swatch.tone-bad { background: var(--bad); } .swatch.tone-warn { background: var(--warn); }
.swatch.tone-strong { background: var(--strong); } .swatch.tone-standard { background: var(--standard); } .swatch.tone-weak { background: var(--weak); }
.print-only { display: none; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .screen-only { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  .print-only { display: block; }
  h2 { break-after: avoid; }
  .panel, .figure, .chart, tr { break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
}
`;
