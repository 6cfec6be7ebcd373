import { layoutMultilineText, TextAlignment, type PDFFont } from 'pdf-lib';
import {
  stationeryOf,
  withSharedDrawing,
  type PdfBuilder,
  type PdfPage,
  type Stationery,
} from './pdf/pdf-builder';
import type { FontSet, SubsetFont } from './pdf/subset-fonts';

/** The two faces a pleading prints with. */
export interface PleadingFonts {
  regular: SubsetFont;
  bold: SubsetFont;
}

/**
 * California pleading paper (Cal. Rules of Court, rules 2.104-2.111) and a cursor that flows text,
 * form fields and table rows down it, starting a new page when the next piece does not fit.
 * Letter size; 28 numbered lines at 24 points in the left margin, a double rule to their right
 * and a single rule at the right margin; 12-point text; a footer with the page number and the
 * paper's title. Double-spaced text sits on the numbered lines; blocks the rules allow to be
 * single-spaced (attorney block, caption, tables) use the font's own line height.
 */
export const PAGE_SIZE: [number, number] = [612, 792];
export const SIZE = 12;
/** Baseline of numbered line 1, and the spacing of the numbered lines. */
const FIRST_BASELINE = 720;
const LINE_PITCH = 24;
const LINE_COUNT = 28;
/** The text column: right of the double rule, left of the right-hand rule. */
export const LEFT = 82;
export const RIGHT = 566;
const DOUBLE_RULE = [70, 73] as const;
const RIGHT_RULE = 576;
/** Nothing is drawn below this line: the descenders of numbered line 28. */
const BOTTOM = FIRST_BASELINE - (LINE_COUNT - 1) * LINE_PITCH - 5;
/** Below a baseline, the room a line's descenders need. */
const DESCENT = 4;

/** Single spacing: the line height pdf-lib gives multi-line field text, so both line up. */
export function lineHeight(font: SubsetFont, size = SIZE): number {
  return font.heightAtSize(size) * 1.2;
}

/** Wrapped lines remembered per font; past this many the memo starts over (memory stays flat). */
const WRAP_MEMO_SIZE = 5_000;
const wrapMemo = new WeakMap<SubsetFont, Map<string, readonly string[]>>();

/**
 * Greedy word wrap to `width` points for fixed text. A word wider than the line is broken
 * between characters, so nothing is drawn past the margin. The motions' fixed paragraphs are the
 * same in every motion, so their lines are remembered.
 */
export function wrap(text: string, font: SubsetFont, size: number, width: number): string[] {
  let memo = wrapMemo.get(font);
  if (!memo || memo.size >= WRAP_MEMO_SIZE) wrapMemo.set(font, (memo = new Map()));
  const key = `${size} ${width} ${text}`;
  let lines = memo.get(key);
  if (!lines) {
    lines = wrapUncached(text, font, size, width);
    memo.set(key, lines);
  }
  return [...lines];
}

function wrapUncached(text: string, font: SubsetFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut -= 1;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** pdf-lib insets a field's text by 1 point (its padding) on every side. */
const FIELD_PADDING = 1;
const MIN_FIELD_SIZE = 8;

/** A field's value as it will print: its text, font size and number of lines. */
export interface FittedText {
  value: string;
  size: number;
  lines: number;
}

/** The field's bounds inside its rectangle, as pdf-lib's appearance provider computes them. */
function fieldBounds(rect: { width: number; height: number }) {
  return {
    x: FIELD_PADDING,
    y: FIELD_PADDING,
    width: rect.width - 2 * FIELD_PADDING,
    height: rect.height - 2 * FIELD_PADDING,
  };
}

/**
 * pdf-lib's own line breaking and placement for a multi-line field, so what a motion shows is what
 * a viewer redrawing the field would show. It reads only the font's widths, heights and glyph
 * codes, which SubsetFont answers exactly as pdf-lib's PDFFont does.
 */
function layoutField(
  value: string,
  font: SubsetFont,
  size: number,
  bounds: { x: number; y: number; width: number; height: number },
  align: TextAlignment = TextAlignment.Left,
) {
  return layoutMultilineText(value, {
    alignment: align,
    fontSize: size,
    font: font as unknown as PDFFont,
    bounds,
  }).lines;
}

/**
 * How pdf-lib will lay out `value` in a multi-line field whose text is `width` wide, at the
 * largest size from SIZE down to MIN_FIELD_SIZE at which no word overflows the field (pdf-lib
 * does not break a word, and its appearance clips what overflows) and its lines take at most
 * `maxHeight`. A word too wide even at the smallest size gets newlines inside it: the one change
 * made to a value, and only where it could not print whole.
 */
export function fitFieldText(
  text: string,
  font: SubsetFont,
  width: number,
  maxHeight = Infinity,
): FittedText {
  // Composed accents: pdf-lib draws a combining mark as a glyph of its own after its letter.
  const value = text.normalize('NFC');
  for (let s = SIZE; s >= MIN_FIELD_SIZE; s -= 1) {
    const lines = layoutLines(value, font, s, width);
    const fits = lines.every((l) => l.width < width);
    if (fits && (lines.length * lineHeight(font, s) <= maxHeight || s === MIN_FIELD_SIZE)) {
      return { value, size: s, lines: lines.length };
    }
  }
  const broken = breakLongWords(value, font, MIN_FIELD_SIZE, width);
  const lines = layoutLines(broken, font, MIN_FIELD_SIZE, width).length;
  return { value: broken, size: MIN_FIELD_SIZE, lines };
}

/** Puts a newline inside each word too wide for the field; spaces are left for pdf-lib. */
function breakLongWords(value: string, font: SubsetFont, size: number, width: number): string {
  return value.replace(/\S+/g, (word) =>
    font.widthOfTextAtSize(word, size) < width
      ? word
      : wrap(word, font, size, width - 1).join('\n'),
  );
}

/** pdf-lib's own line breaking for a multi-line field whose text is `width` wide. */
function layoutLines(value: string, font: SubsetFont, size: number, width: number) {
  return layoutField(value, font, size, { x: 0, y: 0, width, height: 1e6 });
}

export interface FieldSpec {
  name: string;
  value: string;
  /** x and width are the text's; the field's rectangle adds pdf-lib's padding around it. */
  x: number;
  width: number;
  /** Baseline of the field's first line. */
  baseline: number;
  /** Shrink the text (not below MIN_FIELD_SIZE) rather than grow past this height. */
  maxHeight?: number;
  font?: SubsetFont;
  align?: TextAlignment;
}

/**
 * A pleading being written: its pages, its form, and a cursor `y` (the top of the free space on
 * the current page). Everything drawn goes through here so that page breaks are decided in one
 * place; `onNewPage` draws what a continuation page carries at its top.
 */
export class Pleading {
  page!: PdfPage;
  y = 0;
  onNewPage: (pleading: Pleading) => void = () => {};
  /** The text and size each field shows, fixed where it is first placed. */
  private readonly fits = new Map<string, FittedText>();

  /**
   * `flatten` draws each field's text exactly where its widget would show it, instead of making
   * the field: the same page without a form.
   */
  constructor(
    readonly doc: PdfBuilder,
    readonly fonts: PleadingFonts,
    readonly flatten = false,
  ) {
    this.addPage();
  }

  get pageCount(): number {
    return this.doc.pages.length;
  }

  /** The height of a page's text area, top to bottom. */
  get bodyHeight(): number {
    return FIRST_BASELINE + this.single - DESCENT - BOTTOM;
  }

  /** Room left on this page below the cursor. */
  get room(): number {
    return this.y - BOTTOM;
  }

  /** Single-spaced line height at the body size. */
  get single(): number {
    return lineHeight(this.fonts.regular);
  }

  addPage(): void {
    this.page = this.doc.addPage(...PAGE_SIZE);
    this.page.show(PAPER);
    this.y = FIRST_BASELINE + this.single - DESCENT;
    if (this.pageCount > 1) this.onNewPage(this);
  }

  /** Starts a new page unless `height` points fit above the bottom margin; true if it did. */
  ensure(height: number): boolean {
    if (this.y - height >= BOTTOM) return false;
    this.addPage();
    return true;
  }

  /** Moves down to numbered line `n` (1-based) unless the cursor is already past it. */
  toLine(n: number): void {
    const y = FIRST_BASELINE - (n - 1) * LINE_PITCH + this.single - DESCENT;
    if (this.y > y) this.y = y;
    else this.toNumberedLine();
  }

  /** Baseline of the next single-spaced line; the line takes `single` points. */
  nextBaseline(): number {
    return this.y - (this.single - DESCENT);
  }

  /** Moves the cursor so the next single-spaced line sits on the next numbered line. */
  toNumberedLine(): void {
    const index = Math.ceil((FIRST_BASELINE - this.nextBaseline()) / LINE_PITCH - 1e-6);
    if (index < LINE_COUNT) {
      this.y = FIRST_BASELINE - index * LINE_PITCH + this.single - DESCENT;
      return;
    }
    this.addPage();
    // A continuation header may have left the cursor between lines.
    this.toNumberedLine();
  }

  /** Leaves `points` of space (no page break: space at the bottom of a page is harmless). */
  gap(points: number): void {
    this.y -= points;
  }

  /** Fixed text at a baseline, left-aligned at x, or centred/right-aligned in [x, x+width]. */
  text(
    text: string,
    at: { x: number; baseline: number; width?: number; align?: 'center' | 'right' },
    font = this.fonts.regular,
    size = SIZE,
  ): void {
    const w = font.widthOfTextAtSize(text, size);
    const span = at.width ?? 0;
    const x =
      at.align === 'center' ? at.x + (span - w) / 2 : at.align === 'right' ? at.x + span - w : at.x;
    this.page.text(text, x, at.baseline, size, font);
  }

  /**
   * Wrapped fixed text, single-spaced (or on every numbered line when `double`), breaking pages
   * between lines. `indent` indents the first line, `hanging` the others.
   */
  paragraph(
    text: string,
    opts: {
      double?: boolean;
      indent?: number;
      hanging?: number;
      bold?: boolean;
      align?: 'center';
      x?: number;
      width?: number;
    } = {},
  ): void {
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const x = opts.x ?? LEFT;
    const width = opts.width ?? RIGHT - x;
    const first = opts.indent ?? 0;
    const rest = opts.hanging ?? 0;
    const lines = wrapIndented(text, font, width, first, rest);
    lines.forEach((line, i) => {
      if (opts.double) this.toNumberedLine();
      else this.ensure(this.single);
      const dx = i === 0 ? first : rest;
      const baseline = this.nextBaseline();
      this.text(line, { x: x + dx, baseline, width: width - dx, align: opts.align }, font);
      this.y -= this.single;
    });
  }

  /**
   * A text field whose first line sits on `spec.baseline`, as tall as its wrapped value needs;
   * returns the y of its bottom edge. A name used again adds another widget to the same field,
   * so both places show (and edit) one value.
   */
  field(spec: FieldSpec): number {
    const font = spec.font ?? this.fonts.regular;
    const fit = this.fitFor(spec, font);
    const lh = lineHeight(font, fit.size);
    const top = spec.baseline + FIELD_PADDING + lh;
    const bottom = spec.baseline - (fit.lines - 1) * lh - DESCENT;
    // The rectangle reaches past the text by pdf-lib's padding, so the text itself starts at x.
    const rect = {
      x: spec.x - FIELD_PADDING,
      y: bottom,
      width: spec.width + 2 * FIELD_PADDING,
      height: top - bottom,
    };
    if (!this.fits.has(spec.name)) this.fits.set(spec.name, fit);
    // What the field shows inside its rectangle (the widget's or, flattened, the page's).
    const lines = layoutField(fit.value, font, fit.size, fieldBounds(rect), spec.align);
    if (this.flatten) {
      for (const l of lines) this.page.text(l.text, rect.x + l.x, rect.y + l.y, fit.size, font);
    } else {
      const align = spec.align ?? TextAlignment.Left;
      const field = { value: fit.value, font, size: fit.size, align };
      this.doc.textWidget(spec.name, field, this.page, rect, lines);
    }
    return bottom;
  }

  /**
   * A field's widgets share one value and one font size, so a field placed again keeps what its
   * first place chose and only its line count follows the new width. (Callers place a field again
   * only where it is at least as wide, so no word can overflow there.)
   */
  private fitFor(spec: FieldSpec, font: SubsetFont): FittedText {
    const known = this.fits.get(spec.name);
    if (!known) return fitFieldText(spec.value, font, spec.width, spec.maxHeight);
    return { ...known, lines: layoutLines(known.value, font, known.size, spec.width).length };
  }

  /** A check box whose bottom sits just under `baseline`, `size` points square. */
  checkBox(name: string, x: number, baseline: number, size = 10): void {
    const rect = { x, y: baseline - 1, width: size, height: size };
    if (this.flatten) this.page.frame(rect, 1);
    else this.doc.checkBox(name, this.page, rect);
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness = 0.75): void {
    this.page.line(x1, y1, x2, y2, thickness);
  }

  /** Shades a rectangle (table header). */
  shade(x: number, y: number, width: number, height: number): void {
    this.page.fill({ x, y, width, height }, 0.9);
  }

  /** Footers on every page, once the page count is known. */
  finish(title: string): void {
    const { pages } = this.doc;
    pages.forEach((page, i) =>
      drawFooter(page, this.fonts, `Page ${i + 1} of ${pages.length}`, title),
    );
  }
}

function wrapIndented(
  text: string,
  font: SubsetFont,
  width: number,
  first: number,
  rest: number,
): string[] {
  const [head = '', ...tail] = wrap(text, font, SIZE, width - first);
  if (tail.length === 0) return [head];
  return [head, ...wrap(tail.join(' '), font, SIZE, width - rest)];
}

const PAPER = 'Paper';
const stationery = new WeakMap<FontSet, Stationery>();

/** The fonts and the ruled, numbered paper that every page of a pleading is printed on. */
export function pleadingStationery(fonts: FontSet): Stationery {
  let known = stationery.get(fonts);
  if (!known) {
    const [width, height] = PAGE_SIZE;
    known = withSharedDrawing(stationeryOf(fonts), PAPER, { width, height }, (page) =>
      drawPaper(page, fonts.regular),
    );
    stationery.set(fonts, known);
  }
  return known;
}

/** The ruled and numbered paper itself. */
function drawPaper(page: PdfPage, font: SubsetFont): void {
  const [, height] = PAGE_SIZE;
  const rule = (x: number) => page.line(x, 0, x, height, 0.6);
  DOUBLE_RULE.forEach(rule);
  rule(RIGHT_RULE);
  for (let n = 1; n <= LINE_COUNT; n++) {
    const label = String(n);
    const y = FIRST_BASELINE - (n - 1) * LINE_PITCH;
    const x = DOUBLE_RULE[0] - 8 - font.widthOfTextAtSize(label, SIZE);
    page.text(label, x, y, SIZE, font);
  }
}

/** Page number above a rule, the paper's title under it (rule 2.110: at least 10 points). */
function drawFooter(page: PdfPage, fonts: PleadingFonts, pageLabel: string, title: string): void {
  const center = (text: string, y: number, font: SubsetFont, size: number) =>
    page.text(text, (LEFT + RIGHT - font.widthOfTextAtSize(text, size)) / 2, y, size, font);
  const ruleY = BOTTOM - 18;
  center(pageLabel, ruleY + 5, fonts.regular, 10);
  page.line(LEFT, ruleY, RIGHT, ruleY, 0.6);
  wrap(title, fonts.regular, 10, RIGHT - LEFT).forEach((line, i) =>
    center(line, ruleY - 11 - i * 11, fonts.regular, 10),
  );
}

export interface FieldColumn {
  header: string;
  width: number;
}

export interface FieldCell {
  name: string;
  value: string;
}

/** Inside a table cell: room between the rules and the text. */
const CELL_PAD = { x: 3, y: 2 } as const;

/**
 * A ruled table whose every cell is a text field. A row grows to its tallest wrapped cell and
 * never splits; when it does not fit, the table continues on a new page under a repeated header.
 */
export function fieldTable(p: Pleading, columns: FieldColumn[], rows: FieldCell[][]): void {
  const xs = columnEdges(columns);
  const header = () => tableHeader(p, columns, xs);
  p.ensure(tableLeadHeight(p, columns, rows));
  header();
  for (const row of rows) {
    const height = rowHeight(p, columns, row);
    if (p.ensure(height)) header();
    const top = p.y;
    row.forEach((cell, i) => {
      p.field({
        ...cell,
        x: xs[i]! + CELL_PAD.x,
        width: columns[i]!.width - 2 * CELL_PAD.x,
        baseline: top - CELL_PAD.y - (p.single - DESCENT),
        maxHeight: maxCellHeight(p),
      });
    });
    p.y = top - height;
    tableRules(p, xs, top, p.y);
  }
}

/** The header and first row: what must fit under a heading so the heading is not left alone. */
export function tableLeadHeight(p: Pleading, columns: FieldColumn[], rows: FieldCell[][]): number {
  return headerHeight(p, columns) + (rows[0] ? rowHeight(p, columns, rows[0]) : 0);
}

function columnEdges(columns: FieldColumn[]): number[] {
  const xs = [LEFT];
  for (const c of columns) xs.push(xs[xs.length - 1]! + c.width);
  return xs;
}

function headerLines(p: Pleading, columns: FieldColumn[]): string[][] {
  return columns.map((c) => wrap(c.header, p.fonts.bold, SIZE, c.width - 2 * CELL_PAD.x));
}

function headerHeight(p: Pleading, columns: FieldColumn[]): number {
  return Math.max(...headerLines(p, columns).map((l) => l.length)) * p.single + 2 * CELL_PAD.y;
}

function tableHeader(p: Pleading, columns: FieldColumn[], xs: number[]): void {
  const top = p.y;
  const height = headerHeight(p, columns);
  p.shade(LEFT, top - height, xs[xs.length - 1]! - LEFT, height);
  headerLines(p, columns).forEach((lines, i) => {
    lines.forEach((line, k) => {
      const baseline = top - CELL_PAD.y - (p.single - DESCENT) - k * p.single;
      p.text(line, { x: xs[i]! + CELL_PAD.x, baseline }, p.fonts.bold);
    });
  });
  p.y = top - height;
  p.line(LEFT, top, xs[xs.length - 1]!, top);
  tableRules(p, xs, top, p.y);
}

/**
 * A row never splits, so a cell's text may take at most three quarters of a page (under the repeated
 * header and a continuation page's heading); longer text is set smaller instead.
 */
function maxCellHeight(p: Pleading): number {
  return p.bodyHeight * 0.75;
}

function rowHeight(p: Pleading, columns: FieldColumn[], row: FieldCell[]): number {
  const heights = row.map((cell, i) => {
    const width = columns[i]!.width - 2 * CELL_PAD.x;
    const fit = fitFieldText(cell.value, p.fonts.regular, width, maxCellHeight(p));
    return fit.lines * lineHeight(p.fonts.regular, fit.size);
  });
  return Math.max(...heights) + 2 * CELL_PAD.y;
}

/** The bottom rule of a row and the column rules beside it. */
function tableRules(p: Pleading, xs: number[], top: number, bottom: number): void {
  p.line(xs[0]!, bottom, xs[xs.length - 1]!, bottom, 0.5);
  for (const x of xs) p.line(x, top, x, bottom, 0.5);
}
