/**
 * The report as a document: sections of headings, paragraphs, facts, tables, charts and collapsible groups,
 * holding plain strings only. report-content.ts builds it once from the report; render-html.ts and
 * render-pdf.ts lay the same document out for a browser and for paper, so the two formats never disagree on
 * what the report says. No string in it is markup: each renderer escapes or draws text as text.
 */
import type { BarChartSpec, ChartTone } from './svg-bar-chart.js';

export type Tone = 'ok' | 'bad' | 'warn' | 'muted';

/** A styled run of text inside a paragraph or cell. */
export interface Span {
  text: string;
  style: 'strong' | 'code' | 'badge' | 'muted';
  /** For badges. */
  tone?: Tone;
}

/** Text with optional styled runs. */
export type Rich = string | readonly (string | Span)[];

/** A table cell: its text, then smaller lines under it, then a bullet list. */
export interface RichCell {
  text: Rich;
  detail?: readonly string[];
  bullets?: readonly string[];
}
export type Cell = Rich | RichCell;

export interface Column {
  header: string;
  numeric?: boolean;
  /** Relative width on paper (default 1). */
  weight?: number;
}

export type Block =
  | { kind: 'paragraph'; text: Rich; muted?: boolean }
  | { kind: 'heading'; text: Rich }
  | { kind: 'facts'; facts: ReadonlyArray<{ term: string; value: Rich }> }
  | { kind: 'figures'; figures: ReadonlyArray<{ value: string; label: string }> }
  | { kind: 'panel'; id?: string; tone: Tone; blocks: readonly Block[] }
  | { kind: 'list'; items: readonly Rich[] }
  /** `rows` may be a capped prefix of `total` rows; `omitted` then says where the rest is. */
  | { kind: 'table'; columns: readonly Column[]; rows: ReadonlyArray<readonly Cell[]>; total: number; omitted?: string }
  | { kind: 'chart'; chart: BarChartSpec; legend: ReadonlyArray<readonly [ChartTone, string]> }
  /** A group a reader can fold (a `<details>` on screen; a sub-heading on paper). */
  | { kind: 'group'; id?: string; title: Rich; open: boolean; blocks: readonly Block[] };

export interface DocumentSection {
  /** A constant anchor (never tenant data). */
  id: string;
  title: string;
  blocks: readonly Block[];
}

export interface ReportDocument {
  title: string;
  heading: string;
  organisation: string;
  /** The first page: facts, completeness, headline figures. */
  cover: readonly Block[];
  sections: readonly DocumentSection[];
  footer: readonly Rich[];
}

export function isRichCell(cell: Cell): cell is RichCell {
  return typeof cell === 'object' && !Array.isArray(cell);
}

/** The plain text of rich text (for widths, titles and tests). */
export function plainText(text: Rich): string {
  return typeof text === 'string' ? text : text.map((part) => (typeof part === 'string' ? part : part.text)).join('');
}
