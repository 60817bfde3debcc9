/**
 * report.pdf, read back with PDF.js (a real parser, not our own writer's view of it): pages, page numbers, the
 * contents' page references, tenant strings as text, Unicode names and byte-for-byte determinism.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { buildReport } from '../../src/reports/build-report.js';
import { reportContent } from '../../src/reports/report-content.js';
import { renderPdf } from '../../src/reports/render-pdf.js';
import { account, fixtureInput, hostileDisplayName, sourceMeta } from './report-fixtures.js';

const unicodeName = 'Zoë Ångström-Дмитриева';

function input() {
  const base = fixtureInput();
  const extra = [account({ id: 'u-90', login: 'zoe.a@contoso.example', displayName: unicodeName, registered: 'no', covered: 'no' })];
  return {
    ...base,
    sources: [...base.sources, { meta: sourceMeta({ sourceId: 'entra-second', connector: 'entra' as const, tenant: 'second.onmicrosoft.com' }), analysis: { accounts: extra, findings: [], policies: [] } }],
  };
}

/** The text of each page, its items joined by spaces. */
async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let number = 1; number <= document.numPages; number += 1) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await document.destroy();
  return pages;
}

describe('renderPdf', () => {
  const report = buildReport(input());
  const bytes = renderPdf(report);
  let pages: string[];

  beforeAll(async () => {
    pages = await pageTexts(bytes);
  });

  it('is a PDF with a page per section at least, each numbered "Page n of N"', () => {
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const sections = reportContent(report).sections;
    expect(pages.length).toBeGreaterThan(sections.length);
    pages.forEach((text, index) => expect(text).toContain(`Page ${index + 1} of ${pages.length}`));
  });

  it('starts each section on the page the contents give', () => {
    const sections = reportContent(report).sections;
    const cover = pages[0] ?? '';
    expect(cover).toContain('Contents');
    sections.forEach((section, index) => {
      const title = `${index + 1}. ${section.title}`;
      const match = new RegExp(`${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} page (\\d+)`).exec(cover);
      expect(match).not.toBeNull();
      const page = Number(match?.[1]);
      expect(pages[page - 1]).toContain(title);
    });
  });

  it('carries the cover, the summary and the not-covered list with tenant strings as plain text', () => {
    const text = pages.join('\n');
    expect(pages[0]).toContain('MFA coverage report');
    expect(pages[0]).toContain('Contoso & <Partners>');
    expect(pages[0]).toContain('Data incomplete');
    for (const title of ['Executive summary', 'Accounts not covered (4)', 'Exceptions register as applied', 'Findings by severity', 'Trend and changes since the previous report']) expect(text).toContain(title);
    expect(text).toContain(hostileDisplayName);
    expect(text).toContain(unicodeName);
  });

  it('gives the same bytes for the same report', () => {
    expect(Buffer.from(renderPdf(buildReport(input()))).equals(Buffer.from(bytes))).toBe(true);
  });
});
