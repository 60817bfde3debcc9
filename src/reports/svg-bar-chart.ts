/**
 * Horizontal bar charts as inline SVG, so the HTML report needs no script, font or image from anywhere.
 * Each row is a stack of segments; `share` scales every row to its own total (coverage proportions),
 * `count` scales rows against the largest total (distributions). Colours come from the page's CSS classes
 * (`tone-*`), and each bar carries its numbers as text for readers who cannot tell the colours apart.
 */
import { html, joinHtml, type SafeHtml } from './safe-html.js';

/** Each tone has a `tone-*` rule in the report's stylesheet. */
export type ChartTone = 'good' | 'bad' | 'warn' | 'muted' | 'strong' | 'standard' | 'weak';

export interface ChartSegment {
  value: number;
  tone: ChartTone;
}

export interface ChartRow {
  label: string;
  segments: readonly ChartSegment[];
  /** Text after the bar (e.g. "82.4% of 1,230"). */
  note: string;
}

export interface BarChartSpec {
  /** A constant identifier (never tenant data): it names the chart's title element. */
  id: string;
  title: string;
  scale: 'share' | 'count';
  rows: readonly ChartRow[];
}

const layout = { width: 720, labelWidth: 210, barWidth: 360, rowHeight: 24, barHeight: 16, top: 8 } as const;
const maxLabelLength = 30;

export function svgBarChart(spec: BarChartSpec): SafeHtml {
  const height = layout.top * 2 + spec.rows.length * layout.rowHeight;
  const largest = Math.max(1, ...spec.rows.map(rowTotal));
  const rows = spec.rows.map((row, index) => {
    const y = layout.top + index * layout.rowHeight;
    const total = rowTotal(row);
    const scaleTotal = spec.scale === 'share' ? Math.max(1, total) : largest;
    let x = layout.labelWidth;
    const segments = row.segments
      .filter((segment) => segment.value > 0)
      .map((segment) => {
        const width = (segment.value / scaleTotal) * layout.barWidth;
        const rect = html`<rect class="tone-${segment.tone}" x="${coordinate(x)}" y="${y + (layout.rowHeight - layout.barHeight) / 2}" width="${coordinate(width)}" height="${layout.barHeight}"></rect>`;
        x += width;
        return rect;
      });
    const label = truncate(row.label);
    const textY = y + layout.rowHeight / 2 + 4;
    return html`<g><title>${row.label}: ${row.note}</title><text class="chart-label" x="${layout.labelWidth - 8}" y="${textY}" text-anchor="end">${label}</text><rect class="chart-track" x="${layout.labelWidth}" y="${y + (layout.rowHeight - layout.barHeight) / 2}" width="${layout.barWidth}" height="${layout.barHeight}"></rect>${segments}<text class="chart-note" x="${layout.labelWidth + layout.barWidth + 8}" y="${textY}">${row.note}</text></g>`;
  });
  return html`<svg class="chart" role="img" aria-labelledby="${spec.id}-title" viewBox="0 0 ${layout.width} ${height}" width="${layout.width}" height="${height}"><title id="${spec.id}-title">${spec.title}</title>${joinHtml(rows)}</svg>`;
}

/** SVG text does not wrap; cut by code point so a surrogate pair is never split. */
function truncate(text: string): string {
  const characters = [...text];
  return characters.length > maxLabelLength ? `${characters.slice(0, maxLabelLength - 1).join('')}…` : text;
}

function rowTotal(row: ChartRow): number {
  return row.segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0);
}

/** Two decimals at most, so the markup does not depend on floating-point noise. */
function coordinate(value: number): string {
  return String(Math.round(value * 100) / 100);
}
