/**
 * Page layout for the summary report: US Letter pages that flow paragraphs and tables onto as many
 * pages as needed, with word wrap, repeated table headers and "Page N of M" footers. (The motions,
 * the bulk motion and the notice of challenge are pleading paper: see pleading.ts.)
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { breakWord } from './break-word';
import type { EmbeddedFonts } from './fonts';

export type Fonts = EmbeddedFonts;

/** US Letter in points. */
export const LETTER_PORTRAIT: [number, number] = [612, 792];
export const LETTER_LANDSCAPE: [number, number] = [792, 612];
export const MARGIN = 40;
export const INK: Rgb = [0.1, 0.1, 0.1];
const RULE: Rgb = [0.55, 0.55, 0.55];
const HEADER_FILL: Rgb = [0.88, 0.88, 0.88];
const STRIPE_FILL: Rgb = [0.96, 0.96, 0.96];

/**
 * Greedy word wrap to `width` points. A word wider than the line (a long case-number list with no
 * spaces) is broken between characters, so nothing is ever drawn past its cell.
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  const space = font.widthOfTextAtSize(' ', size);
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    let lineWidth = 0;
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      let wordWidth = font.widthOfTextAtSize(word, size);
      if (line !== '' && lineWidth + space + wordWidth <= width) {
        line += ` ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line !== '') lines.push(line);
      if (wordWidth > width) {
        const pieces = breakWord(word, font, size, width);
        word = pieces.pop()!;
        lines.push(...pieces);
        wordWidth = font.widthOfTextAtSize(word, size);
      }
      line = word;
      lineWidth = wordWidth;
    }
    lines.push(line);
  }
  return lines;
}

export type Rgb = readonly [number, number, number];

/** Shortest decimal for a PDF number: content streams are text, and 10,000 rows add up. */
const num = (n: number) => String(Math.round(n * 100) / 100);

/**
 * A cursor running down the pages of a document: `need(h)` starts a new page when less than h
 * points are left. `onPage` draws whatever repeats at the top of every page (a table's header).
 *
 * Drawing goes into a plain string of PDF operators per page, compressed into the page's content
 * stream when the page is done. pdf-lib's own drawText/drawRectangle keep an object per operator
 * until the document is saved: about 600 KB of heap per page of a table, 250 MB for 10,000
 * people, against a few MB this way.
 */
export class PageFlow {
  page!: PDFPage;
  y = 0;
  onPage: (() => void) | null = null;
  private ops: string[] = [];
  private fontKeys = new Map<PDFFont, string>();

  constructor(
    readonly doc: PDFDocument,
    readonly size: [number, number],
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  get left(): number {
    return MARGIN;
  }
  get width(): number {
    return this.size[0] - 2 * MARGIN;
  }
  /** Room kept at the bottom for the page number. */
  get bottom(): number {
    return MARGIN + 14;
  }
  get top(): number {
    return this.size[1] - MARGIN;
  }

  newPage(): void {
    this.flush();
    this.page = this.doc.addPage(this.size);
    this.fontKeys.clear();
    this.y = this.top;
    this.onPage?.();
  }

  /** Writes the current page's drawing into its content stream; call once more at the end. */
  flush(): void {
    if (this.ops.length === 0) return;
    const stream = this.doc.context.flateStream(`q\n${this.ops.join('\n')}\nQ\n`);
    this.page.node.addContentStream(this.doc.context.register(stream));
    this.ops = [];
  }

  need(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  /** One line of text with its baseline at y. The font records the glyphs for its subset. */
  text(line: string, x: number, y: number, size: number, font: PDFFont, color: Rgb = INK): void {
    let key = this.fontKeys.get(font);
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref).toString();
      this.fontKeys.set(font, key);
    }
    this.ops.push(
      `BT ${color.map(num).join(' ')} rg ${key} ${num(size)} Tf ${num(x)} ${num(y)} Td ` +
        `${font.encodeText(line).toString()} Tj ET`,
    );
  }

  rect(x: number, y: number, width: number, height: number, fill: Rgb): void {
    this.ops.push(
      `${fill.map(num).join(' ')} rg ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, color: Rgb, thickness = 0.6): void {
    this.ops.push(
      `${num(thickness)} w ${color.map(num).join(' ')} RG ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S`,
    );
  }

  /** Wrapped text across the full width, continuing on new pages as needed. */
  paragraph(text: string, opts: { size?: number; bold?: boolean; gap?: number } = {}): void {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const lineHeight = size * 1.3;
    for (const line of wrapText(text, font, size, this.width)) {
      this.need(lineHeight);
      this.text(line, this.left, this.y - size, size, font);
      this.y -= lineHeight;
    }
    this.y -= opts.gap ?? 4;
  }
}

export interface TableColumn {
  header: string;
  /** Share of the table's width. */
  weight: number;
  align?: 'left' | 'right';
}

/**
 * A ruled table with the header row repeated at the top of every page it runs onto. Rows are
 * wrapped to their cells; a row too tall for the space left moves to the next page, and a row
 * taller than a whole page is split between pages, so no text is ever clipped.
 */
export function drawTable(
  flow: PageFlow,
  columns: readonly TableColumn[],
  rows: Iterable<readonly string[]>,
  opts: { size?: number; width?: number; header?: boolean; boldFirst?: boolean } = {},
): void {
  const size = opts.size ?? 9;
  const pad = 3;
  const lineHeight = size * 1.25;
  const total = columns.reduce((n, c) => n + c.weight, 0);
  const widths = columns.map((c) => ((opts.width ?? flow.width) * c.weight) / total);
  const textWidths = widths.map((w) => w - 2 * pad);
  const bodyFonts = columns.map((_, i) =>
    opts.boldFirst && i === 0 ? flow.fonts.bold : flow.fonts.regular,
  );

  const tableWidth = widths.reduce((a, b) => a + b, 0);
  const rule = (x1: number, y1: number, x2: number, y2: number) => flow.line(x1, y1, x2, y2, RULE);
  // The grid is drawn per page: a rule under each row as it is placed, and the column rules
  // once, when the page's part of the table is complete. One line per row and a handful per
  // page, instead of a box per cell, keeps a 10,000-row list small and quick to make.
  let segmentTop: number | null = null;
  const startSegment = () => {
    segmentTop = flow.y;
    rule(flow.left, flow.y, flow.left + tableWidth, flow.y);
  };
  const closeSegment = () => {
    if (segmentTop === null) return;
    let x = flow.left;
    for (const w of [0, ...widths]) {
      x += w;
      rule(x, segmentTop, x, flow.y);
    }
    segmentTop = null;
  };

  const drawRow = (cells: string[][], first: number, count: number, header: boolean, n = 0) => {
    const height = count * lineHeight + 2 * pad;
    if (segmentTop === null) startSegment();
    if (header || n % 2 === 1) {
      // Short of the rule above by its half-width, so the fill does not paint over it.
      const fill = header ? HEADER_FILL : STRIPE_FILL;
      flow.rect(flow.left, flow.y - height, tableWidth, height - 0.3, fill);
    }
    let x = flow.left;
    columns.forEach((column, i) => {
      const font = header ? flow.fonts.bold : bodyFonts[i]!;
      (cells[i] ?? []).slice(first, first + count).forEach((line, j) => {
        if (line === '') return;
        const lineX =
          column.align === 'right'
            ? x + widths[i]! - pad - font.widthOfTextAtSize(line, size)
            : x + pad;
        const y = flow.y - pad - size - j * lineHeight + size * 0.2;
        flow.text(line, lineX, y, size, font);
      });
      x += widths[i]!;
    });
    flow.y -= height;
    rule(flow.left, flow.y, flow.left + tableWidth, flow.y);
  };
  // A row carried onto another page names itself again, so every page says whose lines it holds.
  const continued = (cells: string[][], first: number) =>
    cells.map((lines, i) =>
      i === 0
        ? [
            ...Array<string>(first).fill(''),
            ...wrapText(`${lines.join(' ')} (continued)`, bodyFonts[0]!, size, textWidths[0]!),
          ]
        : lines,
    );
  const newPage = () => {
    closeSegment();
    flow.newPage();
  };

  const headerCells = columns.map((c, i) =>
    wrapText(c.header, flow.fonts.bold, size, textWidths[i]!),
  );
  const showHeader = opts.header ?? true;
  const headerLines = showHeader ? Math.max(...headerCells.map((c) => c.length)) : 0;
  const headerHeight = showHeader ? headerLines * lineHeight + 2 * pad : 0;
  const previousOnPage = flow.onPage;
  flow.onPage = () => {
    previousOnPage?.();
    if (showHeader) drawRow(headerCells, 0, headerLines, true);
  };
  // The header and at least one line of the first row start together.
  flow.need(headerHeight + lineHeight + 2 * pad);
  if (showHeader) drawRow(headerCells, 0, headerLines, true);

  let n = 0;
  for (const row of rows) {
    const cells = columns.map((_, i) =>
      wrapText(row[i] ?? '', bodyFonts[i]!, size, textWidths[i]!),
    );
    const lines = Math.max(1, ...cells.map((c) => c.length));
    const pageRoom = () => Math.floor((flow.y - flow.bottom - 2 * pad) / lineHeight);
    const fullPage = Math.floor((flow.top - headerHeight - flow.bottom - 2 * pad) / lineHeight);
    // Keep a row whole when it fits on a fresh page; one taller than a page starts right here.
    if (lines <= fullPage && pageRoom() < lines) newPage();
    for (let first = 0; first < lines;) {
      if (pageRoom() < 1) newPage();
      const count = Math.min(lines - first, pageRoom());
      drawRow(first === 0 ? cells : continued(cells, first), first, count, false, n);
      first += count;
    }
    n += 1;
  }
  closeSegment();
  flow.onPage = previousOnPage;
  flow.y -= 8;
}

/** "Page 3 of 12" and a label at the foot of every page, once all pages exist. */
export function numberPages(doc: PDFDocument, font: PDFFont, label: string): void {
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const size = 8;
    const text = `Page ${i + 1} of ${pages.length}`;
    const y = MARGIN - 4;
    page.drawText(label, { x: MARGIN, y, size, font, color: rgb(...INK) });
    page.drawText(text, {
      x: page.getWidth() - MARGIN - font.widthOfTextAtSize(text, size),
      y,
      size,
      font,
      color: rgb(...INK),
    });
  });
}

/** Fixed dates make the same run give the same file, byte for byte. */
export function setMetadata(doc: PDFDocument, title: string, date: Date): void {
  doc.setTitle(title);
  doc.setProducer('Clearance');
  doc.setCreator('Clearance');
  doc.setCreationDate(date);
  doc.setModificationDate(date);
}
