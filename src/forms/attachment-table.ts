import { drawPageFooter, type PleadingFonts } from './pleading';
import { wrap } from './pleading-text';
import type { PdfPage } from './pdf/pdf-builder';

/**
 * A long table attached to a paper (the bulk motion's Exhibit A, the notice of challenge's
 * Attachment A): landscape Letter pages, single-spaced 9-point rows (an attachment, not the
 * pleading's text: rule 2.108 lets it be single-spaced), the title and the column headers repeated
 * at the top of every page, and the document's page numbers and title in the footer. Rows are
 * measured first (paginate) and then drawn page by page, so a table of 50,000 rows is written as
 * it is laid out and memory holds one page at a time.
 */
export const LANDSCAPE: [number, number] = [792, 612];
/** Rule 2.107: left margin at least one inch, right at least half an inch. */
const LEFT = 72;
const RIGHT = LANDSCAPE[0] - 36;
const TOP = LANDSCAPE[1] - 42;
const FOOTER_RULE = 50;
const BOTTOM = FOOTER_RULE + 14;
const SIZE = 9;
const HEADER_SIZE = 9;
const PAD = { x: 3, y: 2.5 } as const;
const MAX_CELL_LINES = 6;
/** Fits the narrowest column at 9 points. */
export const SHORTENED_CELL = '... (shortened)';

export interface AttachmentColumn {
  header: string;
  /** Share of the table's width. */
  weight: number;
}

export interface AttachmentSpec {
  /** The first line at the top of every page, e.g. "EXHIBIT A". */
  title: string;
  /** Under it: what the table lists. */
  subtitle: string;
  columns: readonly AttachmentColumn[];
  /** The document's footer title (rule 2.110). */
  footerTitle: string;
}

export class AttachmentTable {
  private readonly widths: number[];
  private readonly lineHeight: number;

  constructor(
    private readonly spec: AttachmentSpec,
    private readonly fonts: PleadingFonts,
  ) {
    const total = spec.columns.reduce((n, c) => n + c.weight, 0);
    this.widths = spec.columns.map((c) => ((RIGHT - LEFT) * c.weight) / total);
    this.lineHeight = fonts.regular.heightAtSize(SIZE) * 1.15;
  }

  private lines(cells: readonly string[], font = this.fonts.regular, size = SIZE): string[][] {
    return cells.map((cell, i) => {
      const width = this.widths[i]! - 2 * PAD.x;
      // Nearly every cell fits its column on one line: measured, not wrapped.
      if (!cell.includes('\n') && font.widthOfTextAtSize(cell, size) <= width) return [cell];
      const lines = cell.split('\n').flatMap((part) => wrap(part, font, size, width));
      // A row never splits across pages, so a cell longer than a few lines is cut, and says so.
      if (lines.length <= MAX_CELL_LINES) return lines;
      return [...lines.slice(0, MAX_CELL_LINES - 1), SHORTENED_CELL];
    });
  }

  private height(lines: string[][]): number {
    return Math.max(1, ...lines.map((l) => l.length)) * this.lineHeight + 2 * PAD.y;
  }

  /** Where the rows start on the table's first page: under the titles and the column headers. */
  private get headerBottom(): number {
    const titles = TOP - 2 * (SIZE + 6);
    return (
      titles -
      this.height(
        this.lines(
          this.spec.columns.map((c) => c.header),
          this.fonts.bold,
        ),
      )
    );
  }

  /** The index of the first row of each page; at least one page, even for no rows. */
  paginate(rowCount: number, cellsOf: (i: number) => readonly string[]): number[] {
    const starts = [0];
    let y = this.headerBottom;
    for (let i = 0; i < rowCount; i++) {
      const h = this.height(this.lines(cellsOf(i)));
      if (y - h < BOTTOM && i > starts[starts.length - 1]!) {
        starts.push(i);
        y = this.headerBottom;
      }
      y -= h;
    }
    return starts;
  }

  /**
   * Draws rows [from, to) on `page`, with the titles, the header and the footer ("Page n of
   * total"). `empty` is printed when the table has no rows at all.
   */
  drawPage(
    page: PdfPage,
    rows: { from: number; to: number; cellsOf: (i: number) => readonly string[] },
    numbering: { n: number; total: number; continued: boolean; empty?: string },
  ): void {
    const { regular, bold } = this.fonts;
    const { title, subtitle, columns } = this.spec;
    const heading = numbering.continued ? `${title} (continued)` : title;
    page.text(heading, LEFT, TOP - SIZE, 11, bold);
    page.text(subtitle, LEFT, TOP - 2 * SIZE - 6, SIZE, regular);
    let y = TOP - 2 * (SIZE + 6);
    const xs = [LEFT];
    for (const w of this.widths) xs.push(xs[xs.length - 1]! + w);
    const drawRow = (cells: string[][], font = regular, shade = false) => {
      const h = this.height(cells);
      if (shade) page.fill({ x: LEFT, y: y - h, width: RIGHT - LEFT, height: h }, 0.9);
      cells.forEach((lines, c) =>
        lines.forEach((line, k) =>
          page.text(
            line,
            xs[c]! + PAD.x,
            y - PAD.y - (k + 1) * this.lineHeight + this.lineHeight * 0.25,
            SIZE,
            font,
          ),
        ),
      );
      page.line(LEFT, y - h, RIGHT, y - h, 0.4);
      for (const x of xs) page.line(x, y, x, y - h, 0.4);
      y -= h;
    };
    page.line(LEFT, y, RIGHT, y, 0.6);
    drawRow(
      this.lines(
        columns.map((c) => c.header),
        bold,
        HEADER_SIZE,
      ),
      bold,
      true,
    );
    for (let i = rows.from; i < rows.to; i++) drawRow(this.lines(rows.cellsOf(i)));
    if (rows.to === rows.from && numbering.empty) {
      page.text(numbering.empty, LEFT + PAD.x, y - this.lineHeight - 4, SIZE + 1, regular);
    }
    drawPageFooter(page, this.fonts, numbering.n, numbering.total, this.spec.footerTitle, {
      left: LEFT,
      right: RIGHT,
      ruleY: FOOTER_RULE,
    });
  }
}
