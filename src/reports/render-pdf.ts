/**
 * report.pdf: the same document as report.html (report-content.ts), laid out for A4 with pdfkit, a pure-JS
 * renderer, so no browser is needed. Capped tables show fewer rows than on screen (paperLimits); each says where
 * the full list is. Text is set in DejaVu Sans (shipped by the dejavu-fonts-ttf package and
 * embedded as a subset), which covers Latin, Greek and Cyrillic names. Every page carries the report's title and
 * "Page n of N"; the contents on the first page give each section's page. The bytes depend only on the report:
 * the PDF's dates are the report's generation time and pdfkit derives the file id from them, so two renders of
 * one report are identical, as the evidence manifest needs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { paperLimits, reportContent } from './report-content.js';
import { isRichCell, plainText, type Block, type Cell, type Column, type ReportDocument, type Rich, type Tone } from './report-document.js';
import type { Report } from './report-model.js';
import type { BarChartSpec, ChartTone } from './svg-bar-chart.js';

const margin = 40;
const headerHeight = 14;
const pageSize: [number, number] = [595.28, 841.89];
const contentWidth = pageSize[0] - 2 * margin;

const colours = { ink: '#1a1a1a', muted: '#666666', line: '#d6d6d6', soft: '#f0f1f3' } as const;
const toneColours: Record<Tone, string> = { ok: '#1b7f3b', bad: '#c62828', warn: '#a15c00', muted: '#757575' };
const chartColours: Record<ChartTone, string> = {
  good: '#1b7f3b',
  bad: '#c62828',
  warn: '#a15c00',
  muted: '#757575',
  strong: '#1b5e20',
  standard: '#1565c0',
  weak: '#d84315',
};

/** Paper has no scrolling: cell text and bullet lists are cut at these lengths (the JSON has everything). */
const maxCellCharacters = 400;
const maxBullets = 4;

const fonts = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono.ttf' } as const;
type FontName = keyof typeof fonts;
let fontData: Record<FontName, Buffer> | undefined;

function loadFonts(): Record<FontName, Buffer> {
  if (!fontData) {
    const require = createRequire(import.meta.url);
    const read = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`));
    fontData = { regular: read(fonts.regular), bold: read(fonts.bold), mono: read(fonts.mono) };
  }
  return fontData;
}

export function renderPdf(report: Report): Uint8Array {
  return renderPdfDocument(reportContent(report, paperLimits), new Date(report.generatedAt), `${report.organisation.name} · data of ${report.snapshot.createdAt.slice(0, 10)}`);
}

export function renderPdfDocument(document: ReportDocument, createdAt: Date, runningTitle: string): Uint8Array {
  const pdf = new PDFDocument({
    size: pageSize,
    margins: { top: margin + headerHeight, bottom: margin, left: margin, right: margin },
    bufferPages: true,
    info: { Title: document.title, Author: 'mfa-coverage', Creator: 'mfa-coverage', Producer: 'mfa-coverage (pdfkit)', CreationDate: createdAt, ModDate: createdAt },
    lang: 'en',
    displayTitle: true,
  });
  const data = loadFonts();
  for (const name of Object.keys(fonts) as FontName[]) pdf.registerFont(name, data[name]);
  const layout = new PdfLayout(pdf);

  layout.text(document.heading, { font: 'bold', size: 22 });
  layout.text(document.organisation, { size: 14, gapAfter: 8 });
  for (const item of document.cover) layout.block(item);
  layout.text('Contents', { font: 'bold', size: 12, gapBefore: 8 });
  const contentsAt = layout.reserve(document.sections.length * 13);

  const sectionPages: number[] = [];
  document.sections.forEach((section, index) => {
    pdf.addPage();
    sectionPages.push(layout.pageIndex());
    layout.text(`${index + 1}. ${section.title}`, { font: 'bold', size: 15, gapAfter: 4 });
    layout.rule();
    for (const item of section.blocks) layout.block(item);
  });
  pdf.addPage();
  for (const line of document.footer) layout.text(plainText(line), { size: 8, colour: colours.muted, gapAfter: 4 });

  layout.at(contentsAt, () => {
    document.sections.forEach((section, index) => {
      const y = contentsAt.y + index * 13;
      pdf.font('regular').fontSize(9).fillColor(colours.ink);
      pdf.text(`${index + 1}. ${section.title}`, margin, y, { width: contentWidth - 60, lineBreak: false, ellipsis: true });
      pdf.text(`page ${(sectionPages[index] ?? 0) + 1}`, margin + contentWidth - 60, y, { width: 60, align: 'right', lineBreak: false });
    });
  });
  layout.numberPages(runningTitle);

  pdf.end();
  return collect(pdf);
}

/** pdfkit writes synchronously; after `end()` the whole file is in the stream's buffer. */
function collect(pdf: PDFKit.PDFDocument): Uint8Array {
  const chunks: Buffer[] = [];
  for (let chunk = pdf.read() as Buffer | null; chunk !== null; chunk = pdf.read() as Buffer | null) chunks.push(chunk);
  if (!pdf.readableEnded && !(pdf as unknown as { _readableState: { ended: boolean } })._readableState.ended) {
    throw new Error('pdfkit did not finish the PDF synchronously.');
  }
  return new Uint8Array(Buffer.concat(chunks));
}

interface TextStyle {
  font?: FontName;
  size?: number;
  colour?: string;
  x?: number;
  width?: number;
  gapBefore?: number;
  gapAfter?: number;
}

interface Position {
  page: number;
  y: number;
}

/** A cursor over the pages: each block checks the room it needs and starts a new page when it runs out. */
class PdfLayout {
  private indent = 0;

  constructor(private readonly pdf: PDFKit.PDFDocument) {}

  pageIndex(): number {
    const range = this.pdf.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private bottom(): number {
    return pageSize[1] - margin;
  }

  private ensure(height: number): void {
    if (this.pdf.y + height > this.bottom()) this.pdf.addPage();
  }

  reserve(height: number): Position {
    this.ensure(height);
    const position = { page: this.pageIndex(), y: this.pdf.y };
    this.pdf.y += height;
    return position;
  }

  at(position: Position, draw: () => void): void {
    this.pdf.switchToPage(position.page);
    draw();
  }

  rule(): void {
    const y = this.pdf.y;
    this.pdf.moveTo(margin, y).lineTo(margin + contentWidth, y).lineWidth(1).strokeColor(colours.ink).stroke();
    this.pdf.y = y + 6;
  }

  text(value: string, style: TextStyle = {}): void {
    const size = style.size ?? 9;
    const x = style.x ?? margin + this.indent;
    const width = style.width ?? contentWidth - this.indent;
    this.pdf.font(style.font ?? 'regular').fontSize(size);
    if (style.gapBefore) this.pdf.y += style.gapBefore;
    const height = this.pdf.heightOfString(value, { width });
    this.ensure(Math.min(height, size * 3));
    this.pdf.fillColor(style.colour ?? colours.ink).text(value, x, this.pdf.y, { width });
    if (style.gapAfter) this.pdf.y += style.gapAfter;
  }

  block(item: Block): void {
    switch (item.kind) {
      case 'paragraph':
        this.text(plainText(item.text), { colour: item.muted ? colours.muted : colours.ink, gapAfter: 4 });
        return;
      case 'heading':
        this.ensure(60);
        this.text(plainText(item.text), { font: 'bold', size: 11, gapBefore: 6, gapAfter: 3 });
        return;
      case 'facts':
        this.facts(item.facts);
        return;
      case 'figures':
        this.figures(item.figures);
        return;
      case 'panel':
        this.panel(item.tone, item.blocks);
        return;
      case 'list':
        for (const entry of item.items) this.text(`•  ${plainText(entry)}`, { x: margin + this.indent + 6, width: contentWidth - this.indent - 6, gapAfter: 1 });
        this.pdf.y += 3;
        return;
      case 'table':
        this.table(item.columns, item.rows, item.omitted);
        return;
      case 'chart':
        this.chart(item.chart, item.legend);
        return;
      case 'group':
        this.ensure(50);
        this.text(plainText(item.title), { font: 'bold', size: 10, gapBefore: 4, gapAfter: 2 });
        for (const inner of item.blocks) this.block(inner);
        return;
    }
  }

  private facts(facts: ReadonlyArray<{ term: string; value: Rich }>): void {
    const termWidth = 105;
    for (const { term, value } of facts) {
      const text = plainText(value);
      this.pdf.font('regular').fontSize(9);
      const height = this.pdf.heightOfString(text, { width: contentWidth - termWidth });
      this.ensure(height);
      const y = this.pdf.y;
      this.pdf.fillColor(colours.muted).text(term, margin, y, { width: termWidth - 8 });
      this.pdf.fillColor(colours.ink).text(text, margin + termWidth, y, { width: contentWidth - termWidth });
      this.pdf.y = y + height + 2;
    }
    this.pdf.y += 4;
  }

  private figures(figures: ReadonlyArray<{ value: string; label: string }>): void {
    const perRow = 3;
    const gap = 8;
    const width = (contentWidth - gap * (perRow - 1)) / perRow;
    const height = 46;
    for (let start = 0; start < figures.length; start += perRow) {
      this.ensure(height + gap);
      const y = this.pdf.y;
      figures.slice(start, start + perRow).forEach((figure, index) => {
        const x = margin + index * (width + gap);
        this.pdf.roundedRect(x, y, width, height, 3).lineWidth(0.75).strokeColor(colours.line).stroke();
        this.pdf.font('bold').fontSize(15).fillColor(colours.ink).text(figure.value, x + 8, y + 6, { width: width - 16, lineBreak: false, ellipsis: true });
        this.pdf.font('regular').fontSize(7).fillColor(colours.muted).text(figure.label, x + 8, y + 26, { width: width - 16, height: 18, ellipsis: true });
      });
      this.pdf.y = y + height + gap;
    }
  }

  private panel(tone: Tone, blocks: readonly Block[]): void {
    this.ensure(40);
    const page = this.pageIndex();
    const top = this.pdf.y;
    this.indent += 12;
    this.pdf.y += 4;
    for (const inner of blocks) this.block(inner);
    this.indent -= 12;
    // A panel that ran onto the next page gets its bar on the page where it ends.
    const from = this.pageIndex() === page ? top : margin + headerHeight;
    this.pdf.rect(margin, from, 4, this.pdf.y - from).fill(toneColours[tone]);
    this.pdf.y += 6;
  }

  private table(columns: readonly Column[], rows: ReadonlyArray<readonly Cell[]>, omitted: string | undefined): void {
    const totalWeight = columns.reduce((sum, column) => sum + (column.weight ?? 1), 0);
    const widths = columns.map((column) => ((column.weight ?? 1) / totalWeight) * contentWidth);
    const padding = 3;
    const drawHeader = () => {
      this.pdf.font('bold').fontSize(7.5);
      const height = Math.max(...columns.map((column, index) => this.pdf.heightOfString(column.header, { width: (widths[index] ?? 0) - 2 * padding }))) + 2 * padding;
      this.ensure(height + 20);
      const y = this.pdf.y;
      this.pdf.rect(margin, y, contentWidth, height).fill(colours.soft);
      let x = margin;
      columns.forEach((column, index) => {
        const width = widths[index] ?? 0;
        this.pdf.font('bold').fontSize(7.5).fillColor(colours.ink).text(column.header, x + padding, y + padding, { width: width - 2 * padding, align: column.numeric ? 'right' : 'left' });
        x += width;
      });
      this.pdf.y = y + height;
    };
    drawHeader();
    for (const row of rows) {
      const pieces = row.map((value, index) => cellPieces(value, columns[index]?.numeric === true));
      const heights = pieces.map((cell, index) => this.cellHeight(cell, (widths[index] ?? 0) - 2 * padding));
      const height = Math.max(10, ...heights) + 2 * padding;
      if (this.pdf.y + height > this.bottom()) {
        this.pdf.addPage();
        drawHeader();
      }
      const y = this.pdf.y;
      let x = margin;
      pieces.forEach((cell, index) => {
        const width = widths[index] ?? 0;
        this.drawCell(cell, x + padding, y + padding, width - 2 * padding);
        x += width;
      });
      this.pdf.moveTo(margin, y + height).lineTo(margin + contentWidth, y + height).lineWidth(0.5).strokeColor(colours.line).stroke();
      this.pdf.y = y + height;
    }
    this.pdf.y += 3;
    if (omitted) this.text(omitted, { size: 7.5, colour: colours.muted });
    this.pdf.y += 4;
  }

  private cellHeight(cell: CellPieces, width: number): number {
    let height = 0;
    for (const piece of cell) {
      this.pdf.font(piece.font).fontSize(piece.size);
      height += this.pdf.heightOfString(piece.text, { width }) + 1;
    }
    return height;
  }

  private drawCell(cell: CellPieces, x: number, y: number, width: number): void {
    let cursor = y;
    for (const piece of cell) {
      this.pdf.font(piece.font).fontSize(piece.size).fillColor(piece.colour);
      const height = this.pdf.heightOfString(piece.text, { width });
      this.pdf.text(piece.text, x, cursor, { width, align: piece.align });
      cursor += height + 1;
    }
  }

  private chart(chart: BarChartSpec, legend: ReadonlyArray<readonly [ChartTone, string]>): void {
    const rowHeight = 14;
    const labelWidth = 170;
    const barWidth = contentWidth - labelWidth - 90;
    this.ensure(Math.min(chart.rows.length, 6) * rowHeight + 30);
    this.text(chart.title, { font: 'bold', size: 8.5, gapAfter: 2 });
    const largest = Math.max(1, ...chart.rows.map((row) => row.segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0)));
    for (const row of chart.rows) {
      this.ensure(rowHeight);
      const y = this.pdf.y;
      const total = row.segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0);
      const scale = chart.scale === 'share' ? Math.max(1, total) : largest;
      this.pdf.font('regular').fontSize(7.5).fillColor(colours.ink).text(row.label, margin, y + 2, { width: labelWidth - 6, align: 'right', lineBreak: false, ellipsis: true });
      this.pdf.rect(margin + labelWidth, y + 2, barWidth, rowHeight - 4).fill(colours.soft);
      let x = margin + labelWidth;
      for (const segment of row.segments) {
        if (segment.value <= 0) continue;
        const width = (segment.value / scale) * barWidth;
        this.pdf.rect(x, y + 2, width, rowHeight - 4).fill(chartColours[segment.tone]);
        x += width;
      }
      this.pdf.font('regular').fontSize(7.5).fillColor(colours.ink).text(row.note, margin + labelWidth + barWidth + 6, y + 2, { width: 84, lineBreak: false, ellipsis: true });
      this.pdf.y = y + rowHeight;
    }
    this.ensure(14);
    const y = this.pdf.y + 2;
    let x = margin + labelWidth;
    for (const [tone, label] of legend) {
      this.pdf.rect(x, y + 1, 7, 7).fill(chartColours[tone]);
      this.pdf.font('regular').fontSize(7.5).fillColor(colours.ink);
      const width = this.pdf.widthOfString(label);
      this.pdf.text(label, x + 10, y, { lineBreak: false });
      x += width + 24;
    }
    this.pdf.y = y + 16;
  }

  /** The running head and "Page n of N" on every page, written once the page count is known. */
  numberPages(runningTitle: string): void {
    const range = this.pdf.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index += 1) {
      const page = this.pdf.switchToPage(index);
      // Writing into the margins must not make pdfkit think the page is full.
      const bottomMargin = page.margins.bottom;
      page.margins.bottom = 0;
      this.pdf.font('regular').fontSize(7).fillColor(colours.muted);
      this.pdf.text(runningTitle, margin, margin - 4, { width: contentWidth - 80, lineBreak: false, ellipsis: true });
      this.pdf.text(`Page ${index + 1} of ${range.count}`, margin, pageSize[1] - margin + 12, { width: contentWidth, align: 'right', lineBreak: false });
      page.margins.bottom = bottomMargin;
    }
  }
}

interface CellPiece {
  text: string;
  font: FontName;
  size: number;
  colour: string;
  align: 'left' | 'right';
}
type CellPieces = CellPiece[];

function cellPieces(cell: Cell, numeric: boolean): CellPieces {
  const align = numeric ? 'right' : 'left';
  const main = (text: Rich): CellPiece | undefined => {
    const plain = clip(plainText(text));
    if (plain === '') return undefined;
    const badge = typeof text !== 'string' && text.length === 1 && typeof text[0] === 'object' ? text[0] : undefined;
    return { text: plain, font: badge?.style === 'strong' || badge?.style === 'badge' ? 'bold' : badge?.style === 'code' ? 'mono' : 'regular', size: 7.5, colour: badge?.tone ? toneColours[badge.tone] : badge?.style === 'muted' ? colours.muted : colours.ink, align };
  };
  if (!isRichCell(cell)) return [main(cell)].filter((piece): piece is CellPiece => piece !== undefined);
  const pieces: CellPieces = [];
  const head = main(cell.text);
  if (head) pieces.push(head);
  for (const line of cell.detail ?? []) pieces.push({ text: clip(line), font: 'regular', size: 6.5, colour: colours.muted, align });
  const bullets = cell.bullets ?? [];
  for (const line of bullets.slice(0, maxBullets)) pieces.push({ text: `• ${clip(line)}`, font: 'regular', size: 7, colour: colours.ink, align });
  if (bullets.length > maxBullets) pieces.push({ text: `… ${bullets.length - maxBullets} more`, font: 'regular', size: 6.5, colour: colours.muted, align });
  return pieces;
}

function clip(text: string): string {
  const characters = [...text];
  return characters.length > maxCellCharacters ? `${characters.slice(0, maxCellCharacters - 1).join('')}…` : text;
}
