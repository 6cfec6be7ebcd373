import { TextAlignment } from 'pdf-lib';
import {
  stationeryOf,
  withSharedDrawing,
  type PdfBuilder,
  type PdfPage,
  type Stationery,
} from './pdf/pdf-builder';
import type { FontSet, SubsetFont } from './pdf/subset-fonts';
import {
  FIELD_PADDING,
  fieldBounds,
  fitFieldText,
  layoutField,
  layoutLines,
  lineHeight,
  SIZE,
  wrap,
  type FittedText,
} from './pleading-text';

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
export const DESCENT = 4;

/**
 * A page that cannot be laid out (a person's papers are then listed as not made, with this
 * message as the reason): says what does not fit, never what the text is.
 */
export class LayoutError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'LayoutError';
  }
}

/** A field without a height of its own takes at most this many body lines; longer is shortened. */
const FIELD_MAX_LINES = 6;

export interface FieldSpec {
  name: string;
  value: string;
  /** x and width are the text's; the field's rectangle adds pdf-lib's padding around it. */
  x: number;
  width: number;
  /** Baseline of the field's first line. */
  baseline: number;
  /**
   * Shrink the text (not below MIN_FIELD_SIZE), then shorten it with a note, rather than grow past
   * this height; FIELD_MAX_LINES body lines when not given.
   */
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

  /**
   * Moves the cursor so the next single-spaced line sits on the next numbered line, on a new page
   * when this one has none left. A loop, not a call of itself: a continuation header that leaves
   * no numbered line free would otherwise add pages until the stack ran out.
   */
  toNumberedLine(): void {
    for (let pages = 0; ; pages++) {
      const index = Math.ceil((FIRST_BASELINE - this.nextBaseline()) / LINE_PITCH - 1e-6);
      if (index < LINE_COUNT) {
        this.y = FIRST_BASELINE - index * LINE_PITCH + this.single - DESCENT;
        return;
      }
      if (pages > 0) throw new LayoutError('the heading of a new page leaves no line free');
      this.addPage();
    }
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
    const fit = this.fitFor(
      { ...spec, maxHeight: spec.maxHeight ?? FIELD_MAX_LINES * this.single },
      font,
    );
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

  /**
   * One button of the radio group `name` (one choice among its buttons), bottom just under
   * `baseline`; flattened, an empty box to tick by hand.
   */
  radioButton(name: string, option: string, x: number, baseline: number, size = 10): void {
    const rect = { x, y: baseline - 1, width: size, height: size };
    if (this.flatten) this.page.frame(rect, 1);
    else this.doc.radioButton(name, option, this.page, rect);
  }

  line(x1: number, y1: number, x2: number, y2: number, thickness = 0.75): void {
    this.page.line(x1, y1, x2, y2, thickness);
  }

  /** Shades a rectangle (table header). */
  shade(x: number, y: number, width: number, height: number): void {
    this.page.fill({ x, y, width, height }, 0.9);
  }

  /**
   * Footers on every page, once the page count is known. `total` is the whole document's page
   * count when more pages follow these (the bulk motion's exhibit, written page by page), and
   * `firstNumber` the number of the first of these when pages come before them.
   */
  finish(title: string, total = this.doc.pages.length, firstNumber = 1): void {
    this.doc.pages.forEach((page, i) =>
      drawPageFooter(page, this.fonts, firstNumber + i, total, title),
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

/**
 * Page number above a rule, the paper's title under it (rule 2.110: at least 10 points), on a
 * page of any width (an exhibit's landscape pages too): centred between `left` and `right`.
 */
export function drawPageFooter(
  page: PdfPage,
  fonts: PleadingFonts,
  n: number,
  total: number,
  title: string,
  { left = LEFT, right = RIGHT, ruleY = BOTTOM - 18 } = {},
): void {
  const pageLabel = `Page ${n} of ${total}`;
  const center = (text: string, y: number, font: SubsetFont, size: number) =>
    page.text(text, (left + right - font.widthOfTextAtSize(text, size)) / 2, y, size, font);
  center(pageLabel, ruleY + 5, fonts.regular, 10);
  page.line(left, ruleY, right, ruleY, 0.6);
  wrap(title, fonts.regular, 10, right - left).forEach((line, i) =>
    center(line, ruleY - 11 - i * 11, fonts.regular, 10),
  );
}
