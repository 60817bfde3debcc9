/**
 * report.html: one self-contained page for a supervisor, laid out from the report document (report-content.ts)
 * that the PDF shares. No script, stylesheet, font or image is fetched from anywhere, and a Content Security
 * Policy forbids it even if a tenant string slipped through: every string of the document goes through the
 * `html` tag, which escapes it. Long groups are folded in `<details>`, and capped tables point at the CSV and
 * JSON, so the page stays light at 100,000 accounts.
 */
import { reportStylesheet } from './html-report-style.js';
import { reportContent } from './report-content.js';
import { isRichCell, type Block, type Cell, type Column, type ReportDocument, type Rich } from './report-document.js';
import type { Report } from './report-model.js';
import { escapeHtml, html, joinHtml, type SafeHtml } from './safe-html.js';
import { svgBarChart } from './svg-bar-chart.js';

export function renderHtml(report: Report): string {
  return renderHtmlDocument(reportContent(report));
}

export function renderHtmlDocument(document: ReportDocument): string {
  const body = html`<body>
<header>
<h1>${document.heading}</h1>
<p class="organisation">${document.organisation}</p>
${document.cover.map(block)}
</header>
<nav aria-label="Contents"><ol>${document.sections.map((section) => html`<li><a href="#${section.id}">${section.title}</a></li>`)}</ol></nav>
<main>
${joinHtml(
  document.sections.map(
    (section, index) => html`<section id="${section.id}">
<h2>${index + 1}. ${section.title}</h2>
${joinHtml(section.blocks.map(block), html`\n`)}
</section>`,
  ),
  html`\n`,
)}
</main>
<footer>${document.footer.map((line) => html`<p>${rich(line)}</p>`)}</footer>
</body>`;
  // The head is assembled as a string because the stylesheet is our own constant markup, not a value to escape.
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(document.title)}</title>
<style>${reportStylesheet}</style>
</head>
${body.toString()}
</html>
`;
}

function block(item: Block): SafeHtml {
  switch (item.kind) {
    case 'paragraph':
      return item.muted ? html`<p class="empty">${rich(item.text)}</p>` : html`<p>${rich(item.text)}</p>`;
    case 'heading':
      return html`<h3>${rich(item.text)}</h3>`;
    case 'facts':
      return html`<dl class="meta">${item.facts.map(({ term, value }) => html`<dt>${term}</dt><dd>${rich(value)}</dd>`)}</dl>`;
    case 'figures':
      return html`<div class="headline">${item.figures.map(({ value, label }) => html`<div class="figure"><span class="value">${value}</span><span class="label">${label}</span></div>`)}</div>`;
    case 'panel':
      return html`<section${item.id ? html` id="${item.id}"` : ''} class="panel ${item.tone}">${item.blocks.map(block)}</section>`;
    case 'list':
      return html`<ul>${item.items.map((entry) => html`<li>${rich(entry)}</li>`)}</ul>`;
    case 'table':
      return table(item.columns, item.rows, item.omitted);
    case 'chart':
      return html`${svgBarChart(item.chart)}<ul class="legend">${item.legend.map(([tone, label]) => html`<li><span class="swatch tone-${tone}"></span>${label}</li>`)}</ul>`;
    case 'group':
      return html`<details class="group"${item.id ? html` id="${item.id}"` : ''}${item.open ? html` open` : ''}><summary>${rich(item.title)}</summary>
${item.blocks.map(block)}
</details>`;
  }
}

function table(columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>, omitted: string | undefined): SafeHtml {
  // Column widths as classes (the page allows no style attribute): the weight's share in whole per cent.
  const totalWeight = columns.reduce((sum, column) => sum + (column.weight ?? 1), 0);
  const widths = columns.map((column) => Math.max(1, Math.min(100, Math.round(((column.weight ?? 1) / totalWeight) * 100))));
  const colgroup = html`<colgroup>${widths.map((width) => html`<col class="w-${width}">`)}</colgroup>`;
  const header = html`<thead><tr>${columns.map((column) => (column.numeric ? html`<th class="number">${column.header}</th>` : html`<th>${column.header}</th>`))}</tr></thead>`;
  const body = rows.map(
    (row) => html`<tr>${row.map((value, index) => (columns[index]?.numeric ? html`<td class="number">${cell(value)}</td>` : html`<td>${cell(value)}</td>`))}</tr>`,
  );
  return html`<table class="columns">${colgroup}
${header}
<tbody>${joinHtml(body, html`\n`)}</tbody>
</table>${omitted ? html`<p class="capped">${omitted}</p>` : ''}`;
}

function cell(value: Cell): SafeHtml {
  if (!isRichCell(value)) return rich(value);
  return html`${rich(value.text)}${(value.detail ?? []).map((line) => html`<span class="login">${line}</span>`)}${value.bullets && value.bullets.length > 0 ? html`<ul>${value.bullets.map((entry) => html`<li>${entry}</li>`)}</ul>` : ''}`;
}

function rich(text: Rich): SafeHtml {
  if (typeof text === 'string') return html`${text}`;
  return joinHtml(
    text.map((part) => {
      if (typeof part === 'string') return html`${part}`;
      switch (part.style) {
        case 'strong':
          return html`<strong>${part.text}</strong>`;
        case 'code':
          return html`<code>${part.text}</code>`;
        case 'badge':
          return html`<span class="badge ${part.tone ?? 'muted'}">${part.text}</span>`;
        case 'muted':
          return html`<span class="empty">${part.text}</span>`;
      }
    }),
  );
}
