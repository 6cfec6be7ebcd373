import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFRef,
  PDFStream,
  type PDFFont,
  type PDFObject,
} from 'pdf-lib';
import { EDITING_CHARACTERS, embedFormFonts, type FormFonts } from '../fonts';
import { tagSubsetFonts } from './font-tags';

/**
 * The fonts of the motions, embedded once and copied into every document byte for byte.
 *
 * pdf-lib subsets and compresses each font again for every document, which was half of a
 * motion's time. A motion's printed text and its fields' editing characters are nearly always
 * the same set (printable ASCII, the Latin-1 letters, typographic quotes and dashes), so the
 * subsets are made once, by pdf-lib itself, and their PDF objects serialised. A person whose
 * name or case number has a character outside that set gets a font set made for it (cached).
 */
export interface FontSet {
  regular: SubsetFont;
  bold: SubsetFont;
  /** The font objects ("n 0 obj ... endobj"), ready to copy into a document. */
  objects: Uint8Array;
  /** Offset of each object inside `objects`, by object number. */
  offsets: ReadonlyMap<number, number>;
  /** Documents number their own objects from here. */
  firstFreeObjectNumber: number;
}

interface Glyph {
  /**
   * The glyph's id in the subset as the two bytes Identity-H reads, one character per byte,
   * escaped for a PDF literal string: half the size of hex, in every line of every motion.
   */
  code: string;
  /** Advance width at size 1000. */
  width: number;
}

/**
 * One embedded face: what pdf-lib's PDFFont answers for layout (widths, heights, glyph codes),
 * read from pdf-lib character by character, so measurements and printed glyphs always agree.
 */
export class SubsetFont {
  constructor(
    /** The font's name in every resource dictionary and field /DA, as pdf-lib names it. */
    readonly name: string,
    readonly objectNumber: number,
    private readonly glyphs: ReadonlyMap<string, Glyph>,
    private readonly height: { full: number; noDescender: number },
  ) {}

  widthOfTextAtSize(text: string, size: number): number {
    let width = 0;
    for (const ch of text) width += this.glyph(ch).width;
    return (width * size) / 1000;
  }

  heightAtSize(size: number, options: { descender?: boolean } = {}): number {
    const ratio = options.descender === false ? this.height.noDescender : this.height.full;
    return ratio * size;
  }

  /**
   * The text as a PDF literal string of glyph ids, e.g. for `(...) Tj`. Its characters are bytes
   * (0-255): write it with latin1Bytes, not as UTF-8.
   */
  encodeText(text: string): string {
    let code = '(';
    for (const ch of text) code += this.glyph(ch).code;
    return `${code})`;
  }

  private glyph(ch: string): Glyph {
    const glyph = this.glyphs.get(ch);
    // Callers pick a font set that covers every character they print (fontSetFor).
    if (!glyph) throw new Error(`The embedded font has no glyph for U+${ch.codePointAt(0)}`);
    return glyph;
  }
}

/**
 * The characters every font set carries; others are added per person when needed. The regular
 * face prints the values and is what staff type corrections in, so it carries the editing
 * characters; the bold face prints only fixed headings and the court's name, so printable ASCII.
 */
const BASE = {
  regular: uniqueCharacters(EDITING_CHARACTERS),
  bold: uniqueCharacters(EDITING_CHARACTERS.slice(0, EDITING_CHARACTERS.indexOf('~') + 1)),
};

/** A glyph id's two bytes inside a literal string: \\, ( and ) escaped, and CR (read as LF). */
function literalBytes(id: number): string {
  const byte = (b: number) =>
    b === 0x5c || b === 0x28 || b === 0x29
      ? `\\${String.fromCharCode(b)}`
      : b === 0x0d
        ? '\\r'
        : String.fromCharCode(b);
  return byte(id >> 8) + byte(id & 0xff);
}

function uniqueCharacters(text: string): string[] {
  return [...new Set(text.normalize('NFC'))].filter((ch) => ch !== '\n');
}

const BASE_LOOKUP = { regular: new Set(BASE.regular), bold: new Set(BASE.bold) };

function covered(texts: readonly string[], characters: ReadonlySet<string>): boolean {
  for (const text of texts) for (const ch of text) if (!characters.has(ch)) return false;
  return true;
}

/** Font sets made for uncommon characters, by those characters; a handful at most per run. */
const MAX_CACHED_SETS = 32;
const cache = new WeakMap<FormFonts, Map<string, Promise<FontSet>>>();

/** The texts each face will print, besides the fixed wording (which the base sets cover). */
export interface FaceTexts {
  regular: readonly string[];
  bold: readonly string[];
}

/** A font set whose faces cover every character of their texts (that the font file has). */
export function fontSetFor(fonts: FormFonts, texts: FaceTexts): Promise<FontSet> {
  // Nearly every motion: nothing beyond the base sets, so no list of characters to make.
  if (covered(texts.regular, BASE_LOOKUP.regular) && covered(texts.bold, BASE_LOOKUP.bold)) {
    return remembered(fonts, '\n', () => buildFontSet(fonts, BASE));
  }
  const extra = (face: keyof FaceTexts) =>
    [...new Set(texts[face].flatMap(uniqueCharacters))]
      .filter((ch) => !BASE_LOOKUP[face].has(ch))
      .sort();
  const regular = extra('regular');
  const bold = extra('bold');
  return remembered(fonts, `${regular.join('')}\n${bold.join('')}`, () =>
    buildFontSet(fonts, { regular: [...BASE.regular, ...regular], bold: [...BASE.bold, ...bold] }),
  );
}

/** The font set cached under `key` (its extra characters), built once; a failed build is not kept. */
function remembered(
  fonts: FormFonts,
  key: string,
  build: () => Promise<FontSet>,
): Promise<FontSet> {
  let sets = cache.get(fonts);
  if (!sets) cache.set(fonts, (sets = new Map()));
  let set = sets.get(key);
  if (!set) {
    if (sets.size >= MAX_CACHED_SETS) sets.clear();
    set = build();
    sets.set(key, set);
    set.catch(() => sets.delete(key));
  }
  return set;
}

async function buildFontSet(
  fonts: FormFonts,
  characters: Record<keyof FaceTexts, string[]>,
): Promise<FontSet> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const embedded = await embedFormFonts(doc, fonts);
  const read = (font: PDFFont, face: keyof FaceTexts) => {
    const glyphs = new Map<string, Glyph>();
    // One character at a time: no ligature or other shaping joins two characters into a glyph.
    for (const ch of characters[face]) {
      glyphs.set(ch, {
        code: literalBytes(Number.parseInt(font.encodeText(ch).toString().slice(1, -1), 16)),
        width: font.widthOfTextAtSize(ch, 1000),
      });
    }
    const height = {
      full: font.heightAtSize(1000) / 1000,
      noDescender: font.heightAtSize(1000, { descender: false }) / 1000,
    };
    return new SubsetFont(font.name, font.ref.objectNumber, glyphs, height);
  };
  const regular = read(embedded.regular, 'regular');
  const bold = read(embedded.bold, 'bold');
  // Writes the subsets into the document's objects.
  await doc.flush();
  tagSubsetFonts(doc.context);
  const { objects, offsets } = serialise(doc, [embedded.regular.ref, embedded.bold.ref]);
  return {
    regular,
    bold,
    objects,
    offsets,
    firstFreeObjectNumber: doc.context.largestObjectNumber + 1,
  };
}

/** The objects reachable from `roots`, as a PDF writer lays them out, keeping their numbers. */
function serialise(doc: PDFDocument, roots: PDFRef[]) {
  const { context } = doc;
  const found = new Map<number, [PDFRef, PDFObject]>();
  const visit = (value: PDFObject | undefined): void => {
    if (value instanceof PDFRef) {
      if (found.has(value.objectNumber)) return;
      const target = context.lookup(value);
      if (!target) return;
      found.set(value.objectNumber, [value, target]);
      visit(target);
    } else if (value instanceof PDFDict) {
      for (const [, entry] of value.entries()) visit(entry);
    } else if (value instanceof PDFArray) {
      for (const entry of value.asArray()) visit(entry);
    } else if (value instanceof PDFStream) {
      visit(value.dict);
    }
  };
  roots.forEach(visit);
  const encoder = new TextEncoder();
  const ordered = [...found.values()].sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const heads = ordered.map(([ref]) => encoder.encode(`${ref.objectNumber} 0 obj\n`));
  const tail = encoder.encode('\nendobj\n');
  const size = ordered.reduce(
    (n, [, obj], i) => n + heads[i]!.length + obj.sizeInBytes() + tail.length,
    0,
  );
  const objects = new Uint8Array(size);
  const offsets = new Map<number, number>();
  let at = 0;
  ordered.forEach(([ref, obj], i) => {
    offsets.set(ref.objectNumber, at);
    objects.set(heads[i]!, at);
    at += heads[i]!.length;
    at += obj.copyBytesInto(objects, at);
    objects.set(tail, at);
    at += tail.length;
  });
  return { objects, offsets };
}
