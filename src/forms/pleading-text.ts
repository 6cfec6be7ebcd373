/**
 * Measuring text for pleading paper: the body size, single-spaced line height, word wrap for fixed
 * text, and how pdf-lib will lay out a form field's value, so that what a motion prints is what a
 * viewer redrawing its fields shows.
 */
import { layoutMultilineText, TextAlignment, type PDFFont } from 'pdf-lib';
import { breakWord } from './break-word';
import type { SubsetFont } from './pdf/subset-fonts';

/** The body text's size in points (12-point text, as the rules of court require). */
export const SIZE = 12;

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
    const pieces = breakWord(word, font, size, width);
    line = pieces.pop()!;
    lines.push(...pieces);
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/** pdf-lib insets a field's text by 1 point (its padding) on every side. */
export const FIELD_PADDING = 1;
const MIN_FIELD_SIZE = 8;

/** A field's value as it will print: its text, font size and number of lines. */
export interface FittedText {
  value: string;
  size: number;
  lines: number;
}

/** The field's bounds inside its rectangle, as pdf-lib's appearance provider computes them. */
export function fieldBounds(rect: { width: number; height: number }) {
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
export function layoutField(
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

/** What a field shows after a value cut short to fit its box: the full value is in the results. */
export const SHORTENED_NOTE = '... (shortened: see the court data file)';

/**
 * No field shows more characters than this (a page of the widest field holds fewer), so a value
 * of any length costs the same; what is cut is marked with SHORTENED_NOTE.
 */
const MAX_FIELD_CHARACTERS = 4_000;

/**
 * How pdf-lib will lay out `value` in a multi-line field whose text is `width` wide, at the
 * largest size from SIZE down to MIN_FIELD_SIZE at which no word overflows the field (pdf-lib
 * does not break a word, and its appearance clips what overflows) and its lines take at most
 * `maxHeight`. A word too wide even at the smallest size gets newlines inside it, and a value too
 * long for `maxHeight` even at the smallest size is cut, set line by line, and ends with
 * SHORTENED_NOTE: the only changes made to a value, and only where it could not print whole.
 */
export function fitFieldText(
  text: string,
  font: SubsetFont,
  width: number,
  maxHeight = Infinity,
): FittedText {
  // Composed accents: pdf-lib draws a combining mark as a glyph of its own after its letter.
  const value = text.normalize('NFC');
  const maxLines = Math.max(1, Math.floor(maxHeight / lineHeight(font, MIN_FIELD_SIZE)));
  // pdf-lib's line breaking takes time that grows with the cube of a line's length, so a value
  // plainly too long for the field (by this linear wrap) is never given to it whole.
  const capped = [...value].slice(0, MAX_FIELD_CHARACTERS + 1).join('');
  const plainLines = wrapUncached(capped, font, MIN_FIELD_SIZE, width - 1);
  if (capped.length < value.length || plainLines.length > maxLines + 1) {
    return shortened(plainLines, font, width, maxLines);
  }
  for (let s = SIZE; s >= MIN_FIELD_SIZE; s -= 1) {
    const lines = layoutLines(value, font, s, width);
    const fits = lines.every((l) => l.width < width);
    if (fits && lines.length * lineHeight(font, s) <= maxHeight) {
      return { value, size: s, lines: lines.length };
    }
  }
  const broken = breakLongWords(value, font, MIN_FIELD_SIZE, width);
  const lines = layoutLines(broken, font, MIN_FIELD_SIZE, width).length;
  if (lines <= maxLines) return { value: broken, size: MIN_FIELD_SIZE, lines };
  return shortened(plainLines, font, width, maxLines);
}

/**
 * A value too long for its field, at the smallest size: as many of its wrapped lines as leave
 * room for SHORTENED_NOTE, then the note on a line of its own. The lines are joined with
 * newlines, so pdf-lib (and any viewer) breaks them exactly there.
 */
function shortened(
  wrapped: readonly string[],
  font: SubsetFont,
  width: number,
  maxLines: number,
): FittedText {
  const note = wrapUncached(SHORTENED_NOTE, font, MIN_FIELD_SIZE, width - 1);
  const kept = wrapped.slice(0, Math.max(0, maxLines - note.length));
  const value = [...kept, ...note].join('\n');
  return {
    value,
    size: MIN_FIELD_SIZE,
    lines: layoutLines(value, font, MIN_FIELD_SIZE, width).length,
  };
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
export function layoutLines(value: string, font: SubsetFont, size: number, width: number) {
  return layoutField(value, font, size, { x: 0, y: 0, width, height: 1e6 });
}
