import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * The TrueType fonts the court papers embed: Liberation Serif 2 (SIL Open Font License, see
 * licenses/Liberation-Fonts-OFL.txt at the top of the repository), metric-compatible with Times
 * New Roman, the face courts expect. pdf-lib's standard fonts only encode WinAnsi, so a name such as "NÚÑEZ, JOSÉ" or one
 * with a Polish or Vietnamese letter needs a font of our own.
 *
 * The bytes come from the caller so that the same layout code runs in Node (read from disk:
 * readNodeFormFonts) and in the browser (fetched from the app's own origin: fonts-browser.ts).
 */
export interface FormFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** The fonts embedded in one document. */
export interface EmbeddedFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export const FONT_FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
} as const;

/**
 * Glyphs an editable document's subset carries besides those printed: printable ASCII and the
 * Latin-1 letters. A subset holds only the glyphs a document uses, and a viewer that draws a
 * corrected field with the embedded font (Firefox maps typed text through the font's ToUnicode
 * table) can only use glyphs that are there; viewers that cannot substitute a font of their own.
 */
export const EDITING_CHARACTERS =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
  '§°ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿ‘’“”–—';

/**
 * fontkit parses a 400 KB font in tens of milliseconds; ten thousand motions must not parse it
 * ten thousand times. pdf-lib asks its registered fontkit to create the font for every document,
 * so this wrapper hands back the font already parsed from the same bytes. A parsed font is only
 * read afterwards (each document makes its own subset of it), so sharing it is safe.
 */
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type ParsedFont = ReturnType<Fontkit['create']>;
const parsed = new WeakMap<Uint8Array, ParsedFont>();
const cachingFontkit: Fontkit = {
  create(bytes, postscriptName) {
    let font = postscriptName ? undefined : parsed.get(bytes);
    if (!font) {
      font = memoizeLayout(fontkit.create(bytes, postscriptName));
      if (!postscriptName) parsed.set(bytes, font);
    }
    return font;
  },
};

/** Distinct strings remembered per font; past this the memo starts over (memory stays flat). */
const LAYOUT_MEMO_SIZE = 20_000;

/**
 * pdf-lib measures and encodes every string through fontkit's full OpenType shaping, which was
 * nine tenths of a motion's time: word wrap measures each candidate line, field layout each
 * candidate split. Shaping is a pure function of the text, and the same fixed wording recurs in
 * every motion, so the font remembers its results. Everything (our wrap, pdf-lib's field
 * layout, its encoding) goes through this one function, so measurements always agree.
 */
function memoizeLayout(font: ParsedFont): ParsedFont {
  const layout = font.layout.bind(font);
  let memo = new Map<string, ReturnType<ParsedFont['layout']>>();
  font.layout = (text, features) => {
    if (features !== undefined) return layout(text, features);
    let run = memo.get(text);
    if (!run) {
      if (memo.size >= LAYOUT_MEMO_SIZE) memo = new Map();
      run = layout(text);
      memo.set(text, run);
    }
    return run;
  };
  return font;
}

/**
 * Embeds both faces into `doc` as subsets; `editable` documents (form fields left for staff to
 * correct) also carry the EDITING_CHARACTERS.
 */
export async function embedFormFonts(
  doc: PDFDocument,
  fonts: FormFonts,
  { editable = false } = {},
): Promise<EmbeddedFonts> {
  doc.registerFontkit(cachingFontkit);
  const [regular, bold] = await Promise.all([
    doc.embedFont(fonts.regular, { subset: true }),
    doc.embedFont(fonts.bold, { subset: true }),
  ]);
  // Staff edit the fields, set in the regular face; the bold one prints fixed text only.
  if (editable) regular.encodeText(EDITING_CHARACTERS);
  return { regular, bold };
}

/**
 * Reads the fonts from this folder in Node (CLI, tests). process.getBuiltinModule keeps `node:fs`
 * out of the module graph, so this file can also be bundled for the browser, which never calls it.
 */
export async function readNodeFormFonts(): Promise<FormFonts> {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs/promises');
  if (!fs) throw new Error('readNodeFormFonts runs in Node only; the browser fetches the fonts');
  // import.meta.url through a variable: Vite rewrites `new URL('…', import.meta.url)` into an asset.
  const here = import.meta.url;
  const folder = new URL('./font-files/', here);
  const read = async (file: string) => new Uint8Array(await fs.readFile(new URL(file, folder)));
  const [regular, bold] = await Promise.all([read(FONT_FILES.regular), read(FONT_FILES.bold)]);
  return { regular, bold };
}
